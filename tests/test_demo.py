from __future__ import annotations

import pytest

from samskap.cli.demo import DEMO_JOIN_CODE, DEMO_LOGINS, run
from samskap.core.audit import audit_verify
from samskap.core.models import JoinCode, Membership, Organisation, Participant
from samskap.events.models import Contribution, DialogueTable, Event


@pytest.fixture
def demo(db: None) -> None:
    assert run(["--quiet"]) == 0


def test_the_demo_holds_the_five_cases(demo: None) -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"municipality", "region", "health_cluster", "innovation_hub", "learning_network", "agency"} <= kinds
    assert Organisation.objects.filter(parent__slug="gode-pasientforlop-vestland").count() == 11
    assert set(Organisation.objects.values_list("country", flat=True)) == {"NO", "SE"}
    assert Organisation.objects.get(slug="hudiksvall").default_language == "sv"
    assert Organisation.objects.get(slug="gode-pasientforlop-vestland").default_language == "nn"


def test_the_drammen_workshop_has_about_a_hundred_people_at_ten_tables(demo: None) -> None:
    workshop = Event.objects.get(process__organisation__slug="drammen")
    assert workshop.questions.count() == 4
    assert DialogueTable.objects.filter(event=workshop).count() == 10
    assert Participant.objects.filter(organisation__slug="drammen").count() == 100
    assert Contribution.objects.filter(table__event=workshop).count() > 200
    assert Event.objects.filter(kind="innovation_camp", mode="hybrid").exists()


def test_every_persona_has_a_login_and_the_join_code_opens(demo: None) -> None:
    roles = {
        m.user.email: m.role for m in Membership.objects.filter(organisation__slug="drammen").select_related("user")
    }
    assert roles["eier@samskap.demo"] == "owner"
    assert roles["fasilitator@samskap.demo"] == "facilitator"
    assert roles["vert@samskap.demo"] == "table_host"
    assert roles["personvern@samskap.demo"] == "auditor"
    assert len(DEMO_LOGINS) >= 4
    assert JoinCode.objects.get(code=DEMO_JOIN_CODE).is_open()


def test_the_demo_audit_chain_verifies(demo: None) -> None:
    assert audit_verify().ok


def test_the_demo_loads_once(demo: None) -> None:
    assert run(["--quiet"]) == 1
    assert run(["--quiet", "--if-empty"]) == 0
