"""The reference lists of the case file, as officers pick from them."""

from reentry.imports import cells
from reentry.persons.reference import (
    ETHNIC_GROUPS,
    ETHNICITY_CHOICES,
    FORMER_ETHNICITY_SPELLINGS,
)


def test_the_54_ethnic_groups_by_their_official_names():
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 54
    assert "Cờ Lao" in ETHNIC_GROUPS  # Danh mục các dân tộc Việt Nam, mã 47
    assert "Co Lao" not in ETHNIC_GROUPS
    assert "Co" in ETHNIC_GROUPS  # another group (mã 30), not a spelling of Cờ Lao


def test_a_former_spelling_leads_to_a_listed_name():
    assert set(FORMER_ETHNICITY_SPELLINGS.values()) <= set(ETHNIC_GROUPS)
    assert not set(FORMER_ETHNICITY_SPELLINGS) & set(ETHNIC_GROUPS)
    # a sheet matches a list without accents (``fold_key``): the old spelling is the new name
    for old, new in FORMER_ETHNICITY_SPELLINGS.items():
        assert cells.choice(old, ETHNICITY_CHOICES) == new
    assert cells.choice("Co", ETHNICITY_CHOICES) == "Co"
