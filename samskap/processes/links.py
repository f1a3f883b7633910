"""The objects of other modules that a process can point at: as an activity in a
phase, or as evidence behind a challenge-picture item.

Each kind names how to list a process's objects, how to show one, and where it
lives. A link is written `<app_label>.<model>:<pk>` in forms; `resolve_link`
refuses anything that is not one of these kinds or not in the process, so a
guessed id from another process or organisation never becomes a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samskap.processes.models import Process


@dataclass(frozen=True)
class LinkKind:
    label: Promise
    objects: Callable[[Process], QuerySet[Any]]
    title: Callable[[Model], str]
    url: Callable[[Model], str]


@dataclass(frozen=True)
class Link:
    value: str  # "events.event:12"
    kind_label: str
    title: str
    url: str


def _kinds() -> dict[str, LinkKind]:
    # Imported here: these modules depend on processes, not the other way round.
    from samskap.comparison.models import Comparison, Matrix
    from samskap.events.models import Event, Theme
    from samskap.improvement.models import Measure, Network, Project
    from samskap.insight.models import Insight, InterviewGuide, Offer, Source
    from samskap.opinions.models import OpinionMap
    from samskap.reports.models import Note

    return {
        "events.event": LinkKind(
            _("Event"),
            lambda p: Event.objects.filter(process=p).order_by("starts_at"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("events:event_detail", args=[o.pk]),
        ),
        # A theme confirmed at an event: what many contributions say, as evidence.
        "events.theme": LinkKind(
            _("Theme from an event"),
            lambda p: (
                Theme.objects.filter(event__process=p).select_related("event").order_by("event__starts_at", "name")
            ),
            lambda o: f"{o.name} ({o.event.title})",  # type: ignore[attr-defined]
            # The event's page, which everyone in the process may read (the themes page is the facilitators').
            lambda o: reverse("events:event_detail", args=[o.event_id]),  # type: ignore[attr-defined]
        ),
        # An insight from interviews and observation, with its quotes: evidence for a challenge.
        "insight.insight": LinkKind(
            _("Insight"),
            lambda p: Insight.objects.filter(process=p).order_by("created_at", "pk"),
            lambda o: o.statement,  # type: ignore[attr-defined]
            lambda o: reverse("insight:insight", args=[o.pk]),
        ),
        # An interview series: the organisation's interview guide, used for this process's interviews.
        "insight.interviewguide": LinkKind(
            _("Interview series"),
            lambda p: InterviewGuide.objects.filter(organisation=p.organisation).order_by("title", "pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("insight:guide", args=[o.pk]),
        ),
        # Desk research (omvärldsbevakning): a report or an earlier project, linkable like an interview.
        "insight.source": LinkKind(
            _("Desk research"),
            lambda p: Source.objects.filter(process=p, kind="desk").order_by("title", "pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("insight:source", args=[o.pk]),
        ),
        # An offer in the organisation's directory: what already exists, for the note and workshops.
        "insight.offer": LinkKind(
            _("Offer in the directory"),
            lambda p: Offer.objects.filter(organisation=p.organisation).order_by("name", "pk"),
            lambda o: o.name,  # type: ignore[attr-defined]
            lambda o: reverse("insight:offer", args=[o.pk]),
        ),
        # Municipalities side by side on a public statistic, and how they organise their services.
        "comparison.comparison": LinkKind(
            _("Statistics comparison"),
            lambda p: Comparison.objects.filter(process=p).order_by("created_at", "pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("comparison:comparison", args=[o.pk]),
        ),
        "comparison.matrix": LinkKind(
            _("Comparison matrix"),
            lambda p: Matrix.objects.filter(process=p).order_by("created_at", "pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("comparison:matrix", args=[o.pk]),
        ),
        # The note to the political committee: the activity where the process reports back.
        "reports.note": LinkKind(
            _("Note to the committee"),
            lambda p: Note.objects.filter(process=p).order_by("created_at", "pk"),
            lambda o: str(o),
            lambda o: reverse("reports:note", args=[o.pk]),
        ),
        "opinions.opinionmap": LinkKind(
            _("Opinion map"),
            lambda p: OpinionMap.objects.filter(process=p).order_by("created_at"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("opinions:console", args=[o.pk]),
        ),
        "improvement.network": LinkKind(
            _("Learning network"),
            lambda p: Network.objects.filter(process=p),
            lambda o: str(o.process),  # type: ignore[attr-defined]
            lambda o: reverse("improvement:network", args=[o.pk]),
        ),
        "improvement.project": LinkKind(
            _("Improvement project"),
            lambda p: Project.objects.filter(team__network__process=p).order_by("pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("improvement:project", args=[o.pk]),
        ),
        "improvement.measure": LinkKind(
            _("Measure"),
            lambda p: Measure.objects.filter(project__team__network__process=p).order_by("pk"),
            lambda o: o.title,  # type: ignore[attr-defined]
            lambda o: reverse("improvement:measure", args=[o.pk]),
        ),
    }


def _key(obj: Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def describe(obj: Model | None) -> Link | None:
    """How to show a linked object; None when it is gone or not a known kind. A table
    contribution or a camp team (sources of ideas) is shown with its event's page."""
    from samskap.events.models import CampTeam, Contribution

    if obj is None:
        return None
    if isinstance(obj, CampTeam):
        return Link(
            f"{_key(obj)}:{obj.pk}",
            str(_("Camp team")),
            f"{obj.name} ({obj.event.title})",
            reverse("events:event_detail", args=[obj.event_id]),
        )
    if isinstance(obj, Contribution):
        table = obj.table
        return Link(
            f"{_key(obj)}:{obj.pk}",
            str(_("Table contribution")),
            str(table),
            reverse("events:event_detail", args=[table.event_id]),
        )
    kind = _kinds().get(_key(obj))
    if kind is None:
        return None
    return Link(f"{_key(obj)}:{obj.pk}", str(kind.label), kind.title(obj), kind.url(obj))


def links_of(process: Process) -> list[Link]:
    """Everything in the process that can be linked, grouped by kind."""
    links: list[Link] = []
    for key, kind in _kinds().items():
        links.extend(
            Link(f"{key}:{obj.pk}", str(kind.label), kind.title(obj), kind.url(obj)) for obj in kind.objects(process)
        )
    return links


def link_choices(process: Process) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select element."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for link in links_of(process):
        groups.setdefault(link.kind_label, []).append((link.value, link.title))
    return list(groups.items())


def resolve_link(process: Process, value: str) -> Model | None:
    """The object a form value names, if it is a known kind inside `process`."""
    key, _sep, raw_pk = value.partition(":")
    kind = _kinds().get(key)
    if kind is None or not raw_pk.isdigit():
        return None
    obj: Model | None = kind.objects(process).filter(pk=int(raw_pk)).first()
    return obj


def contains(process: Process, obj: Model) -> bool:
    """Whether `obj` is one of the linkable objects inside `process`."""
    kind = _kinds().get(_key(obj))
    return kind is not None and kind.objects(process).filter(pk=obj.pk).exists()
