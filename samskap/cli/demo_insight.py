"""Demo insight work: interviews in Drammen (nb) and Hudiksvall (sv) with personal data
found, reviewed and pseudonymised, a codebook, two coders, and insights with quotes linked
to the newest challenge picture. All people in the notes are invented."""

from __future__ import annotations

from datetime import date

from samskap.core.models import User
from samskap.insight import services
from samskap.insight.models import Code, PiiDecision, Source
from samskap.processes.models import Process
from samskap.processes.services import evidence_link_add

DRAMMEN_INTERVIEWS = [
    (
        "Intervju 3, bruker",
        "service_user",
        date(2026, 4, 20),
        "Jeg heter Ola Nordmann og bor i Bragernes torg 4. Fødselsnummeret mitt står i journalen: 15038500047. "
        "Det tok fire måneder fra fastlegen henviste til jeg fikk time. Ingen ringte meg i mellomtiden. "
        "Det viktigste for meg er å bli trodd når jeg sier at jeg ikke klarer mer. "
        "Kari Hansen i oppfølgingstjenesten var den første som spurte hva som er viktig for meg. "
        "Når boligen er på plass, klarer jeg resten selv.",
    ),
    (
        "Intervju 7, pårørende",
        "relative",
        date(2026, 4, 28),
        "Mor til en sønn på 24. Hun ba om at vi ringer 913 45 678 hvis vi har spørsmål. "
        "Vi pårørende blir ikke hørt før det er krise. Ingen forteller oss hvem som har ansvaret. "
        "Sønnen min, Jonas, falt ut av behandlingen da han fylte 18. "
        "Lavterskeltilbudet på Strømsø var det eneste stedet han gikk til av seg selv. "
        "Vi trenger én person å ringe, ikke ti.",
    ),
    (
        "Intervju 12, ansatt",
        "staff",
        date(2026, 5, 6),
        "Miljøterapeut i kommunen, åtte års erfaring. E-post oppgitt: per.moen@drammen.demo. "
        "Ventetiden i spesialisthelsetjenesten gjør at vi holder folk lenger enn vi har kompetanse til. "
        "Samarbeidet med fastlegene er tilfeldig og avhenger av enkeltpersoner. "
        "Det viktigste er at brukeren får en fast kontakt som blir med hele veien. "
        "Boligen kommer ofte for sent, og da mister vi dem.",
    ),
]

HUDIKSVALL_INTERVIEWS = [
    (
        "Djupintervju 2, brukare",
        "service_user",
        date(2026, 9, 10),
        "Jag heter Anna Lindqvist, personnummer 850315-0008, och bor på Storgatan 12 i Hudiksvall. "
        "Jag fick berätta min historia fem gånger för fem olika verksamheter. "
        "Ingen frågade vad som är viktigt för mig. Det viktigaste är att någon håller ihop min plan. "
        "När Försäkringskassan ringde visste de inte vad regionen redan hade beslutat.",
    ),
    (
        "Djupintervju 5, anhörig",
        "relative",
        date(2026, 9, 17),
        "Pappa till en dotter med beroende. Han vill bli kontaktad på 070-123 45 67. "
        "Vi anhöriga bär samordningen själva, och ingen frågar hur vi orkar. "
        "Min dotter Elin fick hjälp först när hon hamnade på akuten. "
        "Det viktigaste för oss är en kontaktperson som känner hela familjen.",
    ),
]

DRAMMEN_CODES = [
    ("Ventetid", "#B5341C", "Tid fra henvisning eller behov til hjelp."),
    ("Å bli hørt", "#1E6BB8", "Bruker eller pårørende blir trodd og spurt."),
    ("Koordinering", "#2E7D32", "Hvem har ansvaret, og én fast kontakt."),
    ("Bolig", "#6A1B9A", "Bolig som forutsetning for resten."),
]


def _review_and_release(actor: User, source: Source) -> Source:
    """Accept every finding, except a finding that is plainly not a person (the demo shows a
    reviewer keeping one), then release."""
    decisions = {
        f.pk: PiiDecision.REJECTED if f.kind == "person_name" and f.text in {"Strømsø"} else PiiDecision.ACCEPTED
        for f in source.findings.all()
    }
    services.pii_findings_decide(actor=actor, source=source, decisions=decisions)
    return services.source_release(actor=actor, source=source)


def _code_sentences(actor: User, source: Source, code: Code, *words: str) -> None:
    """Code the whole sentence holding each of `words` (as a coder ticking sentences does)."""
    from samskap.insight.selectors import segments

    for part in segments(source.released_text):
        if any(w in part.text for w in words):
            services.coding_add(actor=actor, source=source, code=code, start=part.start, end=part.end)


