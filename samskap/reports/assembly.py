"""A first draft of a note, assembled from what the process holds, for a person to edit.

What goes in, and what never does:
- the newest challenge picture (problem statements and target groups);
- insights with their quotes — quotes exist only from released, pseudonymised text, and a
  source not released is skipped even so;
- themes confirmed at the process's events; an opinion map's consensus, with groups of five or
  fewer left out;
- ideas chosen in a selection round, with the reason;
- improvement projects with their aim and latest progress score, and the charts of their
  measures where no point is a count of 1–5 (`publishable`);
- who took part, in aggregate by level of user influence, counts of 1–5 shown as "5 or fewer";
- every comparison and comparison matrix of the process, shown as figures through
  `comparison.selectors.comparison_table`, which suppresses small counts.
The phrases are the document's language (nb, nn or sv), like its headings.
"""

# ruff: noqa: E501 - the phrase tables read best with one phrase per line.
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Sum

from samskap.analysis.statistics import SMALL_COUNT
from samskap.processes.models import Activity, Process

if TYPE_CHECKING:
    from samskap.improvement.models import Measure
from samskap.reports.formats import FORMATS

PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "picture": "Utfordringsbildet (versjon {n}) beskriver disse utfordringene:",
        "targets": "Målgrupper:",
        "insight": "Innsikt fra intervjuer og observasjon:",
        "themes": "På «{event}» ble innspillene fra dialogbordene samlet i disse temaene: {themes}.",
        "opinion": "I meningskartet «{title}» tok {voters} personer stilling til {statements} påstander.",
        "consensus": "Bred enighet på tvers av gruppene om:",
        "ideas": "Ideer som ble valgt ut, og hvorfor:",
        "projects": "Forbedringsarbeid:",
        "progress": "framdrift {score}",
        "took_part": "Brukere, pårørende, ansatte og samarbeidspartnere har vært med i {n} aktiviteter.",
        "took_part_one": "Brukere, pårørende, ansatte og samarbeidspartnere har vært med i én aktivitet.",
        "levels": "Nivå for brukermedvirkning: {levels}.",
        "totals": "Til sammen: {users} brukere, {relatives} pårørende, {staff} ansatte og {partners} fra samarbeidspartnere.",
        "few": "5 eller færre",
        "individual": "individnivå",
        "service": "tjenestenivå",
        "system": "systemnivå",
        "activities": "{n} aktiviteter",
        "activities_one": "én aktivitet",
        "comparison": "Kommunen er sammenlignet med andre kommuner på offentlig statistikk og på hvordan tjenestene er organisert. Tall for 5 personer eller færre er skjult.",
        "summary": "Saken legger fram kunnskapsgrunnlaget fra prosessen «{title}»: utfordringsbildet, innsikt fra brukere og ansatte, resultatene fra verksteder og en sammenligning med andre kommuner.",
        "assessment": "",
        "statements": "Saken legges fram for brukerrådet og rådet for personer med funksjonsnedsettelse.",
        "communication": "Resultatene publiseres på prosessens offentlige side.",
        "proposal": "Utvalget tar kunnskapsgrunnlaget i «{title}» til orientering.",
    },
    "nn": {
        "picture": "Utfordringsbiletet (versjon {n}) skildrar desse utfordringane:",
        "targets": "Målgrupper:",
        "insight": "Innsikt frå intervju og observasjon:",
        "themes": "På «{event}» vart innspela frå dialogborda samla i desse temaa: {themes}.",
        "opinion": "I meiningskartet «{title}» tok {voters} personar stilling til {statements} påstandar.",
        "consensus": "Brei semje på tvers av gruppene om:",
        "ideas": "Idear som vart valde ut, og kvifor:",
        "projects": "Forbetringsarbeid:",
        "progress": "framdrift {score}",
        "took_part": "Brukarar, pårørande, tilsette og samarbeidspartnarar har vore med i {n} aktivitetar.",
        "took_part_one": "Brukarar, pårørande, tilsette og samarbeidspartnarar har vore med i éin aktivitet.",
        "levels": "Nivå for brukarmedverknad: {levels}.",
        "totals": "Til saman: {users} brukarar, {relatives} pårørande, {staff} tilsette og {partners} frå samarbeidspartnarar.",
        "few": "5 eller færre",
        "individual": "individnivå",
        "service": "tenestenivå",
        "system": "systemnivå",
        "activities": "{n} aktivitetar",
        "activities_one": "éin aktivitet",
        "comparison": "Kommunen er samanlikna med andre kommunar på offentleg statistikk og på korleis tenestene er organiserte. Tal for 5 personar eller færre er skjulte.",
        "summary": "Saka legg fram kunnskapsgrunnlaget frå prosessen «{title}»: utfordringsbiletet, innsikt frå brukarar og tilsette, resultata frå verkstader og ei samanlikning med andre kommunar.",
        "assessment": "",
        "statements": "Saka blir lagd fram for brukarrådet og rådet for personar med funksjonsnedsetjing.",
        "communication": "Resultata blir publiserte på den opne sida til prosessen.",
        "proposal": "Utvalet tek kunnskapsgrunnlaget i «{title}» til orientering.",
    },
    "sv": {
        "picture": "Utmaningsbilden (version {n}) beskriver dessa utmaningar:",
        "targets": "Målgrupper:",
        "insight": "Insikter från intervjuer och observationer:",
        "themes": "På ”{event}” samlades bidragen från dialogborden i dessa teman: {themes}.",
        "opinion": "I åsiktskartan ”{title}” tog {voters} personer ställning till {statements} påståenden.",
        "consensus": "Bred enighet över grupperna om:",
        "ideas": "Idéer som valdes ut, och varför:",
        "projects": "Förbättringsarbete:",
        "progress": "framsteg {score}",
        "took_part": "Brukare, anhöriga, personal och samverkanspartner har deltagit i {n} aktiviteter.",
        "took_part_one": "Brukare, anhöriga, personal och samverkanspartner har deltagit i en aktivitet.",
        "levels": "Nivå för brukarinflytande: {levels}.",
        "totals": "Sammanlagt: {users} brukare, {relatives} anhöriga, {staff} personal och {partners} från samverkanspartner.",
        "few": "5 eller färre",
        "individual": "individnivå",
        "service": "verksamhetsnivå",
        "system": "systemnivå",
        "activities": "{n} aktiviteter",
        "activities_one": "en aktivitet",
        "comparison": "Kommunen jämförs med andra kommuner på offentlig statistik och på hur insatserna är organiserade. Tal för 5 personer eller färre är dolda.",
        "summary": "Förstudien ”{title}” har kartlagt utmaningarna, intervjuat brukare, anhöriga och personal, och jämfört kommunen med grannkommunerna.",
        "assessment": "",
        "statements": "Ärendet har remitterats till brukarrådet och funktionshinderrådet.",
        "communication": "",
        "proposal": "Socialnämnden godkänner förstudien ”{title}” som underlag för det fortsatta arbetet.",
        "children": "Förstudien omfattar vuxna. Barn som anhöriga berörs när en förälder får stöd.",
        "send_to": "Socialförvaltningen",
    },
}


