"""Live boards drawn once per state: a participant's board (what others at the table wrote), a
host's live block and the plenary screen's cards.

A phone redraws its table's board after every tap and whenever the table changes; at a
workshop of a thousand people that is hundreds of boards a second, each with up to some fifty
cards, and drawing every card through the template language cost more than the rest of the
answer. Most of a card is the same on every phone and after every tap: its text, the writer's
name, the buttons' words. That part is drawn once per card (text, name, language) and kept in
this process; what changes — the counts, whether this phone agreed or gave a dot, and its CSRF
token — is put into the drawn card per answer, so a card is drawn again only when what it says
changed (its text, the name shown); the other cards of the board come from the cache. A host's
cards and the plenary screen's are kept the same way: the screens ask every few seconds, and a
long draw in one of them held up the phones' answers.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from samskap.core.models import ParticipantRoleLabel
from samskap.events.forms import ContributionForm
from samskap.events.models import ReactionKind, Round
from samskap.events.selectors import (
    BoardCard,
    BoardColumn,
    BoardEvent,
    HostCard,
    OwnContributions,
    PhoneBoard,
    PlenaryCard,
)

# How often live boards ask whether anything changed.
LIVE_POLL_SECONDS = 3
PAGE_TEMPLATE = "events/participant_space.html"

CARD_TEMPLATE = "events/_contribution_card.html"
# Drawn cards kept per process, for each kind (a phone's, a host's, the plenary screen's):
# every card of a large event (5,000) in four languages. A drawn card is 1–3 KB, so a full
# cache holds some tens of megabytes.
CARDS_KEPT = 20_000
# The places in a drawn card or block that are filled in per answer: what differs per phone
# (pressed buttons, token, form key), what changes with every tap (counts), and the parts of a
# block drawn apart. The markers cannot occur in anything a person writes (forms refuse NUL
# characters) and differ per process all the same.
_MARK = secrets.token_hex(6)
SLOTS = (
    "csrf_token",
    "agree_count",
    "dot_count",
    "counts",
    "meta",
    "agree_on",
    "agree_variant",
    "agree_pressed",
    "dot_on",
    "dot_variant",
    "dot_pressed",
    "client_key",
    "cards",
    "fingerprint",
    "round",
)
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
        parts = _card_parts(card.pk, card.text, author, dot_voting, react_url, language)
        state = {"csrf_token": csrf_token, "agree_count": str(card.agree_count), "dot_count": str(card.dot_count)}
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
    author: str,
    dot_voting: bool,
    react_url: str,
    language: str,
) -> tuple[str, ...]:
    """The card drawn in `language` with a marker in each slot, split at the markers. The counts
    are slots too: every tap changes one, and a card drawn again per count cost more than the
    rest of a reaction's answer."""
    context = {
        "c": {"pk": pk, "text": text},
        "author": author,
        "dot_voting": dot_voting,
        "react_url": react_url,
        **{slot: _slot(slot) for slot in SLOTS},
    }
    with translation.override(language):
        drawn = render_to_string(CARD_TEMPLATE, context)
    return tuple(_SLOT.split(drawn))


def phone_board_html(
    *, code: str, event: BoardEvent, board: PhoneBoard, participant_id: int, csrf_token: str, error: str = ""
) -> str:
    """The board block of a participant's table page, in the active language: what the others
    at the table wrote (the participant's own cards left out), the round, the dots left. The
    block around the cards is drawn once per state and kept, as the cards are."""
    language = translation.get_language() or ""
    cards = board_cards(
        (card for card in board.cards if card.participant_id != participant_id),
        board.reacted,
        names_shown=event.names_shown,
        dot_voting=bool(event.dot_budget),
        react_url=reverse("events:participant_react", args=[code]),
        csrf_token=csrf_token,
    )
    the_round = board.current_round
    round_state = (
        (the_round.pk, the_round.number, the_round.minutes, the_round.opened_at, the_round.closed_at)
        if the_round
        else None
    )
    seconds_left = the_round.seconds_left(timezone.now()) if the_round else 0
    frame = _board_frame(
        code, language, event.contributions_visible, event.dot_budget, board.dots_left, error, bool(cards)
    )
    state = {
        "cards": cards,
        "fingerprint": board.fingerprint,
        "round": _round_html(round_state, seconds_left, language),
    }
    return "".join(part if index % 2 == 0 else state[part] for index, part in enumerate(frame))


@functools.lru_cache(maxsize=4096)
def _board_frame(
    code: str, language: str, contributions_visible: bool, dot_budget: int, dots_left: int, error: str, has_cards: bool
) -> tuple[str, ...]:
    """The board block around its cards, with markers where the cards, the fingerprint and the
    round go, split at the markers."""
    context = {
        "join_code_text": code,
        "event": {"contributions_visible": contributions_visible, "dot_budget": dot_budget},
        "cards": _slot("cards") if has_cards else "",
        "dots_left": dots_left,
        "fingerprint": _slot("fingerprint"),
        "poll_seconds": LIVE_POLL_SECONDS,
        "round_html": _slot("round"),
        "error": error,
    }
    with translation.override(language):
        return tuple(_SLOT.split(render_to_string(f"{PAGE_TEMPLATE}#board", context)))


@functools.lru_cache(maxsize=1024)
def _round_html(round_state: tuple[Any, ...] | None, seconds_left: int, language: str) -> str:
    """events/_round.html for a round in this state (None: no round yet)."""
    the_round = None
    if round_state is not None:
        pk, number, minutes, opened_at, closed_at = round_state
        the_round = Round(pk=pk, number=number, minutes=minutes, opened_at=opened_at, closed_at=closed_at)
    with translation.override(language):
        return render_to_string("events/_round.html", {"round": the_round, "seconds_left": seconds_left})


