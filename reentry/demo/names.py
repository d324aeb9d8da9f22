"""Full names of the demo: a family name, a middle name and a given name, as drawn, with no
word said twice. Faker's vi_VN lists share words ("Mai" and "Hoàng" are family, middle and
given names; a middle name can be "Mai Bảo"), so a draw can give "Mai Mai Quang" or
"Vũ Mai Bảo Mai", which no one is called.

A name without a repeat is kept as drawn, and a repeat is mended without drawing again: the
generators draw exactly what they drew before, so every other name of a seed stays the
same, and the check costs the bulk generator nothing it would notice.
"""

from __future__ import annotations

# the family name given instead when it is the given name ("Mai Thị Mai"): the commonest
FALLBACK_FAMILY_NAMES = ("Nguyễn", "Trần", "Lê")


def full_name(family: str, middle: str, given: str, *, male: bool) -> str:
    """``family middle given``, each word once. A middle word that repeats another word is
    left out (the usual "Văn" or "Thị" stands in when none is left); a family name that is
    also the given name gives way to a common one."""
    name = f"{family} {middle} {given}"
    words = name.casefold().split()
    if len(set(words)) == len(words):
        return name  # the usual case: as drawn
    given_words = given.split()
    taken = {w.casefold() for w in given_words}
    family_words = family.split()
    if any(w.casefold() in taken for w in family_words):
        family_words = [
            next(
                f
                for f in FALLBACK_FAMILY_NAMES
                if f.casefold() not in taken and f.casefold() not in middle.casefold().split()
            )
        ]
    taken |= {w.casefold() for w in family_words}
    kept = []
    for word in middle.split():
        if word.casefold() not in taken:
            kept.append(word)
            taken.add(word.casefold())
    if not kept:
        usual = "Văn" if male else "Thị"
        if usual.casefold() not in taken:
            kept.append(usual)
    return " ".join([*family_words, *kept, *given_words])


def has_repeated_word(name: str) -> bool:
    words = name.casefold().split()
    return len(set(words)) != len(words)
