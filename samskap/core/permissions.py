"""The one place that decides who may do what.

A user's roles come from organisation memberships and process memberships.
An organisation role covers every process the organisation owns or partners in;
a process role covers that process only. Each role grants a fixed set of
capabilities (`ROLE_CAPABILITIES`); views and services ask `can(...)` and never
look at roles themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from samskap.core.models import Membership, Organisation, Role, User

if TYPE_CHECKING:
    from samskap.improvement.models import Team
    from samskap.processes.models import Process


class Capability(enum.Enum):
    VIEW_ORGANISATION = "view_organisation"
    MANAGE_ORGANISATION = "manage_organisation"
    MANAGE_MEMBERS = "manage_members"
    VIEW_PROCESS = "view_process"
    MANAGE_PROCESS = "manage_process"
    RUN_EVENT = "run_event"  # open rounds, manage tables and join codes
    HOST_TABLE = "host_table"  # see a table's contributions, type in for others
    INTERVIEW = "interview"
    READ_PERSONAL_DATA = "read_personal_data"
    READ_AUDIT_LOG = "read_audit_log"
    IMPROVE = "improve"  # record improvement work: projects, measures, observations, PDSA
    PROPOSE_IDEAS = "propose_ideas"  # put ideas forward and comment on them
    ANALYSE = "analyse"  # code released texts, write memos and insights
    READ_PSEUDONYM_KEY = "read_pseudonym_key"  # the key from pseudonyms back to real names


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.OWNER: frozenset(
        {
            C.VIEW_ORGANISATION,
            C.MANAGE_ORGANISATION,
            C.MANAGE_MEMBERS,
            C.VIEW_PROCESS,
            C.MANAGE_PROCESS,
            C.RUN_EVENT,
            C.HOST_TABLE,
            C.READ_PERSONAL_DATA,
            C.IMPROVE,
            C.PROPOSE_IDEAS,
            C.INTERVIEW,
            C.ANALYSE,
            C.READ_PSEUDONYM_KEY,
        }
    ),
    Role.FACILITATOR: frozenset(
        {
            C.VIEW_ORGANISATION,
            C.VIEW_PROCESS,
            C.MANAGE_PROCESS,
            C.RUN_EVENT,
            C.HOST_TABLE,
            C.IMPROVE,
            C.PROPOSE_IDEAS,
            C.ANALYSE,
        }
    ),
    Role.INTERVIEWER: frozenset(
        {C.VIEW_ORGANISATION, C.VIEW_PROCESS, C.INTERVIEW, C.READ_PERSONAL_DATA, C.PROPOSE_IDEAS, C.ANALYSE}
    ),
    Role.TABLE_HOST: frozenset({C.VIEW_ORGANISATION, C.VIEW_PROCESS, C.HOST_TABLE, C.PROPOSE_IDEAS}),
    Role.PARTICIPANT: frozenset({C.VIEW_PROCESS}),
    Role.VIEWER: frozenset({C.VIEW_ORGANISATION, C.VIEW_PROCESS}),
    # The data protection officer reads everything, changes nothing.
    Role.AUDITOR: frozenset({C.VIEW_ORGANISATION, C.VIEW_PROCESS, C.READ_AUDIT_LOG, C.READ_PERSONAL_DATA}),
}


def capabilities_of(roles: Iterable[str]) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles:
        granted |= ROLE_CAPABILITIES[role]
    return frozenset(granted)


def organisation_roles(user: User | AnonymousUser, organisation: Organisation) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def process_roles(user: User | AnonymousUser, process: Process) -> set[str]:
    """Roles from the owning organisation, from partner organisations (capped at
    viewing: partners see, the owner decides), and from the process itself."""
    from samskap.processes.models import ProcessMembership

    if not user.is_authenticated or not user.is_active:
        return set()
    roles = organisation_roles(user, process.organisation)
    partner_ids = list(process.partners.values_list("id", flat=True))
    if partner_ids and Membership.objects.filter(user=user, organisation_id__in=partner_ids).exists():
        roles.add(Role.VIEWER)
    roles |= set(ProcessMembership.objects.filter(user=user, process=process).values_list("role", flat=True))
    return roles


def can_in_organisation(user: User | AnonymousUser, organisation: Organisation, capability: Capability) -> bool:
    return capability in capabilities_of(organisation_roles(user, organisation))


def can_in_process(user: User | AnonymousUser, process: Process, capability: Capability) -> bool:
    return capability in capabilities_of(process_roles(user, process))


def can_edit_team(user: User | AnonymousUser, team: Team) -> bool:
    """Who records a team's improvement work: the team's own members with an account,
    staff who may improve in the team's organisation, and whoever manages the network's
    process. Other member organisations of a network see the work but do not change it."""
    from samskap.improvement.models import TeamMember

    if not user.is_authenticated or not user.is_active:
        return False
    process = team.network.process
    if can_in_process(user, process, Capability.MANAGE_PROCESS):
        return True
    if can_in_organisation(user, team.organisation, Capability.IMPROVE):
        return True
    return TeamMember.objects.filter(team=team, user=user).exists() and Capability.VIEW_PROCESS in capabilities_of(
        process_roles(user, process)
    )
