"""The file list's rows and filter fields, the cheap way.

The list is the page officers open most (docs/performance.md, "Load under gunicorn").
Through the template language its 25 rows cost about 690 Python calls each, a third of the
page, and its six filter fields a sixth (Django renders each widget through a template).
The rows come from ``format_html`` here instead; the filter fields, whose HTML depends only
on the language, the fields the role has and the values typed, are rendered once per such
combination and kept (a few hundred, per process: the code and the catalogue only change
with a restart). ``persons/list.html`` and ``_results.html`` call these two tags.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from django import forms, template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from reentry.persons.models import Person, PersonStatus

register = template.Library()

_SENTINEL = 987654321987  # a file number no database reaches, replaced in the reversed URL


@register.simple_tag
def person_rows(rows: Iterable[Person]) -> SafeString:
    """One ``<tr>`` per file: name (and other names) linking to the file, date or year of
    birth (dd/mm/yyyy), CCCD or "—", commune, status badge."""
    detail = reverse("persons:detail", args=[_SENTINEL])
    # once per page, not per row: get_status_display() rebuilds the choices at every call
    status_labels = {value: str(label) for value, label in PersonStatus.choices}
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a>{}</td><td>{}</td><td class="code">{}</td><td>{}</td>'
        '<td><span class="badge badge-{}">{}</span></td></tr>',
        (
            (
                detail.replace(str(_SENTINEL), str(person.pk)),
                person.full_name,
                format_html(' <span class="muted">({})</span>', person.other_names)
                if person.other_names
                else "",
                f"{person.date_of_birth:%d/%m/%Y}"
                if person.date_of_birth
                else (person.birth_year or ""),
                person.national_id or "—",
                person.commune.name,
                person.status,
                status_labels.get(person.status, person.status),
            )
            for person in rows
        ),
    )


_FIELDS_KEPT = 512
_fields_html: OrderedDict[tuple[object, ...], SafeString] = OrderedDict()
_fields_lock = threading.Lock()


@register.simple_tag
def filter_fields(form: forms.Form) -> SafeString:
    """The filter form's fields (label, widget, errors), as ``persons/_filter_fields.html``
    renders them, from the kept copy when the same fields had the same values before."""
    values = tuple(form.data.get(name, "") for name in form.fields) if form.is_bound else None
    key = (get_language(), tuple(form.fields), values)
    with _fields_lock:
        html = _fields_html.get(key)
        if html is not None:
            _fields_html.move_to_end(key)
            return html
    html = SafeString(render_to_string("persons/_filter_fields.html", {"form": form}))
    with _fields_lock:
        _fields_html[key] = html
        if len(_fields_html) > _FIELDS_KEPT:
            _fields_html.popitem(last=False)
    return html
