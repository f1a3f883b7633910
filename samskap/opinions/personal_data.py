"""What opinion maps hold about one person: the statements they wrote and their votes.
See `samskap.core.personal_data`."""

from __future__ import annotations

from typing import Any

from samskap.core.personal_data import Subject
from samskap.opinions.models import OpinionMap, Statement, Vote, Voter
from samskap.opinions.services import opinion_map_request_recompute

MODELS = (Statement, Voter, Vote)


def collect(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    statements = Statement.objects.filter(author_id__in=subject.participant_ids).select_related("opinion_map", "author")
    votes = Vote.objects.filter(voter__participant_id__in=subject.participant_ids).select_related(
        "statement", "opinion_map", "voter__participant"
    )
    return {
        "statements": [
            {
                "participant": s.author.pseudonym if s.author else "",
                "opinion_map": s.opinion_map.title,
                "text": s.text,
                "status": s.status,
                "created_at": s.created_at.isoformat(),
            }
            for s in statements.order_by("created_at", "pk")
        ],
        "votes": [
            {
                "participant": v.voter.participant.pseudonym if v.voter.participant else "",
                "opinion_map": v.opinion_map.title,
                "statement": v.statement.text,
                "vote": v.value,
                "cast_at": v.cast_at.isoformat(),
            }
            for v in votes.order_by("cast_at", "pk")
        ],
    }


def anonymise(subject: Subject) -> dict[str, int]:
    """Votes and statements stay (the map's groups do not change); the voter row stays
    with the stripped participant, so nothing here needs to change."""
    return {}


def erase(subject: Subject) -> dict[str, int]:
    ids = subject.participant_ids
    maps = OpinionMap.objects.filter(voters__participant_id__in=ids).distinct()
    for opinion_map in maps:
        opinion_map_request_recompute(opinion_map)  # the groups are drawn again without the person
    # Others' votes on the person's statements go with the statements.
    statements = Statement.objects.filter(author_id__in=ids, is_seed=False).delete()[1].get("opinions.Statement", 0)
    votes = Vote.objects.filter(voter__participant_id__in=ids).delete()[0]
    voters = Voter.objects.filter(participant_id__in=ids).delete()[1].get("opinions.Voter", 0)
    return {"statements": statements, "votes": votes, "voters": voters}
