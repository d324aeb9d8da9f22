from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "reentry.support"
    label = "support"
    verbose_name = _("Hỗ trợ tái hòa nhập cộng đồng")
