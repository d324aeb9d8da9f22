from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reentry.privacy"
    label = "privacy"
    verbose_name = _("Quyền của chủ thể dữ liệu")
