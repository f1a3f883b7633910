from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def minutes_seconds(seconds: int) -> str:
    """120 → "2:00": a round's time left as a timer shows it."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def has_reacted(reacted: set[tuple[int, str]], key: str) -> bool:
    """`reacted|has_reacted:"12:dot"`: whether this participant gave contribution 12 a dot."""
    contribution_id, _sep, kind = key.partition(":")
    return (int(contribution_id), kind) in reacted if contribution_id.isdigit() else False
