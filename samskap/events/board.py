"""The cards of a participant's board (what others at the table wrote), drawn once per state.

A phone redraws its table's board after every tap and whenever the table changes; at a
workshop of a thousand people that is hundreds of boards a second, each with up to some fifty
cards, and drawing every card through the template language cost more than the rest of the
answer. Most of a card is the same on every phone: its text, its counts, the writer's name, the
buttons' words. That part is drawn once per state of the card (text, counts, name, language) and
kept in this process; what differs from phone to phone — whether this phone agreed or gave a dot,
and its CSRF token — is put into the drawn card per answer. A new count is a new state, so a card
is drawn again only when it changed; the other cards of the board come from the cache.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from samskap.events.models import ReactionKind
from samskap.events.selectors import BoardCard

CARD_TEMPLATE = "events/_contribution_card.html"
# Drawn cards kept per process: enough for every card of a large event in a few languages,
# a few megabytes at most.
CARDS_KEPT = 20_000
# The places in a drawn card that differ per phone. The markers cannot occur in anything a
# person writes (forms refuse NUL characters) and differ per process all the same.
_MARK = secrets.token_hex(6)
SLOTS = ("csrf_token", "agree_on", "agree_variant", "agree_pressed", "dot_on", "dot_variant", "dot_pressed")
_SLOT = re.compile(f"\x00{_MARK}:({'|'.join(SLOTS)})\x00")


def board_cards(
    cards: Iterable[BoardCard],
    reacted: set[tuple[int, str]],
    *,
    names_shown: bool,
    dot_voting: bool,
    react_url: str,
    csrf_token: str,
) -> SafeString:
    """`cards` as one phone sees them: `reacted` is what it reacted to, as (contribution, kind)
    pairs, `csrf_token` the token its forms carry."""
    language = translation.get_language() or ""
    html: list[str] = []
    for card in cards:
        author = card.display_name if names_shown else ""
        parts = _card_parts(
            card.pk, card.text, card.agree_count, card.dot_count, author, dot_voting, react_url, language
        )
        state = {"csrf_token": csrf_token}
        state.update(_pressed("agree", (card.pk, ReactionKind.AGREE) in reacted))
        state.update(_pressed("dot", (card.pk, ReactionKind.DOT) in reacted))
        # Literal text at even places, slot names at odd ones (re.split with a group).
        html.extend(part if index % 2 == 0 else state[part] for index, part in enumerate(parts))
    return mark_safe("".join(html))  # noqa: S308 - drawn by the template (escaped); the slots are fixed words and a token


def _pressed(kind: str, pressed: bool) -> dict[str, str]:
    # A pressed button takes the reaction back when pressed again (sets, never toggles).
    if pressed:
        return {f"{kind}_on": "0", f"{kind}_variant": "primary", f"{kind}_pressed": "true"}
    return {f"{kind}_on": "1", f"{kind}_variant": "secondary", f"{kind}_pressed": "false"}


@functools.lru_cache(maxsize=CARDS_KEPT)
def _card_parts(
    pk: int,
    text: str,
    agree_count: int,
    dot_count: int,
    author: str,
    dot_voting: bool,
    react_url: str,
    language: str,
) -> tuple[str, ...]:
    """The card drawn in `language` with a marker in each slot, split at the markers."""
    context = {
        "c": {"pk": pk, "text": text, "agree_count": agree_count, "dot_count": dot_count},
        "author": author,
        "dot_voting": dot_voting,
        "react_url": react_url,
        **{slot: f"\x00{_MARK}:{slot}\x00" for slot in SLOTS},
    }
    with translation.override(language):
        drawn = render_to_string(CARD_TEMPLATE, context)
    return tuple(_SLOT.split(drawn))
