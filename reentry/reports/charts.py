"""Charts as SVG, drawn on the server from the report's figures.

The same SVG text is put inline in the page and drawn into the PDF (fpdf2 reads SVG), so a
chart on screen and on paper cannot disagree. Only plain elements are used (lines,
polylines, rectangles, circles, text) with the DejaVu font, which has every Vietnamese
letter. Each chart carries its figures as a table too, for screen readers and for checking.
The map is drawn from the communes' own coordinates: no tiles, nothing from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from math import floor, log10, sqrt

FONT = "DejaVu"
PALETTE = ("#1f5f99", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#5d6d7e", "#117a65")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 28, 56


@dataclass
class Chart:
    title: str
    svg: str
    columns: list[str] = field(default_factory=list)  # the figures as a table
    rows: list[list[str]] = field(default_factory=list)


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _text(
    x: float, y: float, text: str, *, size: int = 11, anchor: str = "start", **extra: str
) -> str:
    attrs = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'text-anchor="{anchor}" fill="#222"{attrs}>{escape(text)}</text>'
    )


def _svg(title: str, body: list[str], width: int = WIDTH, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _nice_max(value: float) -> float:
    """A round top for the value axis: four steps of 1, 2, 2.5 or 5 times a power of ten
    (at least 1, the figures being counts), so the gridlines read as round numbers."""
    raw = max(value, 0) / 4
    if raw <= 0:
        return 4
    power = 10 ** floor(log10(raw))
    step = next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)
    return max(step, 1) * 4


def _axes(top_value: float, suffix: str) -> list[str]:
    body = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top_value * i / 4
        y = HEIGHT - BOTTOM - plot_h * i / 4
        body.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#dddddd" stroke-width="1"/>'
        )
        body.append(_text(LEFT - 6, y + 4, _number(value) + suffix, size=10, anchor="end"))
    return body


def _legend(labels: list[str], y: float) -> tuple[list[str], float]:
    """Coloured keys left to right, wrapping onto new lines; returns the last line's y."""
    body = []
    x = float(LEFT)
    for i, label in enumerate(labels):
        width = 24 + 6.2 * len(label)
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + 16
        colour = PALETTE[i % len(PALETTE)]
        body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(x + 14, y, label, size=10))
        x += width
    return body, y


def line_chart(
    title: str,
    x_labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    y_max: float | None = None,
    suffix: str = "",
) -> Chart:
    """One line per series over the ``x_labels``; a missing value (None) breaks the line."""
    top = y_max or _nice_max(max((v for _, vs in series for v in vs if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)
    body = [_text(LEFT, 16, title, size=12, font_weight="bold"), *_axes(top, suffix)]
    every = max(1, len(x_labels) // 12)
    for i, label in enumerate(x_labels):
        if i % every == 0:
            body.append(
                _text(LEFT + i * step, HEIGHT - BOTTOM + 16, label, size=10, anchor="middle")
            )
    for index, (_label, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        run: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is None:
                if len(run) > 1:
                    body.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2"/>'
                    )
                elif run:
                    cx, cy = run[0].split(",")
                    body.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
                run = []
                continue
            y = HEIGHT - BOTTOM - plot_h * min(value, top) / top
            run.append(f"{LEFT + i * step:.1f},{y:.1f}")
    legend, last = _legend([label for label, _ in series], HEIGHT - 14)
    body += legend
    rows = [
        [x, *("" if (v := vs[i]) is None else _number(v) + suffix for _, vs in series)]
        for i, x in enumerate(x_labels)
    ]
    height = int(last) + 10
    return Chart(
        title, _svg(title, body, height=height), ["", *[label for label, _ in series]], rows
    )


def bar_chart(title: str, items: Sequence[tuple[str, float]], *, suffix: str = "") -> Chart:
    """Horizontal bars, one per item, with the value written at the end of each."""
    row_h = 22
    height = TOP + row_h * max(len(items), 1) + 12
    label_w = 250
    plot_w = WIDTH - label_w - 70
    top = _nice_max(max((v for _, v in items), default=0))
    body = [_text(8, 16, title, size=12, font_weight="bold")]
    for i, (label, value) in enumerate(items):
        y = TOP + i * row_h
        width = plot_w * value / top if top else 0
        body.append(_text(label_w - 8, y + 14, label, size=10, anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 3:.1f}" width="{width:.1f}" height="{row_h - 7}" '
            f'fill="{PALETTE[i % len(PALETTE)] if len(items) <= 4 else PALETTE[0]}"/>'
        )
        body.append(_text(label_w + width + 6, y + 14, _number(value) + suffix, size=10))
    rows = [[label, _number(value) + suffix] for label, value in items]
    return Chart(title, _svg(title, body, height=height), ["", title], rows)


@dataclass(frozen=True)
class MapPoint:
    name: str
    latitude: float
    longitude: float
    value: int | None  # None: a figure the reader may not see (1 to 4 people)


def commune_map(title: str, points: list[MapPoint], *, legend: str) -> Chart:
    """Each commune as a circle at its coordinates (an equirectangular projection fitted to
    the points), its area proportional to ``value``; communes with nothing are small grey
    dots, so the shape of the province still shows."""
    width, height, pad = 640, 480, 30
    if not points:
        return Chart(title, _svg(title, [_text(20, 40, title, size=12)], width, 80))
    lats = [p.latitude for p in points]
    lons = [p.longitude for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    span_lat = max(north - south, 0.01)
    span_lon = max(east - west, 0.01)
    scale = min((width - 2 * pad) / span_lon, (height - 2 * pad - 20) / span_lat)
    top_value = max((p.value or 0 for p in points), default=0) or 1
    body = [_text(8, 16, title, size=12, font_weight="bold")]

    def xy(point: MapPoint) -> tuple[float, float]:
        x = pad + (point.longitude - west) * scale
        y = pad + 20 + (north - point.latitude) * scale
        return x, y

    for point in sorted(points, key=lambda p: -(p.value or 0)):  # big circles under small ones
        x, y = xy(point)
        if point.value is None:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="none" stroke="{PALETTE[0]}" '
                f'stroke-width="1"><title>{escape(point.name)}: &lt;5</title></circle>'
            )
        elif point.value:
            radius = 3 + 17 * sqrt(point.value / top_value)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{PALETTE[0]}" '
                f'fill-opacity="0.55" stroke="#0b2f4f" stroke-width="0.8">'
                f"<title>{escape(point.name)}: {point.value}</title></circle>"
            )
        else:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#9aa5b1"/>')
    body.append(_text(8, height - 8, legend, size=10))
    ordered = sorted(points, key=lambda p: (-(p.value or 0), p.name))
    rows = [
        [p.name, "<5" if p.value is None else _number(p.value)] for p in ordered if p.value != 0
    ]
    return Chart(title, _svg(title, body, width, height), ["", legend], rows)
