"""The base every domain model stands on: timestamps and an optimistic-lock version."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import BlindIndexField


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, editable=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # an identity number saved by name takes its blind index with it (core.fields)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            for f in self._meta.concrete_fields:
                if isinstance(f, BlindIndexField) and f.source in names:
                    names.add(f.name)
            kwargs["update_fields"] = sorted(names)
        super().save(*args, **kwargs)
