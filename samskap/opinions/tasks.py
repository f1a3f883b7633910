"""Background work: the opinion map is recomputed by the task worker, never in a vote request."""

from __future__ import annotations

from django_tasks import task


@task()
def opinion_map_recompute_task(map_id: int) -> int:
    from samskap.opinions.services import opinion_map_recompute

    result = opinion_map_recompute(map_id)
    return 0 if result is None else result.k