def contribution_sent_html(*, code: str, own: OwnContributions, client_key: str, csrf_token: str) -> str:
    """The answer to a contribution sent with htmx, in the active language: an empty form with
    a new key, the thanks said where the page says such things, and the participant's own
    list with the new one in it."""
    form = _fresh_form_parts(code, translation.get_language() or "")
    state = {"csrf_token": csrf_token, "client_key": client_key}
    html = [part if index % 2 == 0 else state[part] for index, part in enumerate(form)]
    with_list = render_to_string(f"{PAGE_TEMPLATE}#own_contributions", {"own_texts": own.texts, "oob": True})
    return "".join(html) + _thanks(translation.get_language() or "", own.sent) + with_list


@functools.lru_cache(maxsize=1024)
def _fresh_form_parts(code: str, language: str) -> tuple[str, ...]:
    """The empty contribution form of `code`'s page in `language`, with a marker where the CSRF
    token and the form's key go, split at the markers. The same for every phone at the table."""
    context = {
        "join_code_text": code,
        "form": ContributionForm(initial={"client_key": _slot("client_key")}),
        "csrf_token": _slot("csrf_token"),
    }
    with translation.override(language):
        return tuple(_SLOT.split(render_to_string(f"{PAGE_TEMPLATE}#contribution_form", context)))


@functools.lru_cache(maxsize=256)
def _thanks(language: str, sent: int) -> str:
    with translation.override(language):
        return render_to_string(f"{PAGE_TEMPLATE}#contribution_thanks", {"sent": sent})


def _slot(name: str) -> str:
    return f"\x00{_MARK}:{name}\x00"


def plenary_cards_html(columns: Sequence[BoardColumn], *, names_shown: bool) -> list[tuple[BoardColumn, SafeString]]:
    """Each column of the plenary screen with its cards drawn, in the active language. A card is
    drawn once (text, key point) and kept, its line of name and counts once per state: the
    screen is redrawn every few seconds with thousands of cards, nearly all unchanged, and at a
    busy table every few seconds a count changes."""
    language = translation.get_language() or ""
    drawn = []
    for column in columns:
        cards: list[PlenaryCard] = column.contributions
        html: list[str] = []
        for c in cards:
            before, after = _plenary_card(c.text, c.is_key_point, language)
            meta = _plenary_card_meta(c.display_name if names_shown else "", count_words(c.agree_count, c.dot_count))
            html += (before, meta, after)
        drawn.append((column, mark_safe("".join(html))))  # noqa: S308 - each part drawn (escaped) by its template
    return drawn


@functools.lru_cache(maxsize=CARDS_KEPT)
def _plenary_card(text: str, is_key_point: bool, language: str) -> tuple[str, str]:
    """The card in `language`, split where its line of name and counts goes."""
    context = {"c": {"text": text, "is_key_point": is_key_point}, "meta": _slot("meta")}
    with translation.override(language):
        before, _meta, after = _SLOT.split(render_to_string("events/_plenary_card.html", context))
    return before, after


@functools.lru_cache(maxsize=CARDS_KEPT)
def _plenary_card_meta(author: str, counts: str) -> str:
    # The counts are words already, in the card's language; the line has no words of its own.
    return render_to_string("events/_plenary_card.html#meta", {"author": author, "counts": counts})


def count_words(agree_count: int, dot_count: int) -> str:
    """A card's counts in words in the active language ("2 agree · 1 dot"), or ""."""
    return _count_words(agree_count, dot_count, translation.get_language() or "")


@functools.lru_cache(maxsize=1024)
def _count_words(agree_count: int, dot_count: int, language: str) -> str:
    with translation.override(language):
        context = {"agree_count": agree_count, "dot_count": dot_count}
        return mark_safe(render_to_string("events/_count_words.html", context).strip())  # noqa: S308 - drawn by the template


def host_cards_html(
    cards: Sequence[HostCard], *, names_shown: bool, table_id: int, process_id: int, csrf_token: str
) -> SafeString:
    """The cards of a host's live block, in the active language: each card drawn once (text,
    name, role, key point) and kept, its counts' words once per pair of counts, and the token
    filled in. The host's page asks every few seconds while the table writes and reacts."""
    language = translation.get_language() or ""
    html: list[str] = []
    for c in cards:
        author = c.display_name if names_shown else ""
        parts = _host_card(
            c.pk, c.text, author, c.typed_in, c.role_label, c.is_key_point, table_id, process_id, language
        )
        counts = count_words(c.agree_count, c.dot_count)
        state = {"csrf_token": csrf_token, "counts": f" · {counts}" if counts else ""}
        html.extend(part if index % 2 == 0 else state[part] for index, part in enumerate(parts))
    return mark_safe("".join(html))  # noqa: S308 - each part drawn (escaped) by its template; the token is fixed


@functools.lru_cache(maxsize=CARDS_KEPT)
def _host_card(
    pk: int,
    text: str,
    author: str,
    typed_in: bool,
    role_label: str,
    is_key_point: bool,
    table_id: int,
    process_id: int,
    language: str,
) -> tuple[str, ...]:
    """The card drawn in `language` with markers where the token and the counts go, split at them."""
    with translation.override(language):
        context = {
            "c": {"pk": pk, "text": text, "typed_in": typed_in, "is_key_point": is_key_point},
            "author": author,
            "role": str(dict(ParticipantRoleLabel.choices).get(role_label, role_label)),
            "counts": _slot("counts"),
            "host_url": reverse("events:table_host", args=[table_id]),
            "new_idea_url": reverse("ideas:new", args=[process_id]),
            "csrf_token": _slot("csrf_token"),
        }
        return tuple(_SLOT.split(render_to_string("events/_host_card.html", context)))