def _counted(words: dict[str, str], key: str, n: int) -> str:
    """The phrase for `n` things: its singular form for one."""
    return words[f"{key}_one"] if n == 1 else words[key].format(n=n)


def _count(n: int, words: dict[str, str]) -> str:
    return words["few"] if 0 < n <= SMALL_COUNT else str(n)


@dataclass(frozen=True)
class Draft:
    title: str
    proposal: list[str]
    sections: dict[str, str]
    comparisons: list[int]
    matrices: list[int]
    measures: list[int]


def draft_from_process(process: Process, format_key: str) -> Draft:
    from samskap.comparison.models import Comparison, Matrix
    from samskap.events.models import Theme
    from samskap.ideas.models import SelectionDecision
    from samskap.improvement.models import Project
    from samskap.insight.models import Insight
    from samskap.opinions.selectors import map_counts, result_view

    fmt = FORMATS[format_key]
    words = PHRASES[fmt.language]
    background: list[str] = []

    latest = process.challenge_pictures.order_by("-number").first()
    if latest is not None:
        items = list(latest.items.all())
        problems = [i.text for i in items if i.kind == "problem"]
        targets = [i.text for i in items if i.kind == "target_group"]
        if problems:
            background.append(words["picture"].format(n=latest.number) + "\n" + "\n".join(f"- {t}" for t in problems))
        if targets:
            background.append(words["targets"] + "\n" + "\n".join(f"- {t}" for t in targets))

    insight_lines = []
    for insight in Insight.objects.filter(process=process).prefetch_related("quotes__source").order_by("created_at"):
        quotes = [q.text.strip() for q in insight.quotes.all() if q.source.is_released]
        line = f"- {insight.statement}"
        if quotes:
            line += " " + " ".join(f"«{q}»" if fmt.language != "sv" else f"”{q}”" for q in quotes[:2])
        insight_lines.append(line)
    if insight_lines:
        background.append(words["insight"] + "\n" + "\n".join(insight_lines))

    themes_by_event: dict[str, list[str]] = {}
    for theme in (
        Theme.objects.filter(event__process=process).select_related("event").order_by("event__starts_at", "name")
    ):
        themes_by_event.setdefault(theme.event.title, []).append(theme.name)
    for event, names in themes_by_event.items():
        background.append(words["themes"].format(event=event, themes=", ".join(names)))

    for opinion_map in process.opinion_maps.order_by("created_at"):
        counts = map_counts(opinion_map)
        if not counts.participants:
            continue
        text = words["opinion"].format(
            title=opinion_map.title, voters=_count(counts.participants, words), statements=counts.statements
        )
        result = result_view(opinion_map, full=False)
        if result is not None and result.consensus_agree:
            text += "\n" + words["consensus"] + "\n" + "\n".join(f"- {c['text']}" for c in result.consensus_agree[:5])
        background.append(text)

    chosen = SelectionDecision.objects.filter(round__process=process, selected=True).select_related("idea")
    if chosen.exists():
        background.append(
            words["ideas"] + "\n" + "\n".join(f"- {d.idea.title}: {d.reason}" for d in chosen.order_by("decided_at"))
        )

    projects = Project.objects.filter(team__network__process=process).order_by("pk")
    # The first four charts; the person editing chooses others, or more.
    measures = [m.pk for m in publishable_measures(process)][:4]
    if projects.exists():
        lines = []
        for project in projects:
            score = project.progress_scores.order_by("-recorded_on", "-pk").first()
            progress = f" ({words['progress'].format(score=score.score)})" if score else ""
            lines.append(f"- {project.title}: {project.aim}{progress}")
        results = words["projects"] + "\n" + "\n".join(lines)
    else:
        results = ""

    activities = Activity.objects.filter(phase__process=process)
    participation: list[str] = []
    total = activities.count()
    if total:
        participation.append(_counted(words, "took_part", total))
        by_level = dict(
            activities.exclude(influence_level="")
            .values_list("influence_level")
            .annotate(n=Count("pk"))
            .order_by("influence_level")
            .values_list("influence_level", "n")
        )
        if by_level:
            levels = ", ".join(
                f"{words[level]}: {_counted(words, 'activities', by_level[level])}"
                for level in ("individual", "service", "system")
                if level in by_level
            )
            participation.append(words["levels"].format(levels=levels))
        sums = activities.aggregate(
            users=Sum("service_users"), relatives=Sum("relatives"), staff=Sum("staff"), partners=Sum("partners")
        )
        participation.append(words["totals"].format(**{k: _count(v or 0, words) for k, v in sums.items()}))

    comparisons = list(Comparison.objects.filter(process=process).order_by("created_at").values_list("pk", flat=True))
    matrices = list(Matrix.objects.filter(process=process).order_by("created_at").values_list("pk", flat=True))
    sections = {
        "summary": words["summary"].format(title=process.title),
        "attachments": "",
        "background": "\n\n".join(background),
        "results": results,
        "participation": "\n\n".join(participation),
        "comparison": words["comparison"] if comparisons or matrices else "",
        "statements": words["statements"],
        "consequences": "",
        "assessment": words["assessment"],
        "communication": words["communication"],
    }
    if fmt.language == "sv":
        sections["children"] = words["children"]
        sections["send_to"] = words["send_to"]
        del sections["communication"]
    return Draft(
        title=process.title,
        proposal=[words["proposal"].format(title=process.title)],
        sections=sections,
        comparisons=comparisons,
        matrices=matrices,
        measures=measures,
    )


def _small(count: float | None) -> bool:
    return count is not None and 0 < count <= SMALL_COUNT


def publishable(measure: Measure) -> bool:
    """Whether a measure's chart may leave the organisation. Averages, scores, times and
    days between events may; a count may only when no period's count is 1–5, and a share
    only when neither those in it nor those outside it (denominator − numerator) are 1–5 in
    any period — a chart shows every point, so one small count would single someone out."""
    from samskap.improvement.models import ValueKind

    observations = list(measure.observations.all())
    if len(observations) < 2:
        return False
    if measure.value_kind in (ValueKind.MEASUREMENT, ValueKind.DAYS_BETWEEN):
        return True
    if measure.value_kind == ValueKind.PROPORTION:
        return not any(
            _small(o.value) or (o.denominator is not None and _small(o.denominator - o.value)) for o in observations
        )
    return not any(_small(o.value) for o in observations)


def publishable_measures(process: Process) -> list[Measure]:
    """The measures of the process's improvement projects whose charts may go in a note."""
    from samskap.improvement.models import Measure

    measures = Measure.objects.filter(project__team__network__process=process).order_by("pk")
    return [m for m in measures.prefetch_related("observations") if publishable(m)]
