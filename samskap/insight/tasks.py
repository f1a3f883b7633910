"""Background work of the insight module: retention, run daily by the task worker."""

from __future__ import annotations

from django_tasks import task


@task()
def insight_retention_task() -> dict[str, int]:
    from samskap.insight.services import insight_retention_apply

    report = insight_retention_apply()
    return {"originals_deleted": report.originals_deleted, "sources_deleted": report.sources_deleted}
