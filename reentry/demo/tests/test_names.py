"""The demo's people are called as people are: no word twice in a name ("Mai Mai Quang"),
and every name that had no repeat is the one the seed always gave."""

import random

import pytest
from faker import Faker

from reentry.demo.bulk import _names
from reentry.demo.generator import plan_demo_users
from reentry.demo.names import full_name, has_repeated_word
from reentry.demo.persons import _draw_mother, _draw_name


@pytest.mark.parametrize(
    ("family", "middle", "given", "male", "expected"),
    [
        ("Mai", "Mai", "Quang", True, "Mai Văn Quang"),
        ("Mai", "Mai Bảo", "Thành", True, "Mai Bảo Thành"),
        ("Vũ", "Mai Bảo", "Mai", False, "Vũ Bảo Mai"),
        ("Hoàng", "Hoàng", "Lan", False, "Hoàng Thị Lan"),
        ("Mai", "Thị", "Mai", False, "Nguyễn Thị Mai"),
        ("Vũ", "Văn", "Vũ", True, "Nguyễn Văn Vũ"),
        ("Bùi", "Văn", "Vũ", True, "Bùi Văn Vũ"),  # nothing repeated: as drawn
    ],
)
def test_a_repeated_word_is_mended(family, middle, given, male, expected):
    assert full_name(family, middle, given, male=male) == expected


def _raw_bulk_names(seed: int, count: int) -> list[str]:
    """The bulk generator's names as it drew them before repeats were mended."""
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    out = []
    for _index in range(count):
        male = fake.random_int(0, 9) > 0
        given = fake.first_name_male() if male else fake.first_name_female()
        out.append(f"{fake.last_name()} {fake.middle_name()} {given}")
    return out


def test_the_bulk_names_repeat_no_word_and_keep_the_others_as_they_were():
    mended = 0
    for seed in range(12):
        fake = Faker("vi_VN")
        fake.seed_instance(seed)
        names = [name for name, _gender in _names(fake, 4000)]
        assert not [name for name in names if has_repeated_word(name)]
        for raw, name in zip(_raw_bulk_names(seed, 4000), names, strict=True):
            if has_repeated_word(raw):
                mended += 1
            else:
                assert name == raw  # the same seed, the same people
    assert mended > 100  # the lists do share words: the test saw repeats mended


def test_the_demo_files_and_their_mothers_repeat_no_word():
    mended = 0
    for seed in range(40):
        rng, raw_rng = random.Random(seed), random.Random(seed)  # noqa: S311 - demo data
        fake, raw_fake = Faker("vi_VN"), Faker("vi_VN")
        fake.seed_instance(seed)
        raw_fake.seed_instance(seed)
        for _index in range(500):
            male = rng.random() < 0.9
            name, mother = _draw_name(rng, fake, male=male), _draw_mother(fake)
            assert not has_repeated_word(name), name
            assert not has_repeated_word(mother), mother
            assert len(name.split()) >= 3
            assert " Thị " in mother
            # as the demo drew them before: what had no repeat is unchanged
            raw_rng.random()
            given = raw_fake.first_name_male() if male else raw_fake.first_name_female()
            middle = "Văn" if male and raw_rng.random() < 0.5 else raw_fake.middle_name()
            raw = f"{raw_fake.last_name()} {middle} {given}"
            raw_mother = f"{raw_fake.last_name()} Thị {raw_fake.first_name_female()}"
            for before, after in ((raw, name), (raw_mother, mother)):
                if has_repeated_word(before):
                    mended += 1
                else:
                    assert after == before
    assert mended > 50


def test_the_demo_users_repeat_no_word():
    for seed in range(200):
        assert not [name for _spec, name in plan_demo_users(seed=seed) if has_repeated_word(name)]
