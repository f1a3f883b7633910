from __future__ import annotations

from django import template
from django.utils.translation import gettext, ngettext

from samskap.analysis.matching import Note
from samskap.events.models import AttendanceMode

register = template.Library()


@register.filter
def minutes_seconds(seconds: int) -> str:
    """120 → "2:00": a round's time left as a timer shows it."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def percent(value: float) -> str:
    """0.874 → "87 %": a share as people read it."""
    return f"{round(float(value) * 100)} %"


@register.filter
def matching_note(note: Note) -> str:
    """A note from the team matching, in the reader's language. Challenge ids are shown
    as titles where the note says which one (the template passes only the note)."""
    mode = str(AttendanceMode(note.mode).label) if note.mode in AttendanceMode.values else ""
    messages = {
        "unplaced": ngettext("%(count)d person is in no team.", "%(count)d people are in no team.", note.count),
        "short_team": ngettext(
            "%(mode)s: %(count)d person cannot make a full team.",
            "%(mode)s: %(count)d people cannot make a full team.",
            note.count,
        ),
        "team_size": ngettext(
            "%(mode)s: %(count)d team is more than one person away from the team size.",
            "%(mode)s: %(count)d teams are more than one person away from the team size.",
            note.count,
        ),
        "mode_mismatch": ngettext(
            "%(mode)s: %(count)d person is in a team of the other mode.",
            "%(mode)s: %(count)d people are in a team of the other mode.",
            note.count,
        ),
        "no_lived_experience": gettext("%(mode)s: no one with lived experience has a place."),
        "without_lived_experience": ngettext(
            "%(mode)s: %(count)d team has no one with lived experience.",
            "%(mode)s: %(count)d teams have no one with lived experience.",
            note.count,
        ),
        "unmet_preferences": ngettext(
            "%(mode)s: %(count)d person got none of their three choices.",
            "%(mode)s: %(count)d people got none of their three choices.",
            note.count,
        ),
        "challenge_without_team": gettext("A challenge has no team."),
        "group_split": gettext("People who registered as “%(group)s” are split over %(count)d teams."),
    }
    message = messages.get(note.code)
    if message is None:
        return note.text
    return message % {"mode": mode, "count": note.count, "group": note.group or ""}
