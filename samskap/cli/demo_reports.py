# ruff: noqa: E501 - demo prose reads best unbroken.
"""Demo notes: Drammen's saksframlegg to the health and social committee (bokmål), comparing
the municipality with Lier and Øvre Eiker, and Hudiksvall's tjänsteskrivelse to the social
welfare board. Both are assembled from their process and then edited, so each has two versions."""

from __future__ import annotations

from samskap.core.models import User
from samskap.processes.models import Process
from samskap.reports import services
from samskap.reports.selectors import version_of


def _edit(actor: User, process: Process, format_key: str, header: dict[str, str], **changes: object) -> None:
    note = services.note_create(actor=actor, process=process, format_key=format_key)
    first = version_of(note)
    sections = {**first.sections, **changes.pop("sections", {})}  # type: ignore[dict-item]
    services.note_version_save(
        actor=actor,
        note=note,
        title=str(changes.pop("title", first.title)),
        header=header,
        proposal=list(changes.pop("proposal", first.proposal)),  # type: ignore[call-overload]
        sections=sections,
        comparisons=first.comparisons,
        matrices=first.matrices,
        measures=first.measures,
        change_note=str(changes.pop("change_note", "")),
    )


def load_drammen_note(*, owner: User, process: Process) -> None:
    _edit(
        owner,
        process,
        "saksframlegg_nb",
        {
            "case_officer": "Anne Eier",
            "archive": "G10",
            "case_number": "26/01234",
            "committee_case_number": "27/26",
            "committee": "Hovedutvalg for helse og sosial",
            "meeting_date": "9. desember 2026",
        },
        title="Kunnskapsgrunnlag for strategi for rus og psykisk helse 2027–2030",
        proposal=[
            "Hovedutvalg for helse og sosial tar kunnskapsgrunnlaget til orientering.",
            "Kommunedirektøren bes legge fram forslag til strategi for rus og psykisk helse innen juni 2027, bygd på utfordringsbildet.",
            "Brukerrådet og rådet for personer med funksjonsnedsettelse involveres i arbeidet med strategien.",
        ],
        sections={
            "summary": "Kommunen har laget et kunnskapsgrunnlag i tre deler: intervjuer med brukere, ansatte og ledere, "
            "en sammenligning med Lier og Øvre Eiker, og et verksted med rundt 100 deltakere. Hovedfunnet er at hjelpen "
            "kommer for seint, og at ventetiden på et første møte er lengre enn i nabokommunene.",
            "attachments": "Utfordringsbildet, versjon 2\nOppsummering fra verkstedet 3. juni 2026",
            "consequences": "Saken har ingen økonomiske konsekvenser nå. Tiltak i strategien vil bli lagt fram med kostnader.",
            "assessment": "Kunnskapsgrunnlaget viser at brukerne og de ansatte peker på de samme utfordringene. "
            "Sammenligningen viser at nabokommunene gir første samtale raskere. Kommunedirektøren mener "
            "strategien bør prioritere tidlig hjelp, én fast kontaktperson og bedre overgang fra sykehus.",
        },
        change_note="Sammendrag, vurdering og forslag til vedtak skrevet",
    )


def load_hudiksvall_note(*, actor: User, process: Process) -> None:
    _edit(
        actor,
        process,
        "tjansteskrivelse_sv",
        {
            "date": "2026-11-16",
            "case_number": "SN 2026/118",
            "case_officer": "Åsa Ägare, utvecklingsledare",
            "committee": "Socialnämnden",
            "meeting_date": "2026-12-08",
        },
        title="Förstudie: samordnat stöd för personer med samsjuklighet",
        proposal=[
            "Socialnämnden godkänner förstudien som underlag för det fortsatta arbetet.",
            "Socialförvaltningen får i uppdrag att tillsammans med Region Gävleborg ta fram en gemensam samordningsfunktion.",
        ],
        sections={
            "summary": "Förstudien har kartlagt hur personer med samsjuklighet rör sig mellan kommunen, regionen, "
            "Arbetsförmedlingen och Försäkringskassan. Ingen aktör har helhetsansvar, och personen tappas bort i övergångarna.",
            "attachments": "Tjänsteskrivelse 2026-11-16\nFörstudierapport 2026-10-30",
            "consequences": "Förslaget ryms inom befintlig budget under 2027.",
            "assessment": "Förvaltningen bedömer att en gemensam samordningsfunktion med regionen är det viktigaste steget.",
        },
        change_note="Förslag till beslut och bedömning skrivna",
    )


def load_network_note(*, actor: User, process: Process) -> None:
    """The learning network reports its results in nynorsk, with the charts of the measures
    that hold no small counts, as assembled (version 1)."""
    services.note_create(actor=actor, process=process, format_key="saksframlegg_nn")
