"""The phase templates that ship with Samskap, in four languages.

Sources (see docs/reference in the brief, nordic-context.md §6):
- KS Veikart for tjenesteinnovasjon, the five-phase version (ks.no, samveis.no). KS now
  publishes a six-phase version whose first phase is *Forankring*; an organisation that
  follows it copies this template and edits it.
- The Double Diamond as DOGA's guide names it: Forstå, Definere, Utvikle, Levere.
- StimuLab's triple diamond: a diagnosis phase before the double diamond.
- Impact Hub Bergen's Impact Challenge: three phases.
- Kunnskapssenteret's Modell for kvalitetsforbedring (Forbedringsmodellen): five phases.

`install_builtin_templates` is called by a data migration and by the test fixtures; it
only adds what is missing, so an installation keeps edits to nothing it did not make.
"""

from __future__ import annotations

from typing import Any

Texts = dict[str, str]


def _t(nb: str, nn: str, sv: str, en: str) -> Texts:
    return {"nb": nb, "nn": nn, "sv": sv, "en": en}


BUILTIN_TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "ks-veikart",
        "names": _t(
            "KS Veikart for tjenesteinnovasjon",
            "KS Vegkart for tenesteinnovasjon",
            "KS Veikart för tjänsteinnovation",
            "KS Roadmap for service innovation",
        ),
        "descriptions": _t(
            "Fem faser fra behovet oppstår til ny praksis er i drift. Ikke lineært: gå tilbake når det trengs.",
            "Fem fasar frå behovet oppstår til ny praksis er i drift. Ikkje lineært: gå tilbake når det trengst.",
            "Fem faser från att behovet uppstår till att ny praxis är i drift. Inte linjärt: gå tillbaka vid behov.",
            "Five phases from the need to new practice in operation. Not linear: go back when you need to.",
        ),
        "source_url": "https://www.ks.no/fagomrader/innovasjon/innovasjonsledelse/veikart-for-tjenesteinnovasjon/",
        "phases": [
            (
                _t("Før du starter", "Før du startar", "Innan ni börjar", "Before you start"),
                _t(
                    "Definer utfordringsbildet og forankre hvorfor endring trengs.",
                    "Definer utfordringsbiletet og forankre kvifor endring trengst.",
                    "Beskriv utmaningsbilden och förankra varför förändring behövs.",
                    "Define the challenge picture and anchor why change is needed.",
                ),
            ),
            (
                _t("Innsikt og idé", "Innsikt og idé", "Insikt och idé", "Insight and idea"),
                _t(
                    "Dybdeinnsikt i behovene til brukere, ansatte og organisasjonen; et overordnet målbilde.",
                    "Djupinnsikt i behova til brukarar, tilsette og organisasjonen; eit overordna målbilete.",
                    "Djup insikt i behoven hos brukare, personal och organisation; en övergripande målbild.",
                    "Deep insight into the needs of users, staff and the organisation; an overall target picture.",
                ),
            ),
            (
                _t(
                    "Utvikling, utprøving og evaluering",
                    "Utvikling, utprøving og evaluering",
                    "Utveckling, test och utvärdering",
                    "Development, testing and evaluation",
                ),
                _t(
                    "Fra overordnet idé til ferdig tjenestetilbud, i gjentatte runder.",
                    "Frå overordna idé til ferdig tenestetilbod, i gjentekne rundar.",
                    "Från övergripande idé till färdigt tjänsteerbjudande, i upprepade varv.",
                    "From an overall idea to a finished service, in repeated rounds.",
                ),
            ),
            (
                _t("Overgang til drift", "Overgang til drift", "Övergång till drift", "Transition to operations"),
                _t(
                    "Tjenesten integreres i drift, og de ansatte blir med på endringsreisen.",
                    "Tenesta vert integrert i drift, og dei tilsette vert med på endringsreisa.",
                    "Tjänsten förs in i driften och personalen tas med på förändringsresan.",
                    "The service becomes part of operations, and staff come along on the change.",
                ),
            ),
            (
                _t("Ny praksis", "Ny praksis", "Ny praxis", "New practice"),
                _t(
                    "Følg opp gevinstene over tid; gevinstrealisering tar ofte flere år.",
                    "Følg opp gevinstane over tid; gevinstrealisering tek ofte fleire år.",
                    "Följ upp nyttan över tid; nyttorealisering tar ofta flera år.",
                    "Follow up the benefits over time; realising them often takes years.",
                ),
            ),
        ],
    },
    {
        "key": "double-diamond",
        "names": _t("Dobbel diamant", "Dobbel diamant", "Dubbeldiamanten", "Double Diamond"),
        "descriptions": _t(
            "Designprosessen i DOGAs guide: hver diamant åpner og lukker.",
            "Designprosessen i DOGA sin guide: kvar diamant opnar og lukkar.",
            "Designprocessen i två diamanter: var och en öppnar och stänger.",
            "The design process in DOGA's guide: each diamond opens and closes.",
        ),
        "source_url": "https://doga.no/verktoy/designdrevet-innovasjon/guide-for-designdrevet-innovasjon/",
        "phases": [
            (
                _t("Forstå", "Forstå", "Förstå", "Discover"),
                _t(
                    "Bygg et innsiktsgrunnlag og utforsk problemet.",
                    "Bygg eit innsiktsgrunnlag og utforsk problemet.",
                    "Bygg ett insiktsunderlag och utforska problemet.",
                    "Build an insight base and explore the problem.",
                ),
            ),
            (
                _t("Definere", "Definere", "Definiera", "Define"),
                _t(
                    "Velg hvilket problem som skal løses, og for hvem.",
                    "Vel kva problem som skal løysast, og for kven.",
                    "Välj vilket problem som ska lösas, och för vem.",
                    "Choose which problem to solve, and for whom.",
                ),
            ),
            (
                _t("Utvikle", "Utvikle", "Utveckla", "Develop"),
                _t(
                    "Skap mange idéer, lag prototyper og test dem.",
                    "Skap mange idear, lag prototypar og test dei.",
                    "Skapa många idéer, gör prototyper och testa dem.",
                    "Generate many ideas, prototype and test them.",
                ),
            ),
            (
                _t("Levere", "Levere", "Leverera", "Deliver"),
                _t(
                    "Gjennomfør, og overlever fra prosjekt til drift.",
                    "Gjennomfør, og overlever frå prosjekt til drift.",
                    "Genomför, och lämna över från projekt till drift.",
                    "Implement, and hand over from project to operations.",
                ),
            ),
        ],
    },
    {
        "key": "triple-diamond",
        "names": _t(
            "Trippel diamant (StimuLab)",
            "Trippel diamant (StimuLab)",
            "Trippeldiamanten (StimuLab)",
            "Triple diamond (StimuLab)",
        ),
        "descriptions": _t(
            "En diagnosefase før den doble diamanten gir felles, forankret problemforståelse og et målbilde.",
            "Ein diagnosefase før den doble diamanten gjev felles, forankra problemforståing og eit målbilete.",
            "En diagnosfas före dubbeldiamanten ger en gemensam, förankrad problembild och en målbild.",
            "A diagnosis phase before the double diamond gives a shared, anchored problem picture "
            "and a target picture.",
        ),
        "source_url": "https://www.digdir.no/stimulab",
        "phases": [
            (
                _t("Diagnose", "Diagnose", "Diagnos", "Diagnosis"),
                _t(
                    "Felles forståelse av problemet, strategisk plan og målbilde.",
                    "Felles forståing av problemet, strategisk plan og målbilete.",
                    "Gemensam förståelse av problemet, strategisk plan och målbild.",
                    "A shared understanding of the problem, a strategic plan and a target picture.",
                ),
            ),
            (
                _t("Forstå", "Forstå", "Förstå", "Discover"),
                _t(
                    "Bygg et innsiktsgrunnlag og utforsk problemet.",
                    "Bygg eit innsiktsgrunnlag og utforsk problemet.",
                    "Bygg ett insiktsunderlag och utforska problemet.",
                    "Build an insight base and explore the problem.",
                ),
            ),
            (
                _t("Definere", "Definere", "Definiera", "Define"),
                _t(
                    "Velg hvilket problem som skal løses, og for hvem.",
                    "Vel kva problem som skal løysast, og for kven.",
                    "Välj vilket problem som ska lösas, och för vem.",
                    "Choose which problem to solve, and for whom.",
                ),
            ),
            (
                _t("Utvikle", "Utvikle", "Utveckla", "Develop"),
                _t(
                    "Skap mange idéer, lag prototyper og test dem.",
                    "Skap mange idear, lag prototypar og test dei.",
                    "Skapa många idéer, gör prototyper och testa dem.",
                    "Generate many ideas, prototype and test them.",
                ),
            ),
            (
                _t("Levere", "Levere", "Leverera", "Deliver"),
                _t(
                    "Gjennomfør, del læringen og overlever til drift.",
                    "Gjennomfør, del læringa og overlever til drift.",
                    "Genomför, dela lärdomarna och lämna över till drift.",
                    "Implement, share what was learned and hand over to operations.",
                ),
            ),
        ],
    },
    {
        "key": "impact-challenge",
        "names": _t("Impact Challenge", "Impact Challenge", "Impact Challenge", "Impact Challenge"),
        "descriptions": _t(
            "Tre faser rundt én samfunnsutfordring, med innovasjonscamp og pitch for jury; inkubasjon etterpå.",
            "Tre fasar kring éi samfunnsutfordring, med innovasjonscamp og pitch for jury; inkubasjon etterpå.",
            "Tre faser kring en samhällsutmaning, med innovationscamp och pitch för jury; inkubation efteråt.",
            "Three phases around one societal challenge, with an innovation camp and a pitch to a jury; "
            "incubation follows.",
        ),
        "source_url": "https://impacthub.no/",
        "phases": [
            (
                _t(
                    "Innsikt og inspirasjon",
                    "Innsikt og inspirasjon",
                    "Insikt och inspiration",
                    "Insight and inspiration",
                ),
                _t(
                    "Forskere, brukere, pårørende og tjenester deler innsikt; åpne dypdykk-webinarer.",
                    "Forskarar, brukarar, pårørande og tenester deler innsikt; opne djupdykk-webinar.",
                    "Forskare, brukare, anhöriga och verksamheter delar insikt; öppna fördjupningswebbinarier.",
                    "Researchers, service users, relatives and services share insight; open deep-dive webinars.",
                ),
            ),
            (
                _t("Idé og utvikling", "Idé og utvikling", "Idé och utveckling", "Ideas and development"),
                _t(
                    "Innovasjonscamp fra fredag til søndag, i rommet og digitalt; team dannes rundt idéene.",
                    "Innovasjonscamp frå fredag til søndag, i rommet og digitalt; team vert danna kring ideane.",
                    "Innovationscamp från fredag till söndag, på plats och digitalt; team bildas kring idéerna.",
                    "An innovation camp from Friday to Sunday, in the room and online; teams form around the ideas.",
                ),
            ),
            (
                _t(
                    "Ferdigstille, teste og pitche",
                    "Ferdigstille, teste og pitche",
                    "Färdigställa, testa och pitcha",
                    "Finish, test and pitch",
                ),
                _t(
                    "Konseptet gjøres ferdig, testes og pitches for en jury.",
                    "Konseptet vert gjort ferdig, testa og pitcha for ein jury.",
                    "Konceptet färdigställs, testas och pitchas för en jury.",
                    "The concept is finished, tested and pitched to a jury.",
                ),
            ),
        ],
    },
    {
        "key": "forbedringsmodellen",
        "names": _t("Forbedringsmodellen", "Forbetringsmodellen", "Förbättringsmodellen", "Model for Improvement"),
        "descriptions": _t(
            "Kunnskapssenterets modell for kvalitetsforbedring: fem faser med PDSA-sykluser i gjennomføringen.",
            "Kunnskapssenteret sin modell for kvalitetsforbetring: fem fasar med PDSA-syklusar i gjennomføringa.",
            "Kunnskapssenterets modell för kvalitetsförbättring: fem faser med PGSA-cykler i genomförandet.",
            "Kunnskapssenteret's model for quality improvement: five phases with PDSA cycles while carrying out.",
        ),
        "source_url": "https://www.helsebiblioteket.no/kvalitetsforbedring",
        "phases": [
            (
                _t("Forberede", "Førebu", "Förbereda", "Prepare"),
                _t(
                    "Forankre arbeidet, sett sammen teamet og forstå problemet.",
                    "Forankre arbeidet, set saman teamet og forstå problemet.",
                    "Förankra arbetet, sätt samman teamet och förstå problemet.",
                    "Anchor the work, form the team and understand the problem.",
                ),
            ),
            (
                _t("Planlegge", "Planleggje", "Planera", "Plan"),
                _t(
                    "Hva vil vi oppnå, hvordan vet vi at det er en forbedring, hvilke endringer prøver vi?",
                    "Kva vil vi oppnå, korleis veit vi at det er ei forbetring, kva endringar prøver vi?",
                    "Vad vill vi uppnå, hur vet vi att det är en förbättring, vilka förändringar prövar vi?",
                    "What are we trying to achieve, how will we know a change is an improvement, what will we try?",
                ),
            ),
            (
                _t("Utføre", "Utføre", "Genomföra", "Carry out"),
                _t(
                    "Prøv endringene i små PDSA-sykluser og mål underveis.",
                    "Prøv endringane i små PDSA-syklusar og mål undervegs.",
                    "Pröva förändringarna i små PGSA-cykler och mät under tiden.",
                    "Test the changes in small PDSA cycles and measure as you go.",
                ),
            ),
            (
                _t("Evaluere", "Evaluere", "Utvärdera", "Evaluate"),
                _t(
                    "Vurder målingene: ble det en forbedring?",
                    "Vurder målingane: vart det ei forbetring?",
                    "Bedöm mätningarna: blev det en förbättring?",
                    "Judge the measurements: was it an improvement?",
                ),
            ),
            (
                _t("Følge opp", "Følgje opp", "Följa upp", "Follow up"),
                _t(
                    "Gjør forbedringen til ny praksis og følg med på at den varer.",
                    "Gjer forbetringa til ny praksis og følg med på at ho varer.",
                    "Gör förbättringen till ny praxis och följ att den håller i sig.",
                    "Make the improvement ordinary practice and check that it lasts.",
                ),
            ),
        ],
    },
]


def install_builtin_templates(apps: Any, schema_editor: Any) -> None:
    """Add any built-in template that is missing (a data migration's function)."""
    PhaseTemplate = apps.get_model("processes", "PhaseTemplate")
    TemplatePhase = apps.get_model("processes", "TemplatePhase")
    for spec in BUILTIN_TEMPLATES:
        if PhaseTemplate.objects.filter(organisation__isnull=True, key=spec["key"]).exists():
            continue
        template = PhaseTemplate.objects.create(
            key=spec["key"], names=spec["names"], descriptions=spec["descriptions"], source_url=spec["source_url"]
        )
        TemplatePhase.objects.bulk_create(
            TemplatePhase(template=template, position=position, names=names, purposes=purposes)
            for position, (names, purposes) in enumerate(spec["phases"], start=1)
        )
