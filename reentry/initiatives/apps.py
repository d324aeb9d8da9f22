from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "reentry.initiatives"
    label = "initiatives"
    verbose_name = _("Mô hình tái hòa nhập cộng đồng")
