"""Server-rendered SVG for SPC charts: a full chart for a measure's page and a small
multiple for the network page.

The SVG carries a title and a description (role="img", aria-labelledby); the numbers are in
a data table next to it, so the picture is never the only way to read the chart. Signals are
shown by shape as well as colour: special-cause points are drawn as larger diamonds,
excluded points as hollow rings. Colours and line styles come from CSS classes in app.css
(the Content-Security-Policy forbids inline styles).

Built with string joins rather than templates: a network page draws ninety of these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.analysis.spc.model import FloatArray
from samskap.improvement.charts import MeasureChart


@dataclass(frozen=True, slots=True)
class Box:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


FULL = Box(width=760, height=360, left=56, right=16, top=28, bottom=56)
SMALL = Box(width=280, height=120, left=8, right=8, top=8, bottom=8)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (Heckbert's nice numbers)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _label(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    return str(number_format(value, decimals))


def _tick_decimals(ticks: Sequence[float]) -> int:
    """One number of decimals for a whole axis: as many as its most precise tick needs."""
    return max((len(f"{t:.3f}".rstrip("0").split(".")[1]) for t in ticks), default=0)


_PAIR = "{:.1f},{:.1f}".format


def _polyline(points: Sequence[tuple[float, float]], css: str) -> str:
    if len(points) < 2:
        return ""
    coords = " ".join(_PAIR(x, y) for x, y in points)
    return f'<polyline class="{css}" points="{coords}"/>'


def _step_lines(xs: FloatArray, ys: FloatArray, bounds: Sequence[tuple[int, int]], half: float, css: str) -> list[str]:
    """A line per part and per run of finite values, drawn as steps only where the value
    changes (P and U limits follow the denominator; I chart limits are one flat line)."""
    out: list[str] = []
    for start, stop in bounds:
        finite = np.isfinite(ys[start:stop])
        k = 0
        size = stop - start
        while k < size:
            if not finite[k]:
                k += 1
                continue
            j = k
            while j < size and finite[j]:
                j += 1
            lo, hi = start + k, start + j
            run = ys[lo:hi]
            left = xs[lo:hi] - half
            changes = np.flatnonzero(run[1:] != run[:-1]) + 1
            px = np.concatenate(([left[0]], np.repeat(left[changes], 2), [xs[hi - 1] + half]))
            py = np.concatenate(([run[0]], np.column_stack((run[changes - 1], run[changes])).ravel(), [run[-1]]))
            points = list(zip(px.tolist(), py.tolist(), strict=True))
            out.append(_polyline(points, css))
            k = j
    return [line for line in out if line]


def chart_svg(chart: MeasureChart, *, small: bool = False, svg_id: str = "chart") -> SafeString:
    """The chart as an inline SVG element (markup, already escaped)."""
    box = SMALL if small else FULL
    result = chart.result
    title = escape(chart.measure.title)
    desc = escape(describe(chart))
    head = (
        f'<svg class="samskap-chart{" samskap-chart--small" if small else ""}" viewBox="0 0 {box.width} {box.height}" '
        f'role="img" aria-labelledby="{svg_id}-title {svg_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{svg_id}-title">{title}</title><desc id="{svg_id}-desc">{desc}</desc>'
    )
    if result is None:
        return mark_safe(head + "</svg>")  # noqa: S308 - title and description are escaped

    y = result.y
    candidates = [y, result.cl, result.lcl, result.ucl]
    finite = np.concatenate([c[np.isfinite(c)] for c in candidates])
    target = chart.measure.target
    if target is not None and math.isfinite(target):
        finite = np.append(finite, target)
    low, high = float(finite.min()), float(finite.max())
    ticks = [] if small else nice_ticks(low, high)
    if ticks:
        low, high = min(low, ticks[0]), max(high, ticks[-1])
    if high == low:
        high, low = high + 1, low - 1
    inner_w = box.width - box.left - box.right
    inner_h = box.height - box.top - box.bottom
    size = len(y)
    step = inner_w / max(size, 1)
    xs: FloatArray = (box.left + step * (np.arange(size) + 0.5)).astype(np.float64)

    def ys(v: float) -> float:
        return box.top + inner_h * (1 - (v - low) / (high - low))

    def pixels(values: FloatArray) -> FloatArray:
        return box.top + inner_h * (1 - (values - low) / (high - low))

    bounds = [(part.start, part.stop) for part in result.parts]
    half = step / 2

    def xi(index: float) -> float:
        return box.left + step * (index + 0.5)

    parts: list[str] = [head]
    if not small:
        parts.append('<g class="samskap-chart__grid">')
        decimals = _tick_decimals(ticks)
        for t in ticks:
            parts.append(
                f'<line x1="{box.left}" x2="{box.width - box.right}" y1="{_fmt(ys(t))}" y2="{_fmt(ys(t))}"/>'
                f'<text x="{box.left - 6}" y="{_fmt(ys(t) + 4)}" text-anchor="end">{escape(_label(t, decimals))}</text>'
            )
        label_every = max(1, math.ceil(size / 8))
        for k in range(0, size, label_every):
            period = chart.observations[k].period
            parts.append(
                f'<text x="{_fmt(float(xs[k]))}" y="{box.height - box.bottom + 18}" text-anchor="middle">'
                f"{escape(date_format(period, 'SHORT_DATE_FORMAT'))}</text>"
            )
        parts.append("</g>")
        for marker in chart.markers:
            if marker.kind in ("phase", "baseline"):
                x = _fmt(xi(marker.index))
                parts.append(
                    f'<line class="samskap-chart__{marker.kind}" x1="{x}" x2="{x}" y1="{box.top}" '
                    f'y2="{box.height - box.bottom}"/>'
                )
    if target is not None and math.isfinite(target):
        ty = _fmt(ys(target))
        parts.append(
            f'<line class="samskap-chart__target" x1="{box.left}" x2="{box.width - box.right}" y1="{ty}" y2="{ty}"/>'
        )
    parts.extend(_step_lines(xs, pixels(result.lcl), bounds, half, "samskap-chart__limit"))
    parts.extend(_step_lines(xs, pixels(result.ucl), bounds, half, "samskap-chart__limit"))
    # qicharts2's convention: a runs signal marks the part's centre line, a sigma signal the
    # point. Under the MDC rules every point carries its own type instead.
    centre = result.cl.copy()
    signalled = np.full_like(result.cl, np.nan)
    if result.mdc is None:
        for part in result.parts:
            if part.runs_signal:
                signalled[part.start : part.stop] = centre[part.start : part.stop]
                centre[part.start : part.stop] = np.nan
    parts.extend(_step_lines(xs, pixels(centre), bounds, half, "samskap-chart__centre"))
    parts.extend(
        _step_lines(xs, pixels(signalled), bounds, half, "samskap-chart__centre samskap-chart__centre--signal")
    )
    y_pixels = pixels(y)
    finite = np.isfinite(y_pixels)
    parts.append(
        _polyline(list(zip(xs[finite].tolist(), y_pixels[finite].tolist(), strict=True)), "samskap-chart__data")
    )
    radius = 2.2 if small else 3.5
    point_types = result.mdc.point_type if result.mdc else None
    signal = result.special_cause if point_types is not None else result.sigma_signal
    # Small multiples show the line; only signals and exclusions get a mark there.
    marked = finite if not small else finite & (signal | ~result.include)
    for k in np.flatnonzero(marked).tolist():
        cx, cy = _fmt(float(xs[k])), _fmt(float(y_pixels[k]))
        if not result.include[k]:
            parts.append(f'<circle class="samskap-chart__excluded" cx="{cx}" cy="{cy}" r="{radius + 1}"/>')
        elif signal[k]:
            css = "samskap-chart__signal"
            if point_types is not None:
                css += " samskap-chart__signal--" + point_types[k].replace("special_cause_", "").replace("_", "-")
            r = radius * 1.6
            parts.append(
                f'<path class="{css}" d="M{cx} {_fmt(float(y_pixels[k]) - r)}l{_fmt(r)} {_fmt(r)}l-{_fmt(r)} {_fmt(r)}'
                f'l-{_fmt(r)} -{_fmt(r)}z"/>'
            )
        else:
            parts.append(f'<circle class="samskap-chart__point" cx="{cx}" cy="{cy}" r="{radius}"/>')
    if not small:
        for marker in chart.markers:
            mx = _fmt(xi(marker.index))
            if marker.kind == "annotation":
                parts.append(
                    f'<g class="samskap-chart__note"><circle cx="{mx}" cy="{box.top - 12}" r="9"/>'
                    f'<text x="{mx}" y="{box.top - 8}" text-anchor="middle">{marker.number}</text></g>'
                )
            elif marker.kind == "pdsa":
                base = box.height - box.bottom + 26
                parts.append(
                    f'<g class="samskap-chart__pdsa"><path d="M{mx} {base}l7 12h-14z"/>'
                    f'<text x="{mx}" y="{base + 24}" text-anchor="middle">P{marker.number}</text></g>'
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it went through escape()


def describe(chart: MeasureChart) -> str:
    """A sentence or three a screen reader can read instead of the picture."""
    names = {
        "run": _("Run chart"),
        "i": _("I chart"),
        "mr": _("MR chart"),
        "p": _("P chart"),
        "pp": _("P′ chart"),
        "u": _("U chart"),
        "up": _("U′ chart"),
        "c": _("C chart"),
        "g": _("G chart"),
        "t": _("T chart"),
    }
    result = chart.result
    if result is None or not chart.observations:
        return _("No chart yet: there are too few observations.")
    first, last = chart.observations[0].period, chart.observations[-1].period
    text = _("%(chart)s with %(count)d points from %(first)s to %(last)s.") % {
        "chart": names.get(chart.chart, chart.chart),
        "count": len(result),
        "first": date_format(first, "SHORT_DATE_FORMAT"),
        "last": date_format(last, "SHORT_DATE_FORMAT"),
    }
    centre = result.cl[-1]
    if np.isfinite(centre):
        label = _("Median") if chart.chart == "run" else _("Centre line")
        text += " " + _("%(label)s now %(value)s.") % {"label": label, "value": _label(float(centre))}
    signals = int(result.special_cause.sum())
    if signals:
        text += " " + ngettext(
            "%(count)d point shows special-cause variation.", "%(count)d points show special-cause variation.", signals
        ) % {"count": signals}
    else:
        text += " " + _("No signals of special-cause variation.")
    return text


def _wrap(text: str, width: int = 28, lines: int = 3) -> list[str]:
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def driver_diagram_svg(project: object, tree: list[dict[str, object]], loose_ideas: Sequence[object]) -> SafeString:
    """The driver diagram drawn left to right: aim → primary → secondary drivers → change
    ideas. The page lists the same content as a nested list; this is the picture of it."""
    col_w, box_w, slot_h, box_h, pad = 230, 205, 62, 52, 10
    boxes: list[str] = []
    links: list[tuple[float, float, float, float]] = []

    def box(column: int, centre_y: float, text: str, css: str) -> tuple[float, float]:
        x = pad + column * col_w
        y = centre_y - box_h / 2
        wrapped = _wrap(text)
        first = centre_y - (len(wrapped) - 1) * 7.5 + 4
        spans = "".join(
            f'<tspan x="{_fmt(x + 8)}" y="{_fmt(first + k * 15)}">{escape(line)}</tspan>'
            for k, line in enumerate(wrapped)
        )
        boxes.append(
            f'<g class="samskap-driver samskap-driver--{css}"><rect x="{_fmt(x)}" y="{_fmt(y)}" width="{box_w}" '
            f'height="{box_h}" rx="6"/><text>{spans}</text></g>'
        )
        return x, centre_y

    slot = 0

    def next_slot() -> float:
        nonlocal slot
        slot += 1
        return pad + (slot - 0.5) * slot_h

    primaries: list[tuple[float, float]] = []
    for node in tree:
        primary = node["driver"]
        child_centres: list[tuple[float, float]] = []
        for child in node["children"]:  # type: ignore[attr-defined]
            idea_centres = [box(3, next_slot(), i.text, "idea") for i in child["ideas"]]
            centre = sum(c[1] for c in idea_centres) / len(idea_centres) if idea_centres else next_slot()
            sx, sy = box(2, centre, child["driver"].text, "secondary")
            links.extend((sx + box_w, sy, ix, iy) for ix, iy in idea_centres)
            child_centres.append((sx, sy))
        direct = [box(3, next_slot(), i.text, "idea") for i in node["ideas"]]  # type: ignore[attr-defined]
        everything = child_centres + direct
        centre = sum(c[1] for c in everything) / len(everything) if everything else next_slot()
        px, py = box(1, centre, primary.text, "primary")  # type: ignore[attr-defined]
        links.extend((px + box_w, py, cx, cy) for cx, cy in everything)
        primaries.append((px, py))
    loose = [box(3, next_slot(), i.text, "idea") for i in loose_ideas]  # type: ignore[attr-defined]
    height = pad * 2 + max(slot, 1) * slot_h
    targets = primaries + loose
    aim_y = sum(t[1] for t in targets) / len(targets) if targets else height / 2
    ax, ay = box(0, aim_y, project.aim or project.title, "aim")  # type: ignore[attr-defined]
    links.extend((ax + box_w, ay, tx, ty) for tx, ty in targets)
    width = pad * 2 + 3 * col_w + box_w
    headings = [_("Aim"), _("Primary drivers"), _("Secondary drivers"), _("Change ideas")]
    head = "".join(
        f'<text class="samskap-driver__heading" x="{pad + k * col_w + 4}" y="16">{escape(h)}</text>'
        for k, h in enumerate(headings)
    )
    lines = "".join(
        f'<path class="samskap-driver__link" d="M{_fmt(x1)} {_fmt(y1 + 24)}C{_fmt((x1 + x2) / 2)} {_fmt(y1 + 24)} '
        f'{_fmt((x1 + x2) / 2)} {_fmt(y2 + 24)} {_fmt(x2)} {_fmt(y2 + 24)}"/>'
        for x1, y1, x2, y2 in links
    )
    title = escape(_("Driver diagram (a drawing of the list above)"))
    return mark_safe(  # noqa: S308 - every text in it went through escape()
        f'<svg class="samskap-driver-diagram" viewBox="0 0 {width} {height + 24}" role="img" '
        f'aria-labelledby="driver-diagram-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="driver-diagram-title">{title}</title>{head}{lines}'
        f'<g transform="translate(0 24)">{"".join(boxes)}</g></svg>'
    )
