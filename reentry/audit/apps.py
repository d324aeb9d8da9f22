from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "reentry.audit"
    label = "audit"
    verbose_name = _("Nhật ký hệ thống")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the login receivers
