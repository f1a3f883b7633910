from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from samskap.core.models import JoinCode, User
from samskap.core.permissions import Capability, can_in_process
from samskap.events.models import Contribution, DialogueTable, Event


def get_event_for_user(
    user: User | AnonymousUser, event_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Event:
    try:
        event = Event.objects.select_related("process__organisation").get(pk=event_id)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, event.process, capability):
        raise PermissionDenied
    return event


def get_table_for_user(user: User | AnonymousUser, table_id: int) -> DialogueTable:
    """Hosts see their own table; facilitators and owners see every table."""
    try:
        table = DialogueTable.objects.select_related("event__process__organisation", "question", "host").get(
            pk=table_id
        )
    except DialogueTable.DoesNotExist as exc:
        raise Http404 from exc
    process = table.event.process
    if can_in_process(user, process, Capability.RUN_EVENT):
        return table
    if table.host_id is not None and table.host_id == user.pk and can_in_process(user, process, Capability.HOST_TABLE):
        return table
    raise PermissionDenied


def tables_of(event: Event) -> QuerySet[DialogueTable]:
    return (
        DialogueTable.objects.filter(event=event)
        .select_related("question", "host")
        .annotate(contribution_count=Count("contributions"))
    )


def join_codes_for(objects: list[DialogueTable]) -> dict[int, JoinCode]:
    """The newest open join code per table, in one query."""
    content_type = ContentType.objects.get_for_model(DialogueTable)
    codes: dict[int, JoinCode] = {}
    for code in JoinCode.objects.filter(
        target_type=content_type, target_id__in=[o.pk for o in objects], is_active=True
    ).order_by("created_at"):
        codes[code.target_id] = code
    return codes


def contributions_at(table: DialogueTable) -> QuerySet[Contribution]:
    return Contribution.objects.filter(table=table).select_related("participant", "entered_by")
