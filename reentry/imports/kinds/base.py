"""What every kind is made of, and how a row finds the person it is about.

A kind's ``apply`` returns what happened to the row: "created", "updated" (a new record
on a file that was already there) or "duplicate" (nothing new: the row is already in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reentry.access.permissions import Permission
from reentry.access.scoping import persons_visible_to
from reentry.core.crypto import blind_index
from reentry.core.errors import DomainError, ValidationFailed
from reentry.core.locks import identity_keys
from reentry.core.text import fold_key
from reentry.persons.models import Person

from .. import cells

if TYPE_CHECKING:
    from reentry.accounts.models import User
    from reentry.geography.models import AdminUnit

CREATED, UPDATED, DUPLICATE = "created", "updated", "duplicate"


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # the Vietnamese header (lazy), matched without case or accents
    read: Callable[[Any], Any] = cells.text
    required: bool = False
    example: Any = ""
    help: Any = ""


# what a batch gives back for a row: like ``apply`` (a result, or the error it raised), or
# None for a row to be applied on its own
BatchResult = str | DomainError | None


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    columns: tuple[Column, ...]
    key: Callable[[dict[str, Any]], tuple[Any, ...]]  # the same row twice in a file
    apply: Callable[[User, AdminUnit, dict[str, Any]], str]
    fields: dict[str, str]  # a service's field name → the column it came from
    # what a role needs to import this kind (the services check it again on every row)
    permission: Permission = Permission.PERSON_CHANGE
    # Many rows at once, for a kind whose service has a batch form: for each row, what
    # ``apply`` would have returned or raised, or None for a row to be sent to ``apply`` on
    # its own after the others (one that depends on another row of the batch).
    apply_many: Callable[[User, AdminUnit, list[dict[str, Any]]], list[BatchResult]] | None = None
    # For a kind that opens files: the identity locks (``core.locks``) of every row, taken
    # at once before the first row is written, so that a second import of the same people
    # waits for this one and then finds their files ("đã có") instead of racing it.
    locks: Callable[[list[dict[str, Any]]], set[int]] | None = None


# The person a row is about, for the kinds that add to a file: the same columns and the same
# example person in every template (the register's Nguyễn Văn An).
PERSON_COLUMNS = (
    Column(
        "full_name",
        _("Họ và tên"),
        cells.name,
        True,
        "Nguyễn Văn An",
        _("như trên hồ sơ; được đối chiếu với số CCCD"),
    ),
    Column(
        "national_id",
        _("Số CCCD"),
        cells.identity,
        False,
        "038090001234",
        _("12 chữ số; không có thì ghi ngày sinh để tìm theo họ tên"),
    ),
    Column(
        "date_of_birth",
        _("Ngày sinh"),
        cells.date,
        False,
        "15/03/1990",
        _("ngày/tháng/năm; cần khi không có số CCCD"),
    ),
)
# the service's or the finder's field → the column it came from
PERSON_FIELDS = {"person": "full_name"}


def person_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Who a row is about, as the file says it: the CCCD, or the folded name and birth date."""
    born = row["date_of_birth"] or row.get("birth_year")
    return (row["national_id"] or (fold_key(row["full_name"]), born),)


def person_locks(rows: list[dict[str, Any]]) -> set[int]:
    """The identity locks of the files these rows may open: their CCCDs, and their folded
    names with the year of birth (the keys ``person_validate`` takes)."""
    return {
        key
        for row in rows
        for key in identity_keys(
            national_id=row.get("national_id") or "",
            name_key=fold_key(row.get("full_name") or ""),
            birth_year=row.get("birth_year"),
            date_of_birth=row.get("date_of_birth"),
        )
    }


def day_text(value: Any) -> str:
    return value.strftime("%d/%m/%Y")


def person_find(actor: User, row: dict[str, Any], unit: AdminUnit) -> Person | None:
    """The file a row is about, among those ``actor`` may open (``persons_visible_to``): by
    CCCD, or by name and date of birth when the row has no number. None when there is none
    in the scope; whether one exists elsewhere is never said. A number whose file bears
    another name, or a name and birth date shared by two files, is an error on the row:
    writing to the wrong person is worse than not writing. Only files of ``unit`` (the unit
    the upload is for) are looked at: a file elsewhere in a province user's scope is not
    this upload's, and its name must not show in this upload's errors."""
    files = persons_visible_to(
        actor,
        Person.objects.filter(merged_into__isnull=True, commune_path__startswith=unit.path),
    )
    if row["national_id"]:
        person: Person | None = files.filter(
            national_id_hash=blind_index(row["national_id"])
        ).first()
        if person is not None and person.name_key != fold_key(row["full_name"]):
            raise ValidationFailed(
                {
                    "full_name": [
                        gettext(
                            "Số CCCD %(number)s là của hồ sơ “%(name)s”, không phải “%(given)s”: "
                            "kiểm tra lại họ tên hoặc số CCCD."
                        )
                        % {
                            "number": row["national_id"],
                            "name": person.full_name,
                            "given": row["full_name"],
                        }
                    ]
                }
            )
        return person
    born = row["date_of_birth"]
    if born is None and not row.get("birth_year"):
        raise ValidationFailed(
            {"national_id": [gettext("Ghi số CCCD, hoặc ngày sinh để tìm hồ sơ theo họ tên.")]}
        )
    same_name = files.filter(name_key=fold_key(row["full_name"]))
    if born is not None:
        found = list(same_name.filter(date_of_birth=born)[:2])
    else:  # only the year is known (a notice may open a file from it)
        found = list(same_name.filter(birth_year=row["birth_year"])[:2])
    if len(found) > 1:
        raise ValidationFailed(
            {
                "national_id": [
                    gettext(
                        "Có nhiều hồ sơ “%(name)s” sinh %(born)s: ghi số CCCD để chọn đúng người."
                    )
                    % {
                        "name": row["full_name"],
                        "born": day_text(born) if born else row["birth_year"],
                    }
                ]
            }
        )
    return found[0] if found else None


def person_of_row(actor: User, row: dict[str, Any], unit: AdminUnit) -> Person:
    """``person_find``, and an error on the row naming what was looked for when the actor
    has no such file."""
    person = person_find(actor, row, unit)
    if person is not None:
        return person
    if row["national_id"]:
        raise ValidationFailed(
            {
                "national_id": [
                    gettext("Không tìm thấy hồ sơ có số CCCD %(number)s trong phạm vi của bạn.")
                    % {"number": row["national_id"]}
                ]
            }
        )
    raise ValidationFailed(
        {
            "full_name": [
                gettext(
                    "Không tìm thấy hồ sơ “%(name)s”, sinh ngày %(date)s trong phạm vi của bạn."
                )
                % {"name": row["full_name"], "date": day_text(row["date_of_birth"])}
            ]
        }
    )
