"""Reads of the case file. Every read starts from ``access.scoping.persons_visible_to``.

Lists use keyset pagination (``after``/``before`` cursors on the sort key and id), so the
thousandth page costs what the first costs.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from reentry.access.policies import can_view_offence_details
from reentry.access.scoping import persons_visible_to
from reentry.audit import events
from reentry.core.crypto import blind_index
from reentry.core.errors import NotFoundError
from reentry.core.text import fold_key

from .models import Offence, Person, ReleaseNotice, Residence, Sentence

if TYPE_CHECKING:
    from reentry.accounts.models import User

PAGE_SIZE = 25
SORTS = {
    "-id": ("-id",),
    "name": ("name_key", "id"),
    "-name": ("-name_key", "-id"),
}


@dataclass
class PersonFilters:
    commune: str = ""
    status: str = ""
    release_year: int | None = None
    release_type: str = ""
    q: str = ""
    sort: str = "-id"


@dataclass
class PersonPage:
    rows: list[Person]
    next_cursor: str | None
    prev_cursor: str | None
    sort: str


def persons_for(actor: User) -> QuerySet[Person]:
    """Every file the actor may open (merged duplicates excluded)."""
    return persons_visible_to(actor, Person.objects.filter(merged_into__isnull=True))


def _filtered(actor: User, filters: PersonFilters) -> QuerySet[Person]:
    queryset = persons_for(actor)
    if filters.commune:
        queryset = queryset.filter(commune__code=filters.commune)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    # release year and type come from the sentence: only for roles that may see sentences
    if (filters.release_year or filters.release_type) and can_view_offence_details(actor):
        sentences = Sentence.objects.filter(person=OuterRef("pk"))
        if filters.release_year:
            sentences = sentences.filter(release_date__year=filters.release_year)
        if filters.release_type:
            sentences = sentences.filter(release_type=filters.release_type)
        queryset = queryset.filter(Exists(sentences))
    text = filters.q.strip()
    if text:
        digits = "".join(ch for ch in text if ch in "0123456789")
        if digits and len(digits) == len(text.replace(" ", "")):
            # identity numbers are encrypted: found whole, by their blind index (ADR 0006)
            queryset = queryset.filter(
                Q(national_id_hash=blind_index(digits))
                | Q(legacy_id_number_hash=blind_index(digits))
            )
        else:
            queryset = queryset.filter(name_key__contains=fold_key(text))
    return queryset


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode(cursor: str) -> int | None:
    """A cursor is the id of the row it stands after (or before); anything else is ignored."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(values, list) and len(values) == 1 and type(values[0]) is int:
        return values[0]
    return None


