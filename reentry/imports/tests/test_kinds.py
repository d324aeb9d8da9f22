"""What every kind promises the templates: headers that cannot be confused, and an example
row that is itself a good row, about the same person in every template."""

import pytest

from reentry.accounts.roles import Role
from reentry.core.text import fold_key
from reentry.imports.kinds import KINDS

from .sheets import AN_CCCD, person, run, xlsx

EXAMPLE = {c.key: c.example for c in KINDS["register"].columns}


@pytest.mark.parametrize("code", list(KINDS))
def test_headers_differ_once_case_and_accents_are_gone(code):
    folded = [fold_key(str(c.header)) for c in KINDS[code].columns]
    assert len(set(folded)) == len(folded)
    assert all(str(c.help) or str(c.example) for c in KINDS[code].columns)


@pytest.mark.parametrize("code", [code for code in KINDS if code != "outreach"])
def test_every_template_shows_the_same_person(code):
    examples = {c.key: str(c.example) for c in KINDS[code].columns}
    assert examples["full_name"] == EXAMPLE["full_name"] == "Nguyễn Văn An"
    assert examples["national_id"] == AN_CCCD
    if "date_of_birth" in examples:
        assert examples["date_of_birth"] == EXAMPLE["date_of_birth"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(KINDS))
def test_the_example_row_imports_as_it_is(code, make_user):
    officer = make_user(Role.COMMUNE_OFFICER, "15865")
    if code != "register":
        person(officer)  # the register's example row, on file
    example = {c.key: c.example for c in KINDS[code].columns}
    # typed a little differently, or the pipeline takes it for the template's own example
    if code == "outreach":
        example["participants"] = "120 lượt"
    else:
        example["full_name"] = "NGUYỄN VĂN AN"
    outcome = run(officer, code, xlsx(code, [example]), commit=False)
    assert outcome.problems == []
    assert outcome.created + outcome.updated == 1
