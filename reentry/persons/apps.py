from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    name = "reentry.persons"
    label = "persons"
    verbose_name = _("Hồ sơ người chấp hành xong án phạt tù")