def _seek(order: tuple[str, ...], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) ``values`` in ``order``: (a, id) > (x, y) expanded."""
    condition = Q()
    for index, key in enumerate(order):
        name = key.lstrip("-")
        descending = key.startswith("-")
        smaller = descending == forward  # does the next row have a smaller value?
        lookup = f"{name}__lt" if smaller else f"{name}__gt"
        equal = Q(**{order[j].lstrip("-"): values[j] for j in range(index)})
        condition |= equal & Q(**{lookup: values[index]})
    return condition


def _anchor(queryset: QuerySet[Person], order: tuple[str, ...], cursor: str) -> list[Any] | None:
    """The sort values of the row a cursor names, read from the actor's own scope (so a
    cursor carries only an id, never a name, and cannot point outside the scope)."""
    pk = _decode(cursor) if cursor else None
    if pk is None:
        return None
    row = queryset.filter(pk=pk).values(*[key.lstrip("-") for key in order]).first()
    return [row[key.lstrip("-")] for key in order] if row else None


def person_list(
    *, actor: User, filters: PersonFilters, after: str = "", before: str = ""
) -> PersonPage:
    sort = filters.sort if filters.sort in SORTS else "-id"
    order = SORTS[sort]
    base = _filtered(actor, filters)
    queryset = base.select_related("commune")
    reverse = False
    if after and (values := _anchor(base, order, after)) is not None:
        queryset = queryset.filter(_seek(order, values, forward=True))
    elif before and (values := _anchor(base, order, before)) is not None:
        queryset = queryset.filter(_seek(order, values, forward=False))
        reverse = True
    else:
        after = before = ""
    ordering = [(k[1:] if k.startswith("-") else f"-{k}") for k in order] if reverse else order
    rows = list(queryset.order_by(*ordering)[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if reverse:
        rows.reverse()

    def cursor(person: Person) -> str:
        return _encode([person.pk])

    has_next = more if not reverse else bool(before)
    has_prev = (bool(after) or (reverse and more)) if rows else False
    return PersonPage(
        rows=rows,
        next_cursor=cursor(rows[-1]) if rows and has_next else None,
        prev_cursor=cursor(rows[0]) if rows and has_prev else None,
        sort=sort,
    )


def person_export(*, actor: User, filters: PersonFilters) -> list[Person]:
    """The whole filtered list of the list page, in its order, for a download. Sentences
    (with their offences, newest first) come only for roles that may see offences."""
    sort = filters.sort if filters.sort in SORTS else "-id"
    queryset = _filtered(actor, filters).select_related("commune").order_by(*SORTS[sort])
    if can_view_offence_details(actor):
        queryset = queryset.prefetch_related(
            Prefetch(
                "sentences",
                queryset=Sentence.objects.order_by("-judgment_date", "-id").prefetch_related(
                    Prefetch("offences", queryset=Offence.objects.order_by("id"))
                ),
            )
        )
    return list(queryset)


def person_count(*, actor: User, filters: PersonFilters) -> int:
    return _filtered(actor, filters).count()


FILE_RELATED = ("commune", "commune__parent", "legacy_unit")  # what a file's page shows


def person_get(*, actor: User, person_id: int) -> Person:
    """A file the actor may open, or ``NotFoundError`` (404: existence does not leak)."""
    person = persons_for(actor).select_related(*FILE_RELATED).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(_("Không tìm thấy hồ sơ."))
    return person


def person_open(
    *, actor: User, person_id: int, what: str = "file", emergency: bool = False
) -> Person:
    """``person_get`` for showing the file to a user: the view is written to the audit trail.

    ``emergency``: a read-only view (the file page, the API's file) also opens a file outside
    the actor's scope while their emergency grant lasts (``access.services``); the event
    says so."""
    try:
        person = person_get(actor=actor, person_id=person_id)
    except NotFoundError:
        from reentry.access.selectors import emergency_files, emergency_grant_active

        if not emergency or emergency_grant_active(actor, person_id) is None:
            raise
        opened = emergency_files().select_related(*FILE_RELATED).filter(pk=person_id).first()
        if opened is None:  # sealed or merged since the grant
            raise
        person = opened
        what = f"{what} (emergency access)"
    events.person_viewed(actor=actor, person=person, what=what)
    return person


@dataclass
class Duplicates:
    visible: list[Person] = field(default_factory=list)
    elsewhere: int = 0


def person_duplicates(
    *,
    actor: User,
    national_id: str,
    full_name: str,
    date_of_birth: datetime.date | None,
    birth_year: int | None,
    exclude_pk: int | None = None,
    legacy_id_number: str = "",
) -> Duplicates:
    """Files that may be the same person: same identity number, or same name (accents
    folded) and birth date (or year when only the year is known). Those outside the actor's
    scope are only counted, never shown."""
    match = Q(pk__in=[])
    if national_id:
        match |= Q(national_id_hash=blind_index(national_id))
    if legacy_id_number:
        match |= Q(legacy_id_number_hash=blind_index(legacy_id_number))
    key = fold_key(full_name)
    year = date_of_birth.year if date_of_birth is not None else birth_year
    if key and year is not None:
        # same name and year: a file with a full date also matches one with only the year
        same = Q(name_key=key, birth_year=year)
        if date_of_birth is not None:
            same &= Q(date_of_birth=date_of_birth) | Q(date_of_birth__isnull=True)
        match |= same
    # a sealed file is as if it never was (BLHS Art. 69): it is no one's duplicate
    candidates = Person.objects.filter(match, merged_into__isnull=True, sealed_at__isnull=True)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    visible_qs = persons_visible_to(actor, candidates)
    visible = list(visible_qs.select_related("commune")[:20])
    elsewhere = candidates.count() - visible_qs.count()
    return Duplicates(visible=visible, elsewhere=elsewhere)


def may_be_same_person(
    name_key: str,
    year: int | None,
    born: datetime.date | None,
    other: tuple[str, int | None, datetime.date | None],
) -> bool:
    """The name-and-birth rule of ``person_duplicates`` for one other file, given as its
    (``name_key``, ``birth_year``, ``date_of_birth``): for a batch that asks it of many rows
    at once. Same folded name and year; and when both dates are known, the same date."""
    other_key, other_year, other_born = other
    if not name_key or year is None or (name_key, year) != (other_key, other_year):
        return False
    return born is None or other_born is None or born == other_born


def person_duplicates_search(*, actor: User, what: str, **identity: Any) -> Duplicates:
    """``person_duplicates`` for a page that shows the result: the search is audited."""
    found = person_duplicates(actor=actor, **identity)
    events.identity_searched(actor=actor, what=what, found=len(found.visible) + found.elsewhere)
    return found


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str
    title: str
    detail: str = ""


def person_timeline(
    *,
    person: Person,
    show_offences: bool,
    sentences: list[Sentence] | None = None,
    notices: list[ReleaseNotice] | None = None,
) -> list[TimelineEntry]:
    """Everything that happened on the file, newest first, in a fixed number of queries.

    ``sentences`` and ``notices``, when the page already read them (``person_sentences``,
    ``person_notices``: newest first), are used instead of reading them again."""
    entries: list[TimelineEntry] = []
    residences = Residence.objects.filter(person=person).select_related("commune")
    for residence in residences:
        if residence.ended_on and person.closed_on == residence.ended_on:
            entries.append(
                TimelineEntry(
                    residence.ended_on,
                    "closed",
                    _("Kết thúc quản lý: %(reason)s")
                    % {"reason": person.get_closure_reason_display()},
                )
            )
        entries.append(
            TimelineEntry(
                residence.started_on,
                "residence",
                _("Cư trú tại %(unit)s") % {"unit": residence.commune.name},
                residence.reason,
            )
        )
    if not show_offences:
        sentences = []  # a sentence, its prison and its kind of release are criminal-record data
    elif sentences is None:
        offences = Prefetch("offences", queryset=Offence.objects.order_by("id"))
        sentences = list(Sentence.objects.filter(person=person).prefetch_related(offences))
    else:
        sentences = list(reversed(sentences))  # oldest first, as the model orders them
    for sentence in sentences:
        detail = "; ".join(f"Điều {o.article} {o.name}" for o in sentence.offences.all())
        title = _("Bản án %(number)s: %(penalty)s") % {
            "number": sentence.judgment_number,
            "penalty": sentence.get_main_penalty_display(),
        }
        entries.append(TimelineEntry(sentence.judgment_date, "sentence", title, detail))
        if sentence.release_date:
            release = _("Ra trại: %(type)s") % {"type": sentence.get_release_type_display()}
            entries.append(
                TimelineEntry(sentence.release_date, "release", release, sentence.prison_facility)
            )
    if notices is None:
        notices = list(ReleaseNotice.objects.filter(person=person))
    else:
        notices = list(reversed(notices))  # oldest first, as the model orders them
    for notice in notices:
        source = notice.facility if show_offences else _("trại giam")
        entries.append(
            TimelineEntry(
                notice.received_on,
                "notice",
                _("Nhận thông báo của %(facility)s") % {"facility": source},
                _("Hạn xác minh nơi cư trú: %(due)s")
                % {"due": notice.residence_check_due.strftime("%d/%m/%Y")},
            )
        )
        if notice.residence_checked_on:
            entries.append(
                TimelineEntry(
                    notice.residence_checked_on,
                    "check",
                    _("Xác minh nơi cư trú"),
                    notice.residence_check_result,
                )
            )
        if notice.reported_on:
            entries.append(
                TimelineEntry(notice.reported_on, "reported", _("Trình diện tại UBND xã"))
            )
        if notice.commitment_signed_on:
            entries.append(
                TimelineEntry(notice.commitment_signed_on, "commitment", _("Ký cam kết"))
            )
        if notice.interview_on:
            entries.append(
                TimelineEntry(
                    notice.interview_on,
                    "interview",
                    _("Gặp gỡ, tìm hiểu hoàn cảnh"),
                    notice.interview_notes,
                )
            )
    entries.sort(key=lambda entry: entry.day, reverse=True)
    return entries


def person_notices(*, person: Person) -> list[ReleaseNotice]:
    return list(ReleaseNotice.objects.filter(person=person).order_by("-received_on", "-id"))


def person_sentences(*, person: Person) -> list[Sentence]:
    return list(
        Sentence.objects.filter(person=person)
        .prefetch_related("offences", "additional_penalties", "obligations")
        .order_by("-judgment_date", "-id")
    )


def sentence_get(*, person: Person, sentence_id: int) -> Sentence:
    """A sentence of a file the caller already opened through ``person_get``."""
    sentence = Sentence.objects.filter(person=person, pk=sentence_id).select_related("person")
    found = sentence.first()
    if found is None:
        raise NotFoundError(_("Không tìm thấy bản án."))
    return found


def notice_get(*, person: Person, notice_id: int) -> ReleaseNotice:
    """A notice of a file the caller already opened through ``person_get``."""
    notice = ReleaseNotice.objects.filter(person=person, pk=notice_id).first()
    if notice is None:
        raise NotFoundError(_("Không tìm thấy thông báo."))
    return notice


def notices_for(*, actor: User) -> QuerySet[ReleaseNotice]:
    """Notices of the files the actor may open, newest first."""
    return ReleaseNotice.objects.filter(person__in=persons_for(actor)).order_by(
        "-received_on", "-id"
    )
