"""The base every domain model stands on: timestamps and an optimistic-lock version."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, editable=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True
