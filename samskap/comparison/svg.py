"""Server-rendered SVG for a comparison of municipalities: one line per municipality over
the periods (bars when there is one period), the national figure as a dashed reference.

The picture is never the only way to read it: the SVG has a title and a description, and
the same figures are in a data table beside it. Municipalities differ by marker shape and
line pattern as well as colour, and each line is labelled at its end. Suppressed and
missing figures leave a gap; a series break is a labelled vertical line. Colours and patterns
are SVG presentation attributes (the Content-Security-Policy forbids inline styles; attributes
are not styles), so the same markup serves the web page, the HTML export and the PDF.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samskap.comparison.selectors import ComparisonTable, Row
from samskap.improvement.svg import nice_ticks

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 24, 48
SHAPES = ("circle", "square", "triangle", "diamond", "cross", "star")
# Colour and line pattern per municipality, and the national reference, as presentation
# attributes: they survive in the HTML export and the PDF, where the app's stylesheet is
# absent. Each colour keeps 3:1 against white (WCAG 1.4.11).
STYLES = (
    ("#0b61a4", ""),
    ("#b35900", "8 3"),
    ("#00724e", "2 3"),
    ("#7a3e9d", "10 3 2 3"),
    ("#b3261e", ""),
    ("#3d3d3d", "4 2"),
)
NATIONAL = ("#595959", "5 4")
TEXT = 'fill="#444444" font-size="11"'


# Marker outlines as offsets from the centre; a cross is two strokes.
POLYGONS = {
    "triangle": ((0, -5.5), (5, 4), (-5, 4)),
    "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    "star": (
        (0, -5), (1.5, -1.5), (5, -1), (2.3, 1.6), (3, 5), (0, 3.2), (-3, 5), (-2.3, 1.6), (-5, -1), (-1.5, -1.5),
    ),
}  # fmt: skip


def _marker(shape: str, x: float, y: float, css: str, colour: str) -> str:
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="4.5" {paint}/>'
    if shape == "square":
        return f'<rect class="{css}" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {paint}/>'
    if shape == "cross":
        return (
            f'<path class="{css}" d="M{x - 4.5:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y + 4.5:.1f} '
            f'M{x + 4.5:.1f},{y - 4.5:.1f} L{x - 4.5:.1f},{y + 4.5:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="2"/>'
        )
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in POLYGONS[shape])
    return f'<polygon class="{css}" points="{points}" {paint}/>'


def describe(table: ComparisonTable) -> str:
    """One sentence per municipality: its latest published figure, for a screen reader."""
    parts = []
    for row in table.rows:
        latest = next(
            (
                (period, v)
                for period, v in zip(reversed(table.periods), reversed(row.values), strict=True)
                if v.value is not None
            ),
            None,
        )
        if latest is None:
            parts.append(_("%(name)s: no published figure.") % {"name": row.name})
        else:
            parts.append(
                _("%(name)s: %(value)s in %(period)s.")
                % {"name": row.name, "value": latest[1].text, "period": latest[0]}
            )
    head = _("%(unit)s, %(first)s–%(last)s.") % {
        "unit": table.unit,
        "first": table.periods[0] if table.periods else "",
        "last": table.periods[-1] if table.periods else "",
    }
    return " ".join([head, *parts, _("The figures are in the table below.")])


def comparison_svg(table: ComparisonTable, *, svg_id: str = "comparison") -> SafeString:
    title = escape(table.title)
    desc = escape(describe(table))
    out = [
        f'<svg class="samskap-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{svg_id}-title">{title}</title><desc id="{svg_id}-desc">{desc}</desc>'
    ]
    values = [v.value for row in table.rows for v in row.values if v.value is not None]
    if not values or not table.periods:
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308 - every text is escaped
    low = min(0.0, min(values))
    high = max(values)
    ticks = nice_ticks(low, high)
    if ticks:
        low, high = min(low, ticks[0]), max(high, ticks[-1])
    if high == low:
        high = low + 1
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + inner_h * (1 - (value - low) / (high - low))

    count = len(table.periods)
    step = inner_w / count
    xs = [LEFT + step * (k + 0.5) for k in range(count)]

    out.append('<g class="samskap-chart__grid" aria-hidden="true">')
    for tick in ticks:
        y = y_of(tick)
        label = escape(_tick_label(tick, table.decimals))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + inner_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {TEXT}>{label}</text>')
    for x, period in zip(xs, table.periods, strict=True):
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" {TEXT}>{escape(period)}</text>')
    out.append("</g>")

    for period in table.break_periods:
        if period in table.periods:
            x = xs[table.periods.index(period)] - step / 2
            out.append(
                f'<g class="samskap-chart__break" aria-hidden="true"><line x1="{x:.1f}" x2="{x:.1f}" '
                f'y1="{TOP}" y2="{TOP + inner_h}" stroke="#1a1a1a" stroke-dasharray="2 2"/>'
                f'<text x="{x + 4:.1f}" y="{TOP + 10}" {TEXT} font-style="italic">'
                f"{escape(_('series break'))}</text></g>"
            )

    if count == 1:
        out.extend(_bars(table.rows, xs[0], step, y_of, low))
    else:
        out.extend(_lines(table, xs, y_of))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped


def _tick_label(value: float, decimals: int) -> str:
    from django.utils.formats import number_format

    places = 0 if float(value).is_integer() else min(max(decimals, 1), 2)
    return str(number_format(value, places, use_l10n=True, force_grouping=True))


def _css(index: int, row: Row) -> str:
    return "samskap-series--national" if row.national else f"samskap-series--{index % len(SHAPES)}"


def _style(index: int, row: Row) -> tuple[str, str]:
    return NATIONAL if row.national else STYLES[index % len(STYLES)]


def _lines(table: ComparisonTable, xs: list[float], y_of: object) -> list[str]:
    assert callable(y_of)
    out: list[str] = []
    labels: list[tuple[float, str, str, str]] = []
    municipality = 0
    for row in table.rows:
        index = municipality
        if not row.national:
            municipality += 1
        css = _css(index, row)
        colour, dashes = _style(index, row)
        shape = "circle" if row.national else SHAPES[index % len(SHAPES)]
        out.append(f'<g class="samskap-series {css}" aria-hidden="true">')
        segment: list[tuple[float, float]] = []
        segments: list[list[tuple[float, float]]] = []
        for k, value in enumerate(row.values):
            # A series break or a gap ends a line: figures across it are not comparable.
            if value.value is None or value.starts_series:
                if len(segment) > 1:
                    segments.append(segment)
                segment = []
            if value.value is not None:
                segment.append((xs[k], y_of(value.value)))
        if len(segment) > 1:
            segments.append(segment)
        for points in segments:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            pattern = f' stroke-dasharray="{dashes}"' if dashes else ""
            out.append(
                f'<polyline class="samskap-series__line" points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="{1.6 if row.national else 2.2}"{pattern}/>'
            )
        last = None
        for k, value in enumerate(row.values):
            if value.value is not None:
                x, y = xs[k], y_of(value.value)
                out.append(_marker(shape, x, y, "samskap-series__marker", colour))
                last = (x, y)
        out.append("</g>")
        if last is not None:
            labels.append((last[1], row.name, css, colour))
    # Labels at the right edge, nudged apart so they never overlap.
    labels.sort()
    placed: list[float] = []
    for y, name, css, colour in labels:
        y = max(y, placed[-1] + 14) if placed else y
        placed.append(y)
        out.append(
            f'<text class="samskap-series__label {css}" x="{WIDTH - RIGHT + 10}" y="{y + 4:.1f}" aria-hidden="true" '
            f'fill="{colour}" font-size="13" font-weight="600">'
            f"{escape(name)}</text>"
        )
    return out


def _bars(rows: list[Row], centre: float, step: float, y_of: object, low: float) -> list[str]:
    assert callable(y_of)
    out: list[str] = []
    width = min(60.0, step * 0.8 / max(len(rows), 1))
    start = centre - width * len(rows) / 2
    base = y_of(max(low, 0.0))
    municipality = 0
    for k, row in enumerate(rows):
        index = municipality
        if not row.national:
            municipality += 1
        css = _css(index, row)
        colour, _dashes = _style(index, row)
        value = row.values[0].value
        x = start + k * width
        out.append(f'<g class="samskap-series {css}" aria-hidden="true">')
        if value is not None:
            y = y_of(value)
            top, height = min(y, base), abs(base - y)
            out.append(
                f'<rect class="samskap-series__bar" x="{x + 2:.1f}" y="{top:.1f}" '
                f'width="{width - 4:.1f}" height="{height:.1f}" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{top - 4:.1f}" text-anchor="middle" {TEXT}>'
                f"{escape(row.values[0].text)}</text>"
            )
        out.append(
            f'<text class="samskap-series__label" x="{x + width / 2:.1f}" y="{HEIGHT - BOTTOM + 34}" '
            f'text-anchor="middle" fill="{colour}" font-size="11">{escape(row.name[:14])}</text></g>'
        )
    return out