def _quote(actor: User, insight_obj: object, source: Source, words: str) -> None:
    from samskap.insight.selectors import segments

    for part in segments(source.released_text):
        if words in part.text:
            services.insight_quote_add(
                actor=actor,
                insight=insight_obj,  # type: ignore[arg-type]
                source=source,
                start=part.start,
                end=part.end,
            )
            return


DRAMMEN_OFFERS = [
    (
        "Lavterskeltilbudet på Strømsø",
        "municipal",
        "Voksne med rusproblemer eller psykiske plager",
        "Møt opp mellom 10 og 15, ingen henvisning. Kaffe, samtale og hjelp videre.",
        "lavterskel, dropp inn, rus",
    ),
    (
        "Rask psykisk helsehjelp",
        "municipal",
        "Fra 16 år, lette til moderate plager",
        "Ring eller bestill selv; ingen henvisning fra fastlegen.",
        "angst, depresjon, kortvarig",
    ),
    (
        "Pårørendegruppe, rus",
        "self_help",
        "Pårørende til personer med rusproblemer",
        "Annenhver tirsdag kveld; meld deg på eller møt opp.",
        "pårørende, rus, likepersoner",
    ),
    (
        "Erfaringskonsulenter i oppfølgingstjenesten",
        "peer_support",
        "Brukere som vil ha følge av en som har vært der selv",
        "Spør din kontaktperson, eller ring oppfølgingstjenesten.",
        "likepersoner, erfaringskompetanse",
    ),
    (
        "DPS, poliklinikk",
        "specialist",
        "Voksne med moderate til alvorlige psykiske lidelser",
        "Henvisning fra fastlege eller legevakt.",
        "spesialisthelsetjeneste, henvisning",
    ),
]


def load_drammen_insight(*, owner: User, facilitator: User, process: Process) -> None:
    for name, kind, target_group, how, tags in DRAMMEN_OFFERS:
        services.offer_save(
            actor=owner,
            organisation=process.organisation,
            name=name,
            kind=kind,
            area="Drammen",
            target_group=target_group,
            how_to_get_in=how,
            contact="https://drammen.demo/tilbud",
            tags=tags,
        )
    guide = services.interview_guide_create(
        actor=owner,
        organisation=process.organisation,
        title="Intervjuguide: brukere og pårørende",
        language="nb",
        purpose="Kunnskapsgrunnlag til innovasjonsstrategien.",
    )
    daily = services.guide_section_add(actor=owner, guide=guide, title="Hverdagen")
    services.guide_question_add(actor=owner, section=daily, text="", kind="what_matters")
    services.guide_question_add(actor=owner, section=daily, text="Hva fungerer godt i dag?", kind="open")
    services_section = services.guide_section_add(actor=owner, guide=guide, title="Møtet med tjenestene")
    services.guide_question_add(
        actor=owner, section=services_section, text="Fortell om sist du trengte hjelp.", kind="open"
    )
    services.guide_question_add(
        actor=owner, section=services_section, text="Hvem kontaktet du, og hva skjedde da?", kind="open"
    )
    sources = []
    for title, category, held_on, text in DRAMMEN_INTERVIEWS:
        source = services.source_create(
            actor=owner,
            process=process,
            kind="interview",
            title=title,
            language="nb",
            text=text,
            person_category=category,
            municipality="Drammen",
            held_on=held_on,
            interviewer=owner,
            guide=guide,
            consent_purpose="Kunnskapsgrunnlag til strategien; sitater uten navn",
            consent_version="2",
            consent_given_on=held_on,
        )
        sources.append(_review_and_release(owner, source))
    services.source_create(
        actor=owner,
        process=process,
        kind="desk",
        title="Rapport: Lavterskeltilbud i norske kommuner",
        language="nb",
        summary="Oversikt over lavterskeltilbud innen psykisk helse og rus, og hva som får folk til å komme igjen.",
        reference="https://example.org/lavterskel-rapport",
        tags="lavterskel, oppsøkende, bolig",
        held_on=date(2025, 11, 1),
    )
    # A fourth interview waits for review, as in real work.
    services.source_create(
        actor=owner,
        process=process,
        kind="interview",
        title="Intervju 14, leder",
        language="nb",
        text="Leder i NAV Drammen, Silje Berg, sier at de ikke vet hvem i kommunen de skal ringe.",
        person_category="agency",
        municipality="Drammen",
        held_on=date(2026, 5, 12),
        interviewer=owner,
        consent_given_on=date(2026, 5, 12),
    )
    codes = {
        name: services.code_create(actor=facilitator, process=process, name=name, colour=colour, description=text)
        for name, colour, text in DRAMMEN_CODES
    }
    # Two coders code the same texts; they disagree in a few places, which the team discusses.
    for coder, extra in ((owner, True), (facilitator, False)):
        for source in sources:
            _code_sentences(coder, source, codes["Ventetid"], "fire måneder", "Ventetiden")
            _code_sentences(coder, source, codes["Å bli hørt"], "bli trodd", "ikke hørt")
            _code_sentences(coder, source, codes["Koordinering"], "én person", "fast kontakt")
            _code_sentences(coder, source, codes["Bolig"], "boligen", "Boligen")
            if extra:
                _code_sentences(coder, source, codes["Å bli hørt"], "viktig for meg")
                _code_sentences(coder, source, codes["Koordinering"], "hvem som har ansvaret")
            else:
                _code_sentences(coder, source, codes["Koordinering"], "tilfeldig")
    heard = services.insight_create(
        actor=facilitator,
        process=process,
        statement="Å bli trodd og spurt hva som er viktig, betyr mer enn hvilket tilbud det er.",
        explanation="Brukere og pårørende beskriver det første møtet der noen lyttet som vendepunktet.",
        codes=[codes["Å bli hørt"]],
        life_areas=["mental_health", "network"],
    )
    _quote(facilitator, heard, sources[0], "bli trodd")
    _quote(facilitator, heard, sources[1], "ikke hørt")
    contact = services.insight_create(
        actor=facilitator,
        process=process,
        statement="Folk faller ut i overgangene fordi ingen har ansvaret for helheten.",
        codes=[codes["Koordinering"], codes["Ventetid"]],
        life_areas=["mental_health", "substance_use"],
    )
    _quote(facilitator, contact, sources[1], "én person")
    _quote(facilitator, contact, sources[2], "fast kontakt")
    housing = services.insight_create(
        actor=facilitator,
        process=process,
        statement="Bolig først gjør resten mulig.",
        codes=[codes["Bolig"]],
        life_areas=["housing"],
    )
    _quote(facilitator, housing, sources[0], "boligen")
    _link_to_picture(owner, process, [(contact, "Overgangen"), (heard, "første møte"), (housing, "seint inn")])


