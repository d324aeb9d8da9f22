"""Model fields whose values are stored encrypted (``core.crypto``, ADR 0006).

``EncryptedCharField`` holds text, ``EncryptedIntegerField`` a whole number; in the database
both are a text column with a Fernet token ('' for an empty text, NULL for no number). The
database cannot compare tokens, so every lookup but ``isnull`` is refused with a message
naming the way that works: an identity number has a ``BlindIndexField`` beside it (named
by ``hash_field=``), always equal to ``crypto.blind_index`` of the value — when a service,
``bulk_create`` or ``bulk_update`` writes it alike — and exact lookups and uniqueness go
through that column.
"""

from __future__ import annotations

from typing import Any

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from . import crypto


class _BlindIndexOf(DeferredAttribute):
    """A blind index's attribute: the HMAC of its source's value whenever that is loaded
    (so it can never disagree with it); the stored column otherwise."""

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        source = self.field.source  # type: ignore[attr-defined]
        if source in instance.__dict__:
            return crypto.blind_index(instance.__dict__[source] or "")
        return super().__get__(instance, cls)

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class _Encrypted:
    """What the two fields share: a token in a text column, and no lookup by value."""

    hash_field: str = ""

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)

    def get_internal_type(self) -> str:
        return "TextField"

    def _encode(self, value: Any) -> str:
        raise NotImplementedError

    def _decode(self, text: str) -> Any:
        raise NotImplementedError

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return crypto.encrypt(self._encode(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        # the token is text whatever the value's type (not an integer for the driver)
        return value if prepared else self.get_prep_value(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self._decode(crypto.decrypt(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        raise FieldError(self._refusal(lookup_name))

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(self._refusal(lookup_name))

    def _refusal(self, lookup_name: str) -> str:
        name = getattr(self, "name", "?")
        way = (
            f"filter on {self.hash_field} = crypto.blind_index(value)"
            if self.hash_field
            else ("it is not searchable")
        )
        return f"{name} is encrypted: the database cannot do '{lookup_name}' on it; {way}."


class EncryptedCharField(_Encrypted, models.CharField):  # type: ignore[misc]
    def __init__(self, *args: Any, hash_field: str = "", **kwargs: Any) -> None:
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.hash_field:
            kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    def _encode(self, value: Any) -> str:
        return str(value)

    def _decode(self, text: str) -> str:
        return text


class EncryptedIntegerField(_Encrypted, models.PositiveSmallIntegerField):  # type: ignore[misc]
    """A small whole number (an article of the Criminal Code) stored encrypted."""

    def _encode(self, value: Any) -> str:
        return str(int(value))

    def _decode(self, text: str) -> int:
        return int(text)

    @property
    def validators(self) -> list[Any]:
        # the integer range validators of the parent are right for the value, not the token
        return [validators.MinValueValidator(0), validators.MaxValueValidator(32767)]


class BlindIndexField(models.CharField):
    """The HMAC of an encrypted field's value (``crypto.blind_index``), for exact lookups
    and uniqueness: always computed from ``source`` when that is loaded, never set by hand."""

    descriptor_class = _BlindIndexOf

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        if kwargs.get("default") == "":
            del kwargs["default"]
        return name, path, args, kwargs


class BlindIndexedQuerySet(models.QuerySet[Any]):
    """``update(national_id=…)`` sets the blind index with it, as ``save`` does."""

    def update(self, **kwargs: Any) -> int:
        for f in self.model._meta.concrete_fields:
            if isinstance(f, BlindIndexField) and f.source in kwargs and f.name not in kwargs:
                value = kwargs[f.source]
                if not isinstance(value, str):
                    raise FieldError(
                        f"{f.source} is encrypted: update it with a value, not {value!r}."
                    )
                kwargs[f.name] = crypto.blind_index(value)
        return super().update(**kwargs)
