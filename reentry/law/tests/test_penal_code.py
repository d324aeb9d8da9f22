import pytest

from reentry.law.penal_code import PenalCodeError, chapter_of, needs_court_decision


@pytest.mark.parametrize(
    ("article", "chapter"),
    [
        (108, 13),
        (122, 13),
        (123, 14),
        (134, 14),
        (168, 16),
        (173, 16),
        (249, 20),
        (251, 20),
        (260, 21),
        (321, 21),
        (353, 23),
        (418, 26),
        (425, 26),
    ],
)
def test_chapter_of_an_article(article, chapter):
    assert chapter_of(article) == chapter


@pytest.mark.parametrize("article", [1, 107, 426, 0])
def test_articles_outside_the_special_part_are_refused(article):
    with pytest.raises(PenalCodeError, match="không phải một tội danh"):
        chapter_of(article)


def test_national_security_and_war_crimes_need_a_court_decision():
    assert needs_court_decision(109)
    assert needs_court_decision(421)
    assert not needs_court_decision(173)  # theft
