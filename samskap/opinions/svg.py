"""The opinion groups as a server-rendered SVG: one circle per base cluster (area ∝ people),
each group marked by a letter as well as a colour, with a title and a text description."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.opinions.selectors import ResultView

WIDTH, HEIGHT, PAD = 640, 400, 36
# Colours from Designsystemet's palette families, each with contrast ≥ 3:1 on white.
COLOURS = ("#1e6fb3", "#b2402b", "#247a3d", "#7a4fa3", "#8a6100")


def opinion_map_svg(view: ResultView, *, element_id: str) -> SafeString:
    if not view.base:
        return mark_safe("")
    xs = [row[0] for row in view.base]
    ys = [row[1] for row in view.base]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    biggest = max(row[2] for row in view.base) or 1

    def px(x: float) -> float:
        return PAD + (x - min(xs)) / span_x * (WIDTH - 2 * PAD)

    def py(y: float) -> float:
        return HEIGHT - PAD - (y - min(ys)) / span_y * (HEIGHT - 2 * PAD)

    letters = {ord(g.letter) - ord("A"): g for g in view.groups}
    parts: list[str] = []
    for x, y, size, cluster_group in view.base:
        group = int(cluster_group)
        colour = COLOURS[group % len(COLOURS)] if group in letters else "#6b6b6b"
        radius = 3 + 14 * math.sqrt(size / biggest)
        parts.append(
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.45" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    for index, shown in letters.items():
        members = [row for row in view.base if int(row[3]) == index]
        weight = sum(row[2] for row in members) or 1
        cx = sum(px(row[0]) * row[2] for row in members) / weight
        cy = sum(py(row[1]) * row[2] for row in members) / weight
        label = f"{shown.letter} ({shown.size})"
        parts.append(
            f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" dominant-baseline="middle" font-size="20" '
            f'font-weight="700" fill="#1a1a1a" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
            f"{escape(label)}</text>"
        )
    title = _("Opinion groups")
    described = [
        ngettext(
            "Group %(letter)s: %(count)d participant",
            "Group %(letter)s: %(count)d participants",
            g.size,
        )
        % {"letter": g.letter, "count": g.size}
        for g in view.groups
    ]
    description = _(
        "Each circle is a cluster of participants who voted alike; bigger circles hold more people, "
        "and people close together voted more alike. %(groups)s."
    ) % {"groups": "; ".join(described)}
    svg = (
        f'<svg class="samskap-opinion-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(description)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#c4c4c4"/>'
        + "".join(parts)
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text part above is escaped
