"""Helpers for Vietnamese text: an accent-free, space-free key for matching names."""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)  # a sheet folds the same names and labels over and over
def fold_key(text: str) -> str:
    """``"Xã Hoằng Hóa"`` → ``"xahoanghoa"``; ``"Thuỷ"`` and ``"Thủy"`` fold alike."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", stripped.lower())


def strip_accents(text: str) -> str:
    """``"Nguyễn Văn Hùng"`` → ``"Nguyen Van Hung"``: how names are often typed without
    a Vietnamese keyboard (spaces kept, unlike ``fold_key``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
