"""Many files opened at once, each with its sentence: ``person_register`` followed by
``sentence_add``, for every item, in a fixed number of queries.

The rules are those services' own: ``person_validate``, the CCCD that already has a file,
the name-and-birth duplicate (``may_be_same_person``), the scope, ``sentence_validate`` and
the models' field validation, with the same messages. Only the lookups change: each is asked
once for the whole batch instead of once a row. The writes are the same rows (person,
residence, sentence, offences, penalties, obligations, the two audit events), inserted
together, each file with the expungement clock ``sentence_add`` would refresh. An item that
breaks a rule comes back as its error and writes nothing; the others are written.

Items are taken in order, as the services would be called one after another: an item with
the same CCCD, or the same name and birth, as an earlier item of the batch gets the error
that item's file would give it. A caller that wants the later item *added to* the earlier
file (the importer's "a new release of a known person") sends it on its own afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reentry.access.policies import can_change_person_in
from reentry.accounts.models import User
from reentry.audit import events
from reentry.core.crypto import blind_index
from reentry.core.errors import DomainError
from reentry.core.locks import identity_keys, identity_lock
from reentry.core.text import fold_key
from reentry.core.validation import full_clean
from reentry.geography.selectors import UnitLookups
from reentry.law.penal_code import chapter_of

from .models import AdditionalPenalty, JudgmentObligation, Offence, Person, Residence, Sentence
from .selectors import may_be_same_person
from .services import (
    NESTED,
    PersonData,
    SentenceData,
    national_id_taken_error,
    person_validate,
    possible_duplicate_error,
    sentence_validate,
)


@dataclass
class Registration:
    """One item: what ``person_register`` and ``sentence_add`` would each be given."""

    person: PersonData
    sentence: SentenceData
    started_on: datetime.date | None = None


@dataclass
class _Ready:
    """An item that passed every check, with its rows built and not yet written."""

    index: int
    person: Person
    sentence: Sentence
    offences: list[Offence]
    penalties: list[AdditionalPenalty]
    obligations: list[JudgmentObligation]
    started_on: datetime.date


Result = Person | DomainError


@transaction.atomic
def persons_register_many(
    *,
    actor: User,
    items: Sequence[Registration],
    units: UnitLookups | None = None,
    via: str = "",
) -> list[Result]:
    """Open a file with its sentence for each item; for each, the new ``Person`` or the
    error (``ValidationFailed`` or ``DomainError``) the services would have raised."""
    units = units or UnitLookups()
    results: list[Result | None] = [None] * len(items)
    cleaned_of: dict[int, dict[str, Any]] = {}
    for index, item in enumerate(items):
        try:
            cleaned_of[index] = person_validate(
                actor=actor, data=item.person, units=units, check_national_id=False
            )
        except DomainError as exc:
            results[index] = exc

    # another batch or registration of the same people waits for this one (core.locks)
    identity_lock(
        key
        for c in cleaned_of.values()
        for key in identity_keys(
            national_id=c["national_id"],
            name_key=fold_key(c["full_name"]),
            birth_year=c.get("birth_year"),
        )
    )
    taken = _national_ids_with_a_file({c["national_id"] for c in cleaned_of.values()})
    namesakes = _namesakes({fold_key(c["full_name"]) for c in cleaned_of.values()})
    ready: list[_Ready] = []
    today = timezone.localdate()
    for index, cleaned in cleaned_of.items():
        item = items[index]
        try:
            ready.append(_prepare(actor, index, item, cleaned, taken, namesakes, today))
        except DomainError as exc:
            results[index] = exc
            continue
        # what this item's file will be, for the items after it
        person = ready[-1].person
        if person.national_id:
            taken.add(person.national_id)
        _add_namesake(namesakes, (person.name_key, person.birth_year, person.date_of_birth))

    _write(actor, ready, via)
    for row in ready:
        results[row.index] = row.person
    return cast(list[Result], results)  # every item is now its file or its error


def _national_ids_with_a_file(numbers: set[str]) -> set[str]:
    numbers.discard("")
    return set(
        Person.objects.filter(
            national_id_hash__in=[blind_index(n) for n in numbers],
            merged_into__isnull=True,
            sealed_at__isnull=True,
        ).values_list("national_id", flat=True)
    )


Namesake = tuple[str, int | None, datetime.date | None]  # name_key, birth_year, date_of_birth
Namesakes = dict[tuple[str, int | None], list[Namesake]]  # by name and year


def _namesakes(keys: set[str]) -> Namesakes:
    """The files ``person_duplicates`` would look at for these names (merged and sealed
    files are no one's duplicate), by name and year of birth."""
    found: Namesakes = {}
    for namesake in Person.objects.filter(
        name_key__in=keys, merged_into__isnull=True, sealed_at__isnull=True
    ).values_list("name_key", "birth_year", "date_of_birth"):
        _add_namesake(found, namesake)
    return found


def _add_namesake(namesakes: Namesakes, namesake: Namesake) -> None:
    namesakes.setdefault((namesake[0], namesake[1]), []).append(namesake)


def _prepare(
    actor: User,
    index: int,
    item: Registration,
    cleaned: dict[str, Any],
    taken: set[str],
    namesakes: Namesakes,
    today: datetime.date,
) -> _Ready:
    """The checks of ``person_register`` and ``sentence_add`` that follow validation, in
    their order, and the rows they would write."""
    if cleaned["national_id"] and cleaned["national_id"] in taken:
        raise national_id_taken_error()
    key = fold_key(cleaned["full_name"])
    born = cleaned["date_of_birth"]
    year = born.year if born is not None else cleaned["birth_year"]
    if any(may_be_same_person(key, year, born, other) for other in namesakes.get((key, year), [])):
        raise possible_duplicate_error()
    commune = cleaned.pop("commune")
    person = Person(**cleaned, commune=commune, commune_path=commune.path, name_key=key)
    # the commune and the old commune come from the lookups: they exist
    full_clean(person, exclude=["commune", "legacy_unit"], validate_constraints=False)
    if not can_change_person_in(actor, person.commune_path):
        raise DomainError(_("Bạn không được sửa hồ sơ này."))
    data = item.sentence
    sentence_validate(person=person, data=data)
    values = {f.name: getattr(data, f.name) for f in fields(SentenceData) if f.name not in NESTED}
    sentence = Sentence(person=person, **values)
    full_clean(sentence, exclude=["person"])
    offences = [
        Offence(
            article=offence.article,
            clause=offence.clause,
            name=offence.name.strip(),
            chapter=chapter_of(offence.article),
            category=offence.category,
            culpability=offence.culpability,
        )
        for offence in data.offences
    ]
    penalties = [AdditionalPenalty(**vars(p)) for p in data.additional_penalties]
    obligations = [JudgmentObligation(**vars(o)) for o in data.obligations]
    for row in (*penalties, *obligations):
        full_clean(row, exclude=["sentence"])
    # the expungement clock, as ``sentence_add`` would refresh it (outcomes builds on
    # persons, so it is imported here)
    from reentry.outcomes.expungement import new_file_clock, sentence_facts

    person.expungement_status, person.expungement_due_on = new_file_clock(
        sentence_facts(sentence, offences=offences, additional=penalties, obligations=obligations),
        today=today,
    )
    started_on = item.started_on or today
    return _Ready(index, person, sentence, offences, penalties, obligations, started_on)


def _write(actor: User, ready: list[_Ready], via: str) -> None:
    """The rows of every item, table by table, then the audit events and the clocks."""
    if not ready:
        return
    Person.objects.bulk_create([row.person for row in ready])
    Residence.objects.bulk_create(
        Residence(
            person=row.person,
            commune=row.person.commune,
            commune_path=row.person.commune_path,
            started_on=row.started_on,
            reason=_("Lập hồ sơ"),
        )
        for row in ready
    )
    for row in ready:
        row.sentence.person = row.person
    Sentence.objects.bulk_create([row.sentence for row in ready])
    for row in ready:
        for offence in row.offences:
            offence.sentence = row.sentence
        for penalty in row.penalties:
            penalty.sentence = row.sentence
        for obligation in row.obligations:
            obligation.sentence = row.sentence
    Offence.objects.bulk_create([child for row in ready for child in row.offences])
    AdditionalPenalty.objects.bulk_create([child for row in ready for child in row.penalties])
    JudgmentObligation.objects.bulk_create([child for row in ready for child in row.obligations])
    events.persons_registered(
        actor=actor, registered=[(row.person, row.sentence) for row in ready], via=via
    )
