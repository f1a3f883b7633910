from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_process
from samskap.events.models import Event
from samskap.processes.models import Process


def processes_for_organisation(organisation: Organisation) -> QuerySet[Process]:
    """Processes the organisation owns or is a partner in, with their events."""
    events = Event.objects.annotate(table_count=Count("tables")).order_by("starts_at")
    return (
        Process.objects.filter(Q(organisation=organisation) | Q(partners=organisation))
        .distinct()
        .select_related("organisation", "network")
        .prefetch_related(Prefetch("events", queryset=events), "opinion_maps")
    )


def get_process_for_user(
    user: User | AnonymousUser, process_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Process:
    try:
        process = Process.objects.select_related("organisation").get(pk=process_id)
    except Process.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, process, capability):
        raise PermissionDenied
    return process
