from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reentry.imports"
    verbose_name = _("Nhập dữ liệu từ tệp")
