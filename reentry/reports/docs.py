"""``docs/indicators.md`` written from the registry, so the documentation cannot drift."""

from __future__ import annotations

from django.utils import translation

from .registry import INDICATORS, UNIT_LABELS

HEADER = """# Indicators (`reentry/reports/registry.py`)

Written by `python manage.py indicators_doc` from the registry; a test fails when this
file and the registry disagree. The same table is the page `/reports/indicators/`.

- **Flow** indicators count what is dated in the period; **stock** indicators are taken on
  its last day.
- **Where a figure belongs:**
  - An event (a notice, an act of help, a loan disbursed, a job started) counts in the
    commune where the person lived on its day, from the residence history.
  - A count of people counts each person once, in the commune where they lived at the end
    of the period.
  - A stock counts in the commune managing the file on the last day.
  - What a province runs for several communes (an outreach event, an initiative) counts in
    the province's own column.

  So a province's value is always the sum of its communes and its own column, and the
  nation's is the sum of its provinces. Percentages are the only non-additive indicators:
  they are computed for each unit from its own numerator and denominator.
- Sealed (expunged) files count like every other: reports read the records, not the scoped
  lists.
- Counts of 1 to 4 people are shown as "<5" to roles without personal data (the national
  analyst), on the page and in the API.

| code | chỉ tiêu | indicator | unit | kind | định nghĩa | definition |
|---|---|---|---|---|---|---|
"""


def indicators_markdown() -> str:
    rows = []
    for code, indicator in INDICATORS.items():
        cells = [f"`{code}`"]
        texts = {}
        for language in ("vi", "en"):
            with translation.override(language):
                texts[language] = (
                    str(indicator.name),
                    str(indicator.definition),
                    str(UNIT_LABELS[indicator.unit]),
                )
        kind = "flow" if indicator.flow else "stock"
        if indicator.derive is not None:
            kind += ", derived"
        cells += [
            texts["vi"][0],
            texts["en"][0],
            texts["en"][2],
            kind,
            texts["vi"][1],
            texts["en"][1],
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return HEADER + "\n".join(rows) + "\n"