def load_prestudy_insight(*, actor: User, process: Process) -> None:
    guide = services.interview_guide_create(
        actor=actor,
        organisation=process.organisation,
        title="Intervjuguide: djupintervjuer",
        language="sv",
        purpose="Användarresor genom vård och stöd.",
    )
    section = services.guide_section_add(actor=actor, guide=guide, title="Vardagen")
    services.guide_question_add(actor=actor, section=section, text="", kind="what_matters")
    services.guide_question_add(actor=actor, section=section, text="Berätta om din väg till hjälp.", kind="open")
    sources = []
    for title, category, held_on, text in HUDIKSVALL_INTERVIEWS:
        source = services.source_create(
            actor=actor,
            process=process,
            kind="interview",
            title=title,
            language="sv",
            text=text,
            person_category=category,
            municipality="Hudiksvall",
            held_on=held_on,
            interviewer=actor,
            guide=guide,
            consent_purpose="Förstudien; citat utan namn",
            consent_version="1",
            consent_given_on=held_on,
        )
        sources.append(_review_and_release(actor, source))
    plan = services.code_create(actor=actor, process=process, name="Samordning", colour="#2E7D32")
    story = services.code_create(actor=actor, process=process, name="Berätta igen", colour="#B5341C")
    for source in sources:
        _code_sentences(actor, source, plan, "håller ihop", "samordningen", "kontaktperson")
        _code_sentences(actor, source, story, "fem gånger", "visste de inte")
    insight_obj = services.insight_create(
        actor=actor,
        process=process,
        statement="Personen och de anhöriga håller ihop planen själva.",
        codes=[plan],
        life_areas=["mental_health", "network"],
    )
    _quote(actor, insight_obj, sources[0], "håller ihop")
    _quote(actor, insight_obj, sources[1], "samordningen")
    _link_to_picture(actor, process, [(insight_obj, "helhetsansvar")])


def _link_to_picture(actor: User, process: Process, links: list[tuple[object, str]]) -> None:
    """Each insight as evidence for the newest challenge-picture item whose text holds the
    words (the first item when none does)."""
    latest = process.challenge_pictures.order_by("-number").first()
    if latest is None:
        return
    items = list(latest.items.all())
    for target, words in links:
        item = next((i for i in items if words and words.lower() in i.text.lower()), items[0])
        evidence_link_add(actor=actor, item=item, target=target, note="Fra intervjuene")  # type: ignore[arg-type]
