from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "reentry.outcomes"
    label = "outcomes"
    verbose_name = _("Kết quả quản lý, giúp đỡ")
