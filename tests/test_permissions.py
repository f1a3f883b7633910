from __future__ import annotations

from samskap.core.models import Role
from samskap.core.permissions import (
    ROLE_CAPABILITIES,
    Capability,
    can_in_organisation,
    can_in_process,
    capabilities_of,
)
from samskap.core.services import membership_grant
from samskap.processes.services import process_membership_grant
from tests.conftest import World


def test_every_role_has_a_capability_set() -> None:
    assert set(ROLE_CAPABILITIES) == set(Role.values)


def test_the_auditor_reads_but_never_changes() -> None:
    auditor = ROLE_CAPABILITIES[Role.AUDITOR]
    assert Capability.READ_AUDIT_LOG in auditor
    assert not auditor & {
        Capability.MANAGE_ORGANISATION,
        Capability.MANAGE_PROCESS,
        Capability.RUN_EVENT,
        Capability.HOST_TABLE,
        Capability.MANAGE_MEMBERS,
    }


def test_only_the_auditor_reads_the_audit_log() -> None:
    assert [role for role, caps in ROLE_CAPABILITIES.items() if Capability.READ_AUDIT_LOG in caps] == [Role.AUDITOR]


def test_roles_add_up() -> None:
    combined = capabilities_of([Role.TABLE_HOST, Role.INTERVIEWER])
    assert {Capability.HOST_TABLE, Capability.INTERVIEW} <= combined


def test_organisation_roles_hold_in_that_organisation_only(world: World) -> None:
    assert can_in_organisation(world.owner, world.organisation, Capability.MANAGE_MEMBERS)
    assert not can_in_organisation(world.owner, world.other_organisation, Capability.VIEW_ORGANISATION)
    assert not can_in_process(world.owner, world.other_process, Capability.VIEW_PROCESS)


def test_a_process_role_opens_that_process_only(world: World) -> None:
    process_membership_grant(actor=world.outsider, process=world.other_process, user=world.host, role=Role.FACILITATOR)
    assert can_in_process(world.host, world.other_process, Capability.RUN_EVENT)
    assert not can_in_organisation(world.host, world.other_organisation, Capability.VIEW_ORGANISATION)


def test_partner_organisations_see_but_do_not_steer(world: World) -> None:
    world.other_process.partners.add(world.organisation)
    assert can_in_process(world.owner, world.other_process, Capability.VIEW_PROCESS)
    assert not can_in_process(world.owner, world.other_process, Capability.MANAGE_PROCESS)


def test_inactive_users_have_no_roles(world: World) -> None:
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    assert not can_in_organisation(world.owner, world.organisation, Capability.VIEW_ORGANISATION)
    membership_grant(actor=None, organisation=world.organisation, user=world.owner, role=Role.VIEWER)
    assert not can_in_organisation(world.owner, world.organisation, Capability.VIEW_ORGANISATION)
