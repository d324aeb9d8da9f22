"""The audit trail: one append-only row per event (who, what, which object, when, from where).

Rows are never updated or deleted through the ORM: ``save()`` of an existing row, ``delete()``
and queryset ``update()``/``delete()`` all raise; new rows are written only through
``audit.services`` (which chains them, ``audit/chain.py``). On PostgreSQL a trigger refuses
UPDATE and DELETE of audit rows from any database user (migration 0005).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Đăng nhập")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
    LOGOUT = "logout", _("Đăng xuất")
    PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
    USER_CREATED = "user_created", _("Tạo tài khoản")
    ROLE_CHANGED = "role_changed", _("Đổi vai trò hoặc phạm vi")
    TOKEN_ISSUED = "token_issued", _("Cấp mã truy cập API")
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    VIEW = "view", _("Xem")
    EXPORT = "export", _("Xuất dữ liệu")
    IMPORT = "import", _("Nhập dữ liệu")
    TRANSFER = "transfer", _("Chuyển hồ sơ")
    MERGE = "merge", _("Gộp hồ sơ trùng")
    SEALED_OPEN = "sealed_open", _("Mở hồ sơ đã niêm phong")
    ACCOUNT_LOCKED = "account_locked", _("Tạm khóa đăng nhập")
    ACCOUNT_UNLOCKED = "account_unlocked", _("Mở khóa đăng nhập")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Đăng ký xác thực hai lớp")
    TWO_FACTOR_FAILED = "2fa_failed", _("Mã xác thực hai lớp sai")
    BACKUP_CODE_USED = "2fa_backup_used", _("Dùng mã dự phòng")
    BACKUP_CODES_REGENERATED = "2fa_backup_new", _("Tạo lại mã dự phòng")
    TWO_FACTOR_RESET = "2fa_reset", _("Đặt lại xác thực hai lớp")
    PASSWORD_RESET = "password_reset", _("Cấp mật khẩu tạm thời")
    TOKEN_REVOKED = "token_revoked", _("Thu hồi mã truy cập API")
    EMERGENCY_OPEN = "emergency_open", _("Truy cập khẩn cấp hồ sơ ngoài phạm vi")
    KEYS_ROTATED = "keys_rotated", _("Mã hóa lại bằng khóa mới")


class AppendOnlyError(Exception):
    """Audit rows are written once and never changed."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: history stays
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    actor_role = models.CharField(_("vai trò"), max_length=32, blank=True)
    action = models.CharField(_("hành động"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    unit_path = models.CharField(_("đơn vị"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    changes = models.JSONField(_("các trường thay đổi"), default=dict, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    # the hash chain (audit/chain.py): the previous event's hash, and this one's
    prev_hash = models.CharField(_("mã băm sự kiện trước"), max_length=64, editable=False)
    hash = models.CharField(_("mã băm"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, chained: bool = False, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed once written.")
        if not chained:
            raise AppendOnlyError("Write audit events through audit.services (the hash chain).")
        kwargs["force_insert"] = True  # never an UPDATE, even with a primary key set
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")
