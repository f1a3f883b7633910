"""The method library that ships with Samskap: short guides in four languages for the methods
the field uses, and two courses built from them.

Each method says in one sentence what it is, when to use it, how to run it in a few steps, how long it takes,
and where in Samskap the work is recorded (``place`` names the module, empty if there is none). Every text is
keyed by locale (nb, nn, sv, en) and written for the municipal adviser or facilitator who runs the work. The
module is plain data with no Django imports, so seeding commands, views and tests can all read it."""

from __future__ import annotations

from typing import TypedDict

Texts = dict[str, str]  # {"nb": ..., "nn": ..., "sv": ..., "en": ...}


class MethodSpec(TypedDict):
    key: str
    names: Texts
    summary: Texts  # one sentence
    when: Texts  # when to use it: 1-3 sentences
    how: list[Texts]  # 4-7 steps, each one or two sentences
    duration: Texts  # how long it takes
    place: str  # the Samskap module where the work is recorded, or ""


class CourseStep(TypedDict):
    method: str  # a MethodSpec key
    exercise: Texts  # an exercise participants do with this method, 1-3 sentences


class CourseSpec(TypedDict):
    key: str
    names: Texts
    description: Texts  # 1-3 sentences
    steps: list[CourseStep]


METHODS: list[MethodSpec] = [
    {
        "key": "deep-interview",
        "names": {"nb": "Dybdeintervju", "nn": "Djupintervju", "sv": "Djupintervju", "en": "Deep interview"},
        "summary": {
            "nb": (
                "En åpen samtale på 60–90 minutter med én person om "
                "hvordan hverdagen og møtet med tjenestene faktisk er."
            ),
            "nn": (
                "Ein open samtale på 60–90 minutt med éin person om "
                "korleis kvardagen og møtet med tenestene faktisk er."
            ),
            "sv": (
                "Ett öppet samtal på 60–90 minuter med en person om hur "
                "vardagen och mötet med verksamheterna faktiskt ser ut."
            ),
            "en": (
                "An open conversation of 60–90 minutes with one person about what "
                "everyday life and contact with the services are really like."
            ),
        },
        "when": {
            "nb": (
                "Når du trenger å forstå behov, erfaringer og årsaker, ikke bare meninger. "
                "Bruk det tidlig i innsiktsfasen, før dere har bestemt løsningen."
            ),
            "nn": (
                "Når du treng å forstå behov, erfaringar og årsaker, ikkje berre "
                "meiningar. Bruk det tidleg i innsiktsfasen, før de har bestemt løysinga."
            ),
            "sv": (
                "När du behöver förstå behov, erfarenheter och orsaker, inte bara åsikter. "
                "Använd det tidigt i insiktsfasen, innan ni har bestämt lösningen."
            ),
            "en": (
                "When you need to understand needs, experiences and causes, not just opinions. "
                "Use it early in the insight phase, before a solution has been chosen."
            ),
        },
        "how": [
            {
                "nb": (
                    "Velg hvem dere vil snakke med: brukere, pårørende, ansatte og samarbeidspartnere. Rekrutter "
                    "gjerne via erfaringskonsulenter og brukerorganisasjoner, og tilby honorar der det er vanlig."
                ),
                "nn": (
                    "Vel kven de vil snakke med: brukarar, pårørande, tilsette og samarbeidspartnarar. Rekrutter "
                    "gjerne via erfaringskonsulentar og brukarorganisasjonar, og tilby honorar der det er vanleg."
                ),
                "sv": (
                    "Välj vilka ni vill prata med: brukare, anhöriga, medarbetare och samverkanspartner. Rekrytera "
                    "gärna via erfarenhetsexperter och brukarorganisationer, och erbjud arvode där det är brukligt."
                ),
                "en": (
                    "Choose who to talk to: service users, relatives, staff and partners. Recruit through experience "
                    "consultants and user organisations where you can, and offer a fee where that is the norm."
                ),
            },
            {
                "nb": (
                    "Lag en kort intervjuguide med fem til åtte åpne spørsmål. Start "
                    "gjerne med «Hva er viktig for deg?» og be om konkrete eksempler."
                ),
                "nn": (
                    "Lag ein kort intervjuguide med fem til åtte opne spørsmål. Start "
                    "gjerne med «Kva er viktig for deg?» og be om konkrete døme."
                ),
                "sv": (
                    "Gör en kort intervjuguide med fem till åtta öppna frågor. Börja "
                    "gärna med ”Vad är viktigt för dig?” och be om konkreta exempel."
                ),
                "en": (
                    "Write a short interview guide with five to eight open questions. "
                    "Start with “What matters to you?” and ask for concrete examples."
                ),
            },
            {
                "nb": (
                    "Forklar formålet, at det er frivillig og hvordan notatene lagres. Innhent "
                    "samtykke før du starter, og si at personen kan trekke seg når som helst."
                ),
                "nn": (
                    "Forklar føremålet, at det er frivillig og korleis notata blir lagra. Hent inn "
                    "samtykke før du startar, og sei at personen kan trekkje seg når som helst."
                ),
                "sv": (
                    "Förklara syftet, att det är frivilligt och hur anteckningarna sparas. Inhämta "
                    "samtycke innan du börjar och säg att personen kan avbryta när som helst."
                ),
                "en": (
                    "Explain the purpose, that taking part is voluntary and how notes are stored. "
                    "Get consent before you start and say the person can withdraw at any time."
                ),
            },
            {
                "nb": (
                    "Vær to: én spør, én noterer. Lytt mer enn du snakker, følg "
                    "opp med «Kan du fortelle mer?» og unngå å foreslå løsninger."
                ),
                "nn": (
                    "Ver to: éin spør, éin noterer. Lytt meir enn du snakkar, følg "
                    "opp med «Kan du fortelje meir?» og unngå å føreslå løysingar."
                ),
                "sv": (
                    "Var två: en frågar, en antecknar. Lyssna mer än du pratar, följ "
                    "upp med ”Kan du berätta mer?” och undvik att föreslå lösningar."
                ),
                "en": (
                    "Work in pairs: one asks, one takes notes. Listen more than you talk, "
                    "follow up with “Can you tell me more?” and avoid suggesting solutions."
                ),
            },
            {
                "nb": (
                    "Skriv ut notatene samme dag. Fjern navn, steder og andre detaljer som "
                    "kan identifisere personen, og la en kollega se over pseudonymiseringen."
                ),
                "nn": (
                    "Skriv ut notata same dag. Fjern namn, stader og andre detaljar som kan "
                    "identifisere personen, og la ein kollega sjå over pseudonymiseringa."
                ),
                "sv": (
                    "Skriv rent anteckningarna samma dag. Ta bort namn, platser och andra detaljer "
                    "som kan identifiera personen, och låt en kollega granska pseudonymiseringen."
                ),
                "en": (
                    "Write up the notes the same day. Remove names, places and other details that "
                    "could identify the person, and have a colleague check the pseudonymisation."
                ),
            },
            {
                "nb": (
                    "Merk sitater og observasjoner med koder, og samle dem "
                    "til temaer og innsikter sammen med de andre intervjuene."
                ),
                "nn": (
                    "Merk sitat og observasjonar med kodar, og samle dei "
                    "til tema og innsikter saman med dei andre intervjua."
                ),
                "sv": (
                    "Märk citat och iakttagelser med koder och samla dem i "
                    "teman och insikter tillsammans med de andra intervjuerna."
                ),
                "en": (
                    "Tag quotes and observations with codes, and group them into "
                    "themes and insights together with the other interviews."
                ),
            },
        ],
        "duration": {
            "nb": "60–90 minutter per intervju, pluss en time til notater",
            "nn": "60–90 minutt per intervju, pluss ein time til notat",
            "sv": "60–90 minuter per intervju, plus en timme för anteckningar",
            "en": "60–90 minutes per interview, plus an hour for notes",
        },
        "place": "interviews",
    },
    {
        "key": "observation-study",
        "names": {
            "nb": "Observasjonsstudie",
            "nn": "Observasjonsstudie",
            "sv": "Observationsstudie",
            "en": "Observation study",
        },
        "summary": {
            "nb": (
                "Du følger en tjeneste eller en person i hverdagen og ser "
                "hva som faktisk skjer, ikke bare hva folk sier skjer."
            ),
            "nn": (
                "Du følgjer ei teneste eller ein person i kvardagen og ser "
                "kva som faktisk skjer, ikkje berre kva folk seier skjer."
            ),
            "sv": (
                "Du följer en verksamhet eller en person i vardagen och ser "
                "vad som faktiskt händer, inte bara vad folk säger händer."
            ),
            "en": (
                "You follow a service or a person in daily life and see "
                "what actually happens, not just what people say happens."
            ),
        },
        "when": {
            "nb": (
                "Når rutiner, ventetid, overganger eller det fysiske miljøet kan "
                "forklare problemet. Fungerer godt sammen med dybdeintervjuer."
            ),
            "nn": (
                "Når rutinar, ventetid, overgangar eller det fysiske miljøet "
                "kan forklare problemet. Fungerer godt saman med djupintervju."
            ),
            "sv": (
                "När rutiner, väntetider, övergångar eller den fysiska miljön kan "
                "förklara problemet. Fungerar bra tillsammans med djupintervjuer."
            ),
            "en": (
                "When routines, waiting, handovers or the physical setting may "
                "explain the problem. Works well alongside deep interviews."
            ),
        },
        "how": [
            {
                "nb": (
                    "Avtal med leder og ansatte på stedet, og avklar hva dere vil se etter: "
                    "for eksempel mottak, venterom eller en dag med oppsøkende tjeneste."
                ),
                "nn": (
                    "Avtal med leiar og tilsette på staden, og avklar kva de vil sjå etter: "
                    "til dømes mottak, venterom eller ein dag med oppsøkjande teneste."
                ),
                "sv": (
                    "Kom överens med chef och personal på plats och bestäm vad ni vill titta på: "
                    "till exempel mottagning, väntrum eller en dag med uppsökande verksamhet."
                ),
                "en": (
                    "Agree the visit with the manager and staff, and decide what to look at: "
                    "for example reception, the waiting room or a day with an outreach team."
                ),
            },
            {
                "nb": (
                    "Fortell dem som er til stede hvem du er og hvorfor du er "
                    "der. Følger du én person, trenger du samtykke på forhånd."
                ),
                "nn": (
                    "Fortel dei som er til stades kven du er og kvifor du er "
                    "der. Følgjer du éin person, treng du samtykke på førehand."
                ),
                "sv": (
                    "Berätta för dem som är på plats vem du är och varför du är "
                    "där. Följer du en enskild person behöver du samtycke i förväg."
                ),
                "en": (
                    "Tell the people present who you are and why you are there. "
                    "If you shadow one person, get their consent in advance."
                ),
            },
            {
                "nb": (
                    "Observer uten å gripe inn. Noter hva folk gjør, hvor "
                    "lenge ting tar, hva som skaper stopp og hva som fungerer."
                ),
                "nn": (
                    "Observer utan å gripe inn. Noter kva folk gjer, kor lenge "
                    "ting tek, kva som skaper stopp og kva som fungerer."
                ),
                "sv": (
                    "Observera utan att ingripa. Anteckna vad folk gör, hur lång "
                    "tid saker tar, vad som skapar stopp och vad som fungerar."
                ),
                "en": (
                    "Observe without stepping in. Note what people do, how "
                    "long things take, what causes delays and what works."
                ),
            },
            {
                "nb": "Skill mellom det du ser og det du tolker. Skriv tolkninger i en egen kolonne.",
                "nn": "Skil mellom det du ser og det du tolkar. Skriv tolkingar i ein eigen kolonne.",
                "sv": "Skilj på det du ser och det du tolkar. Skriv tolkningar i en egen kolumn.",
                "en": (
                    "Keep what you see apart from what you think it means. Write interpretations in a separate column."
                ),
            },
            {
                "nb": (
                    "Ikke skriv navn eller kjennetegn på brukere. Ta bilder "
                    "bare av rom og ting, aldri av personer uten samtykke."
                ),
                "nn": (
                    "Ikkje skriv namn eller kjenneteikn på brukarar. Ta bilete "
                    "berre av rom og ting, aldri av personar utan samtykke."
                ),
                "sv": (
                    "Skriv inte namn eller kännetecken på brukare. Fotografera "
                    "bara rum och saker, aldrig personer utan samtycke."
                ),
                "en": (
                    "Do not record names or identifying features of service users. "
                    "Photograph rooms and objects only, never people without consent."
                ),
            },
            {
                "nb": "Gå gjennom notatene med de ansatte etterpå, og før funnene inn i innsiktsarbeidet.",
                "nn": "Gå gjennom notata med dei tilsette etterpå, og før funna inn i innsiktsarbeidet.",
                "sv": "Gå igenom anteckningarna med personalen efteråt och för in iakttagelserna i insiktsarbetet.",
                "en": "Go through the notes with the staff afterwards and add the findings to the insight work.",
            },
        ],
        "duration": {
            "nb": "2–4 timer på stedet, pluss en time til notater",
            "nn": "2–4 timar på staden, pluss ein time til notat",
            "sv": "2–4 timmar på plats, plus en timme för anteckningar",
            "en": "2–4 hours on site, plus an hour for notes",
        },
        "place": "interviews",
    },
    {
        "key": "user-journey",
        "names": {"nb": "Brukerreise", "nn": "Brukarreise", "sv": "Användarresa", "en": "User journey"},
        "summary": {
            "nb": (
                "Et kart over hvordan en person opplever tjenestene over "
                "tid, steg for steg, med høydepunkter, brudd og overganger."
            ),
            "nn": (
                "Eit kart over korleis ein person opplever tenestene over "
                "tid, steg for steg, med høgdepunkt, brot og overgangar."
            ),
            "sv": (
                "En karta över hur en person upplever verksamheterna över "
                "tid, steg för steg, med höjdpunkter, avbrott och övergångar."
            ),
            "en": (
                "A map of how one person experiences the services over time, "
                "step by step, with high points, breaks and handovers."
            ),
        },
        "when": {
            "nb": (
                "Når flere tjenester eller etater er involvert og du vil se helheten "
                "fra brukerens side. Nyttig for å finne hvor folk faller ut."
            ),
            "nn": (
                "Når fleire tenester eller etatar er involverte og du vil sjå "
                "heilskapen frå brukaren si side. Nyttig for å finne kvar folk fell ut."
            ),
            "sv": (
                "När flera verksamheter eller myndigheter är inblandade och du vill se helheten från "
                "brukarens sida. Användbart för att hitta var människor faller mellan stolarna."
            ),
            "en": (
                "When several services or agencies are involved and you want to see the "
                "whole from the user's side. Useful for finding where people drop out."
            ),
        },
        "how": [
            {
                "nb": (
                    "Ta utgangspunkt i intervjuer og observasjoner, eller lag "
                    "reisen sammen med en bruker eller erfaringskonsulent."
                ),
                "nn": (
                    "Ta utgangspunkt i intervju og observasjonar, eller lag "
                    "reisa saman med ein brukar eller erfaringskonsulent."
                ),
                "sv": (
                    "Utgå från intervjuer och observationer, eller gör resan "
                    "tillsammans med en brukare eller erfarenhetsexpert."
                ),
                "en": (
                    "Start from interviews and observations, or build the journey "
                    "together with a service user or experience consultant."
                ),
            },
            {
                "nb": (
                    "Avgrens reisen: hvor starter og slutter den? For eksempel "
                    "fra den første bekymringen til stabil bolig og arbeid."
                ),
                "nn": (
                    "Avgrens reisa: kvar startar og sluttar ho? Til dømes "
                    "frå den første uroa til stabil bustad og arbeid."
                ),
                "sv": (
                    "Avgränsa resan: var börjar och slutar den? Till exempel "
                    "från den första oron till stabilt boende och arbete."
                ),
                "en": (
                    "Set the limits of the journey: where does it start and end? "
                    "For example from the first worry to a stable home and work."
                ),
            },
            {
                "nb": "Legg stegene på en tidslinje: hvem personen møter, hva som skjer og hvor lang ventetiden er.",
                "nn": "Legg stega på ei tidslinje: kven personen møter, kva som skjer og kor lang ventetida er.",
                "sv": "Lägg ut stegen på en tidslinje: vem personen möter, vad som händer och hur lång väntetiden är.",
                "en": "Lay the steps out on a timeline: who the person meets, what happens and how long the wait is.",
            },
            {
                "nb": "Marker hvordan hvert steg oppleves, fra godt til vondt, og bruk personens egne ord der du kan.",
                "nn": (
                    "Marker korleis kvart steg blir opplevd, frå godt til "
                    "vondt, og bruk personen sine eigne ord der du kan."
                ),
                "sv": (
                    "Markera hur varje steg upplevs, från bra till dåligt, och använd personens egna ord där det går."
                ),
                "en": "Mark how each step feels, from good to bad, and use the person's own words where you can.",
            },
            {
                "nb": (
                    "Finn bruddene: overganger mellom tjenester, skjemaer som "
                    "må fylles ut på nytt, steder der ingen har ansvaret."
                ),
                "nn": (
                    "Finn brota: overgangar mellom tenester, skjema som må "
                    "fyllast ut på nytt, stader der ingen har ansvaret."
                ),
                "sv": (
                    "Hitta glappen: övergångar mellan verksamheter, blanketter "
                    "som måste fyllas i igen, ställen där ingen har ansvaret."
                ),
                "en": (
                    "Find the gaps: handovers between services, forms "
                    "filled in again, points where nobody is responsible."
                ),
            },
            {
                "nb": (
                    "Velg de to eller tre viktigste bruddene og gjør dem om til problemstillinger i utfordringsbildet."
                ),
                "nn": (
                    "Vel dei to eller tre viktigaste brota og gjer dei om til problemstillingar i utfordringsbiletet."
                ),
                "sv": (
                    "Välj de två eller tre viktigaste glappen och gör om "
                    "dem till problemformuleringar i utmaningsbilden."
                ),
                "en": (
                    "Pick the two or three most important gaps and turn "
                    "them into problem statements in the challenge picture."
                ),
            },
        ],
        "duration": {
            "nb": "2–3 timer i verksted per reise",
            "nn": "2–3 timar i verkstad per reise",
            "sv": "2–3 timmar i workshop per resa",
            "en": "2–3 hours in a workshop per journey",
        },
        "place": "interviews",
    },
    {
        "key": "idea-generation",
        "names": {"nb": "Idémyldring", "nn": "Idémyldring", "sv": "Idégenerering", "en": "Idea generation"},
        "summary": {
            "nb": "En strukturert økt der en blandet gruppe lager mange ideer raskt, før dere sorterer og velger.",
            "nn": "Ei strukturert økt der ei blanda gruppe lagar mange idear raskt, før de sorterer og vel.",
            "sv": (
                "Ett strukturerat pass där en blandad grupp tar fram många idéer snabbt innan ni sorterar och väljer."
            ),
            "en": (
                "A structured session where a mixed group comes up with many ideas quickly, before you sort and choose."
            ),
        },
        "when": {
            "nb": (
                "Når dere har en tydelig problemstilling fra innsiktsarbeidet "
                "og trenger mange mulige løsninger å velge mellom."
            ),
            "nn": (
                "Når de har ei tydeleg problemstilling frå innsiktsarbeidet "
                "og treng mange moglege løysingar å velje mellom."
            ),
            "sv": (
                "När ni har en tydlig problemformulering från insiktsarbetet "
                "och behöver många möjliga lösningar att välja mellan."
            ),
            "en": (
                "When you have a clear problem statement from the insight "
                "work and need many possible solutions to choose from."
            ),
        },
        "how": [
            {
                "nb": (
                    "Formuler problemstillingen som et spørsmål: «Hvordan kan vi …?» Knytt det til en konkret innsikt."
                ),
                "nn": (
                    "Formuler problemstillinga som eit spørsmål: «Korleis kan vi …?» Knyt det til ei konkret innsikt."
                ),
                "sv": "Formulera problemet som en fråga: ”Hur kan vi …?” Koppla den till en konkret insikt.",
                "en": "Phrase the problem as a question: “How might we …?” Link it to a concrete insight.",
            },
            {
                "nb": "Sett sammen en blandet gruppe: brukere, pårørende, ansatte, ledere og gjerne noen utenfra.",
                "nn": "Set saman ei blanda gruppe: brukarar, pårørande, tilsette, leiarar og gjerne nokon utanfrå.",
                "sv": "Sätt ihop en blandad grupp: brukare, anhöriga, medarbetare, chefer och gärna någon utifrån.",
                "en": (
                    "Put together a mixed group: service users, relatives, "
                    "staff, managers and ideally someone from outside."
                ),
            },
            {
                "nb": (
                    "La alle skrive egne ideer i stillhet i fem til ti "
                    "minutter, én idé per lapp. Da kommer flere stemmer fram."
                ),
                "nn": (
                    "La alle skrive eigne idear i stille i fem til ti "
                    "minutt, éin idé per lapp. Då kjem fleire stemmer fram."
                ),
                "sv": (
                    "Låt alla skriva egna idéer i tystnad i fem till tio minuter, en idé per lapp. Då hörs fler röster."
                ),
                "en": (
                    "Have everyone write their own ideas in silence for five to ten "
                    "minutes, one idea per note. That way more voices are heard."
                ),
            },
            {
                "nb": "Del ideene rundt bordet og bygg videre på hverandres. Ingen kritikk i denne fasen.",
                "nn": "Del ideane rundt bordet og bygg vidare på kvarandre sine. Ingen kritikk i denne fasen.",
                "sv": "Dela idéerna runt bordet och bygg vidare på varandras. Ingen kritik i den här fasen.",
                "en": "Share the ideas around the table and build on each other's. No criticism at this stage.",
            },
            {
                "nb": (
                    "Grupper like ideer og gi hver gruppe et navn. Stem med "
                    "prikker på de ideene som best svarer på spørsmålet."
                ),
                "nn": (
                    "Grupper like idear og gi kvar gruppe eit namn. Røyst med "
                    "prikkar på dei ideane som best svarar på spørsmålet."
                ),
                "sv": (
                    "Gruppera liknande idéer och ge varje grupp ett namn. "
                    "Rösta med prickar på de idéer som bäst svarar på frågan."
                ),
                "en": (
                    "Cluster similar ideas and name each cluster. Dot-vote for the ideas that best answer the question."
                ),
            },
            {
                "nb": "Skriv de utvalgte ideene inn i idémalen: hvem de er for, hva de løser og hva neste steg er.",
                "nn": (
                    "Skriv dei utvalde ideane inn i idémalen: kven dei er for, kva dei løyser og kva som er neste steg."
                ),
                "sv": "För in de utvalda idéerna i idémallen: vem de är till för, vad de löser och vad nästa steg är.",
                "en": (
                    "Enter the chosen ideas in the idea template: who they "
                    "are for, what they solve and what the next step is."
                ),
            },
        ],
        "duration": {"nb": "60–120 minutter", "nn": "60–120 minutt", "sv": "60–120 minuter", "en": "60–120 minutes"},
        "place": "ideas",
    },
    {
        "key": "prototyping",
        "names": {"nb": "Prototyping", "nn": "Prototyping", "sv": "Prototypande", "en": "Prototyping"},
        "summary": {
            "nb": (
                "Du lager en enkel og billig versjon av en idé og prøver den "
                "ut med brukere og ansatte før dere bruker mer tid og penger."
            ),
            "nn": (
                "Du lagar ein enkel og billeg versjon av ein idé og prøver han "
                "ut med brukarar og tilsette før de bruker meir tid og pengar."
            ),
            "sv": (
                "Du gör en enkel och billig version av en idé och testar den med "
                "brukare och medarbetare innan ni lägger mer tid och pengar."
            ),
            "en": (
                "You make a simple, cheap version of an idea and test it with "
                "service users and staff before you spend more time and money."
            ),
        },
        "when": {
            "nb": (
                "Når en idé er valgt, men dere er usikre på om den virker i "
                "praksis. Jo tidligere dere tester, jo billigere er det å endre."
            ),
            "nn": (
                "Når ein idé er vald, men de er usikre på om han verkar i "
                "praksis. Di tidlegare de testar, di billegare er det å endre."
            ),
            "sv": (
                "När en idé är vald men ni är osäkra på om den fungerar i praktiken. "
                "Ju tidigare ni testar, desto billigare är det att ändra."
            ),
            "en": (
                "When an idea has been chosen but you are not sure it works in "
                "practice. The earlier you test, the cheaper it is to change."
            ),
        },
        "how": [
            {
                "nb": "Bestem hva dere vil lære: hva er dere minst sikre på? Test det først.",
                "nn": "Bestem kva de vil lære: kva er de minst sikre på? Test det først.",
                "sv": "Bestäm vad ni vill lära er: vad är ni minst säkra på? Testa det först.",
                "en": "Decide what you want to learn: what are you least sure of? Test that first.",
            },
            {
                "nb": (
                    "Lag prototypen så enkel som mulig: en papirskisse, et rollespill, "
                    "et liksom-skjema, en plakat eller en tegnet appskjerm."
                ),
                "nn": (
                    "Lag prototypen så enkel som mogleg: ei papirskisse, eit rollespel, "
                    "eit liksom-skjema, ein plakat eller ein teikna appskjerm."
                ),
                "sv": (
                    "Gör prototypen så enkel som möjligt: en pappersskiss, ett "
                    "rollspel, en låtsasblankett, en affisch eller en ritad appskärm."
                ),
                "en": (
                    "Make the prototype as simple as possible: a paper sketch, a "
                    "role play, a mock form, a poster or a hand-drawn app screen."
                ),
            },
            {
                "nb": (
                    "Test med fem til åtte personer fra målgruppen, gjerne "
                    "sammen med en erfaringskonsulent. Be dem tenke høyt."
                ),
                "nn": (
                    "Test med fem til åtte personar frå målgruppa, gjerne "
                    "saman med ein erfaringskonsulent. Be dei tenkje høgt."
                ),
                "sv": (
                    "Testa med fem till åtta personer ur målgruppen, gärna "
                    "tillsammans med en erfarenhetsexpert. Be dem tänka högt."
                ),
                "en": (
                    "Test with five to eight people from the target group, ideally "
                    "together with an experience consultant. Ask them to think aloud."
                ),
            },
            {
                "nb": "Ikke forsvar prototypen. Noter hva som skaper forvirring, hva som mangler og hva folk liker.",
                "nn": "Ikkje forsvar prototypen. Noter kva som skaper forvirring, kva som manglar og kva folk likar.",
                "sv": "Försvara inte prototypen. Anteckna vad som förvirrar, vad som saknas och vad folk gillar.",
                "en": "Do not defend the prototype. Note what confuses people, what is missing and what they like.",
            },
            {
                "nb": (
                    "Endre og test igjen. Etter to eller tre runder vet dere "
                    "om ideen bør utvikles videre, endres eller legges bort."
                ),
                "nn": (
                    "Endre og test igjen. Etter to eller tre rundar veit de om "
                    "ideen bør utviklast vidare, endrast eller leggjast bort."
                ),
                "sv": (
                    "Ändra och testa igen. Efter två eller tre omgångar vet ni "
                    "om idén ska utvecklas vidare, ändras eller läggas ner."
                ),
                "en": (
                    "Change it and test again. After two or three rounds you will "
                    "know whether to develop the idea further, change it or drop it."
                ),
            },
            {
                "nb": "Skriv kort ned hva dere lærte på idéen, slik at beslutningen kan begrunnes senere.",
                "nn": "Skriv kort ned kva de lærte på ideen, slik at avgjerda kan grunngivast seinare.",
                "sv": "Skriv kort vad ni lärde er på idén, så att beslutet kan motiveras senare.",
                "en": "Write down briefly what you learned on the idea record, so the decision can be explained later.",
            },
        ],
        "duration": {
            "nb": "En halv dag for å lage og teste en første prototyp",
            "nn": "Ein halv dag for å lage og teste ein første prototyp",
            "sv": "En halv dag för att göra och testa en första prototyp",
            "en": "Half a day to make and test a first prototype",
        },
        "place": "ideas",
    },
    {
        "key": "dialogue-table",
        "names": {"nb": "Dialogbord", "nn": "Dialogbord", "sv": "Dialogbord", "en": "Dialogue table"},
        "summary": {
            "nb": (
                "Deltakerne sitter ved små bord, hvert med en vert og et tematisk "
                "spørsmål, og bytter bord i flere runder slik at ideene blandes."
            ),
            "nn": (
                "Deltakarane sit ved små bord, kvart med ein vert og eit tematisk "
                "spørsmål, og byter bord i fleire rundar slik at ideane blir blanda."
            ),
            "sv": (
                "Deltagarna sitter vid små bord, vart och ett med en värd och en "
                "tematisk fråga, och byter bord i flera omgångar så att idéerna blandas."
            ),
            "en": (
                "Participants sit at small tables, each with a host and a themed "
                "question, and move between tables in several rounds so ideas mix."
            ),
        },
        "when": {
            "nb": (
                "Når mange skal bidra på kort tid, for eksempel for å teste og utfylle "
                "et utfordringsbilde: «Har vi truffet, eller har vi glemt noe?»"
            ),
            "nn": (
                "Når mange skal bidra på kort tid, til dømes for å teste og fylle ut "
                "eit utfordringsbilete: «Har vi treft, eller har vi gløymt noko?»"
            ),
            "sv": (
                "När många ska bidra på kort tid, till exempel för att pröva och komplettera "
                "en utmaningsbild: ”Har vi träffat rätt, eller har vi missat något?”"
            ),
            "en": (
                "When many people need to contribute in a short time, for example to test and "
                "complete a challenge picture: “Have we got it right, or left something out?”"
            ),
        },
        "how": [
            {
                "nb": (
                    "Velg tre til fem tematiske spørsmål, ett per bord, og en "
                    "vert per bord. Verten blir sittende, de andre bytter."
                ),
                "nn": (
                    "Vel tre til fem tematiske spørsmål, eitt per bord, og ein "
                    "vert per bord. Verten blir sitjande, dei andre byter."
                ),
                "sv": (
                    "Välj tre till fem tematiska frågor, en per bord, och "
                    "en värd per bord. Värden sitter kvar, de andra byter."
                ),
                "en": (
                    "Choose three to five themed questions, one per table, and "
                    "one host per table. The host stays put; the others move."
                ),
            },
            {
                "nb": (
                    "Bland rollene ved hvert bord: brukere, pårørende, ansatte, ledere "
                    "og samarbeidspartnere. Sørg for at alle kan delta, også uten mobil."
                ),
                "nn": (
                    "Bland rollene ved kvart bord: brukarar, pårørande, tilsette, leiarar "
                    "og samarbeidspartnarar. Sørg for at alle kan delta, òg utan mobil."
                ),
                "sv": (
                    "Blanda rollerna vid varje bord: brukare, anhöriga, medarbetare, chefer "
                    "och samverkanspartner. Se till att alla kan delta, även utan mobil."
                ),
                "en": (
                    "Mix roles at every table: service users, relatives, staff, managers and "
                    "partners. Make sure everyone can take part, including people without a phone."
                ),
            },
            {
                "nb": (
                    "Kjør runder på 20–30 minutter. Deltakerne skriver "
                    "innspill selv på mobilen, eller verten skriver dem inn."
                ),
                "nn": (
                    "Køyr rundar på 20–30 minutt. Deltakarane skriv innspel "
                    "sjølve på mobilen, eller verten skriv dei inn."
                ),
                "sv": (
                    "Kör omgångar på 20–30 minuter. Deltagarna skriver in "
                    "sina bidrag i mobilen, eller så skriver värden in dem."
                ),
                "en": (
                    "Run rounds of 20–30 minutes. Participants type their "
                    "input on their phones, or the host types it in for them."
                ),
            },
            {
                "nb": (
                    "Ved hvert bytte oppsummerer verten kort hva forrige "
                    "gruppe sa, slik at den nye gruppen kan bygge videre."
                ),
                "nn": (
                    "Ved kvart byte samanfattar verten kort kva den førre "
                    "gruppa sa, slik at den nye gruppa kan byggje vidare."
                ),
                "sv": (
                    "Vid varje byte sammanfattar värden kort vad förra "
                    "gruppen sa, så att den nya gruppen kan bygga vidare."
                ),
                "en": (
                    "At each change the host briefly sums up what the "
                    "previous group said, so the new group can build on it."
                ),
            },
            {
                "nb": (
                    "Avslutt i plenum: vertene legger fram hovedpunktene, og alle stemmer med prikker på det viktigste."
                ),
                "nn": "Avslutt i plenum: vertane legg fram hovudpunkta, og alle røystar med prikkar på det viktigaste.",
                "sv": (
                    "Avsluta i helgrupp: värdarna redovisar huvudpunkterna "
                    "och alla röstar med prickar på det viktigaste."
                ),
                "en": (
                    "Finish in plenary: the hosts present the main points and everyone dot-votes on what matters most."
                ),
            },
            {
                "nb": "Send en kort oppsummering til deltakerne og vis hvordan innspillene blir brukt videre.",
                "nn": "Send ei kort oppsummering til deltakarane og vis korleis innspela blir brukte vidare.",
                "sv": "Skicka en kort sammanfattning till deltagarna och visa hur bidragen används vidare.",
                "en": "Send participants a short summary and show how their input will be used.",
            },
        ],
        "duration": {
            "nb": "2–3 timer for tre runder med plenum",
            "nn": "2–3 timar for tre rundar med plenum",
            "sv": "2–3 timmar för tre omgångar med gemensam avslutning",
            "en": "2–3 hours for three rounds and a plenary",
        },
        "place": "events",
    },
    {
        "key": "innovation-camp",
        "names": {"nb": "Innovasjonscamp", "nn": "Innovasjonscamp", "sv": "Innovationscamp", "en": "Innovation camp"},
        "summary": {
            "nb": (
                "En helg fra fredag ettermiddag til søndag ettermiddag der tverrfaglige "
                "lag utvikler løsninger på én utfordring og presenterer dem for en jury."
            ),
            "nn": (
                "Ei helg frå fredag ettermiddag til sundag ettermiddag der tverrfaglege "
                "lag utviklar løysingar på éi utfordring og presenterer dei for ein jury."
            ),
            "sv": (
                "En helg från fredag eftermiddag till söndag eftermiddag där tvärprofessionella "
                "lag utvecklar lösningar på en utmaning och presenterar dem för en jury."
            ),
            "en": (
                "A weekend from Friday afternoon to Sunday afternoon where cross-disciplinary "
                "teams develop solutions to one challenge and pitch them to a jury."
            ),
        },
        "when": {
            "nb": (
                "Når innsiktsfasen har gitt en tydelig utfordring og dere vil hente inn "
                "mange ulike kompetanser raskt. Kan kjøres fysisk, digitalt eller hybrid."
            ),
            "nn": (
                "Når innsiktsfasen har gitt ei tydeleg utfordring og de vil hente inn "
                "mange ulike kompetansar raskt. Kan køyrast fysisk, digitalt eller hybrid."
            ),
            "sv": (
                "När insiktsfasen har gett en tydlig utmaning och ni snabbt vill samla "
                "många olika kompetenser. Kan genomföras fysiskt, digitalt eller hybrid."
            ),
            "en": (
                "When the insight phase has produced a clear challenge and you want to bring "
                "in many different skills quickly. Can run in person, online or hybrid."
            ),
        },
        "how": [
            {
                "nb": (
                    "Skriv en kort utfordringsbeskrivelse med innsikt fra intervjuene. Rekrutter brukere, pårørende, "
                    "fagfolk, forskere, studenter og gründere, og tilby honorar til erfaringskonsulenter."
                ),
                "nn": (
                    "Skriv ei kort utfordringsskildring med innsikt frå intervjua. Rekrutter brukarar, pårørande, "
                    "fagfolk, forskarar, studentar og gründerar, og tilby honorar til erfaringskonsulentar."
                ),
                "sv": (
                    "Skriv en kort utmaningsbeskrivning med insikter från intervjuerna. "
                    "Rekrytera brukare, anhöriga, yrkesverksamma, forskare, studenter "
                    "och entreprenörer, och erbjud arvode till erfarenhetsexperter."
                ),
                "en": (
                    "Write a short challenge brief with insight from the interviews. Recruit service users, relatives, "
                    "professionals, researchers, students and entrepreneurs, and offer experience consultants a fee."
                ),
            },
            {
                "nb": (
                    "Fredag ettermiddag: presenter utfordringen og sett sammen "
                    "tverrfaglige lag. De som meldte seg på alene, blir satt inn i lag."
                ),
                "nn": (
                    "Fredag ettermiddag: presenter utfordringa og set saman tverrfaglege "
                    "lag. Dei som melde seg på åleine, blir sette inn i lag."
                ),
                "sv": (
                    "Fredag eftermiddag: presentera utmaningen och sätt ihop "
                    "tvärprofessionella lag. De som anmälde sig ensamma matchas in i lag."
                ),
                "en": (
                    "Friday afternoon: present the challenge and form cross-disciplinary "
                    "teams. People who signed up alone are matched into teams."
                ),
            },
            {
                "nb": (
                    "Lørdag: lagene utforsker problemet, lager ideer og en første prototyp. "
                    "Veiledere og designere går rundt, og det er korte sjekkpunkter underveis."
                ),
                "nn": (
                    "Laurdag: laga utforskar problemet, lagar idear og ein første prototyp. "
                    "Rettleiarar og designarar går rundt, og det er korte sjekkpunkt undervegs."
                ),
                "sv": (
                    "Lördag: lagen utforskar problemet, tar fram idéer och en första prototyp. "
                    "Coacher och designer går runt, och det finns korta avstämningar under dagen."
                ),
                "en": (
                    "Saturday: teams explore the problem, generate ideas and build a first prototype. "
                    "Coaches and designers circulate, with short check-ins during the day."
                ),
            },
            {
                "nb": "Søndag formiddag: test prototypen på brukere og forbered en pitch på tre til fem minutter.",
                "nn": "Sundag føremiddag: test prototypen på brukarar og førebu ein pitch på tre til fem minutt.",
                "sv": "Söndag förmiddag: testa prototypen på brukare och förbered en pitch på tre till fem minuter.",
                "en": (
                    "Sunday morning: test the prototype on service users and prepare a pitch of three to five minutes."
                ),
            },
            {
                "nb": (
                    "Søndag ettermiddag: lagene pitcher, og juryen gir poeng etter kriterier som er kjent på forhånd, "
                    "for eksempel nytte for brukerne, hvor realistisk løsningen er og hvor nyskapende den er."
                ),
                "nn": (
                    "Sundag ettermiddag: laga pitchar, og juryen gir poeng etter kriterium som er kjende på "
                    "førehand, til dømes nytte for brukarane, kor realistisk løysinga er og kor nyskapande ho er."
                ),
                "sv": (
                    "Söndag eftermiddag: lagen pitchar och juryn poängsätter efter kriterier som är kända i förväg, "
                    "till exempel nytta för brukarna, hur genomförbar lösningen är och hur nyskapande den är."
                ),
                "en": (
                    "Sunday afternoon: teams pitch and the jury scores them against criteria "
                    "published in advance, such as benefit to users, feasibility and novelty."
                ),
            },
            {
                "nb": (
                    "Avtal oppfølgingen før alle drar: de beste ideene "
                    "går videre til inkubasjon med mentor og milepæler."
                ),
                "nn": (
                    "Avtal oppfølginga før alle dreg: dei beste ideane "
                    "går vidare til inkubasjon med mentor og milepælar."
                ),
                "sv": (
                    "Bestäm uppföljningen innan alla går hem: de bästa idéerna "
                    "går vidare till inkubation med mentor och milstolpar."
                ),
                "en": (
                    "Agree the follow-up before everyone leaves: the best "
                    "ideas move on to incubation with a mentor and milestones."
                ),
            },
        ],
        "duration": {
            "nb": (
                "Fredag ettermiddag til søndag ettermiddag, rundt 48 timer, pluss fire til seks uker med forberedelser"
            ),
            "nn": (
                "Fredag ettermiddag til sundag ettermiddag, rundt 48 timar, pluss fire til seks veker med førebuingar"
            ),
            "sv": (
                "Fredag eftermiddag till söndag eftermiddag, cirka 48 timmar, plus fyra till sex veckors förberedelser"
            ),
            "en": "Friday afternoon to Sunday afternoon, about 48 hours, plus four to six weeks of preparation",
        },
        "place": "events",
    },
    {
        "key": "opinion-map",
        "names": {"nb": "Meningskart", "nn": "Meiningskart", "sv": "Åsiktskarta", "en": "Opinion map"},
        "summary": {
            "nb": (
                "Deltakerne tar stilling til korte påstander – enig, uenig eller stå over "
                "– og ser hvilke meningsgrupper som finnes og hva de fleste er enige om."
            ),
            "nn": (
                "Deltakarane tek stilling til korte påstandar – einig, ueinig eller stå over "
                "– og ser kva meiningsgrupper som finst og kva dei fleste er einige om."
            ),
            "sv": (
                "Deltagarna tar ställning till korta påståenden – håller med, håller inte med eller "
                "avstår – och ser vilka åsiktsgrupper som finns och vad de flesta är överens om."
            ),
            "en": (
                "Participants vote agree, disagree or pass on short statements and "
                "see which opinion groups exist and what most people agree on."
            ),
        },
        "when": {
            "nb": (
                "Når mange skal si sin mening, også de som ikke tar ordet i møter, og dere vil "
                "se både uenighet og felles grunn. Fungerer før, under og etter et arrangement."
            ),
            "nn": (
                "Når mange skal seie meininga si, òg dei som ikkje tek ordet i møte, og de vil "
                "sjå både usemje og felles grunn. Fungerer før, under og etter eit arrangement."
            ),
            "sv": (
                "När många ska tycka till, även de som inte tar ordet på möten, och ni vill se "
                "både oenighet och gemensam grund. Fungerar före, under och efter ett evenemang."
            ),
            "en": (
                "When many people should have their say, including those who do not speak up in meetings, and "
                "you want to see both disagreement and common ground. Works before, during and after an event."
            ),
        },
        "how": [
            {
                "nb": (
                    "Still ett åpent spørsmål, for eksempel «Hva skal til for at "
                    "flere får hjelp tidlig?», og skriv 10–20 startpåstander."
                ),
                "nn": (
                    "Still eitt ope spørsmål, til dømes «Kva skal til for at "
                    "fleire får hjelp tidleg?», og skriv 10–20 startpåstandar."
                ),
                "sv": (
                    "Ställ en öppen fråga, till exempel ”Vad krävs för att fler "
                    "ska få hjälp tidigt?”, och skriv 10–20 startpåståenden."
                ),
                "en": (
                    "Ask one open question, for example “What would it take for more "
                    "people to get help early?”, and write 10–20 seed statements."
                ),
            },
            {
                "nb": "Hold påstandene korte og entydige, én tanke per påstand. Unngå fagord og doble nektelser.",
                "nn": "Hald påstandane korte og eintydige, éin tanke per påstand. Unngå fagord og doble nektingar.",
                "sv": (
                    "Håll påståendena korta och entydiga, en tanke per "
                    "påstående. Undvik facktermer och dubbla negationer."
                ),
                "en": "Keep statements short and clear, one thought each. Avoid jargon and double negatives.",
            },
            {
                "nb": (
                    "Del lenken eller koden bredt, også via brukerorganisasjoner. "
                    "Deltakerne trenger ikke konto, og svarene er anonyme."
                ),
                "nn": (
                    "Del lenka eller koden breitt, òg via brukarorganisasjonar. "
                    "Deltakarane treng ikkje konto, og svara er anonyme."
                ),
                "sv": (
                    "Sprid länken eller koden brett, även via brukarorganisationer. "
                    "Deltagarna behöver inget konto och svaren är anonyma."
                ),
                "en": (
                    "Share the link or code widely, including through user organisations. "
                    "Participants need no account and their answers are anonymous."
                ),
            },
            {
                "nb": (
                    "La deltakerne skrive egne påstander. Moderer dem raskt, "
                    "slik at personopplysninger og sjikane ikke blir publisert."
                ),
                "nn": (
                    "La deltakarane skrive eigne påstandar. Moderer dei raskt, "
                    "slik at personopplysningar og sjikane ikkje blir publiserte."
                ),
                "sv": (
                    "Låt deltagarna skriva egna påståenden. Moderera snabbt "
                    "så att personuppgifter och trakasserier inte publiceras."
                ),
                "en": (
                    "Let participants add their own statements. Moderate them "
                    "quickly so that personal data and abuse are not published."
                ),
            },
            {
                "nb": (
                    "Les kartet: hvilke grupper finnes, hva skiller dem, "
                    "og hvilke påstander får støtte på tvers av gruppene?"
                ),
                "nn": "Les kartet: kva grupper finst, kva skil dei, og kva påstandar får støtte på tvers av gruppene?",
                "sv": (
                    "Läs kartan: vilka grupper finns, vad skiljer dem åt och vilka påståenden får stöd i alla grupper?"
                ),
                "en": (
                    "Read the map: which groups are there, what divides "
                    "them, and which statements have support across groups?"
                ),
            },
            {
                "nb": (
                    "Bruk påstandene med bred støtte som grunnlag for videre "
                    "arbeid, og ta de omstridte med til et dialogmøte."
                ),
                "nn": (
                    "Bruk påstandane med brei støtte som grunnlag for vidare "
                    "arbeid, og ta dei omstridde med til eit dialogmøte."
                ),
                "sv": (
                    "Använd påståendena med brett stöd som grund för det fortsatta "
                    "arbetet och ta med de omstridda till ett dialogmöte."
                ),
                "en": (
                    "Use the statements with broad support as a basis for further "
                    "work, and take the contested ones to a dialogue meeting."
                ),
            },
        ],
        "duration": {
            "nb": "Åpent i én til tre uker; hver deltaker bruker 5–10 minutter",
            "nn": "Ope i ei til tre veker; kvar deltakar bruker 5–10 minutt",
            "sv": "Öppet i en till tre veckor; varje deltagare lägger 5–10 minuter",
            "en": "Open for one to three weeks; each participant spends 5–10 minutes",
        },
        "place": "opinion_maps",
    },
    {
        "key": "pdsa-cycle",
        "names": {
            "nb": "PDSA-sirkel (PGEK)",
            "nn": "PDSA-sirkel (PGEK)",
            "sv": "PDSA-cykel (PGSA)",
            "en": "PDSA cycle (Plan–Do–Study–Act)",
        },
        "summary": {
            "nb": (
                "Små, raske tester av én endring om gangen – Planlegge, Gjennomføre, Evaluere, "
                "Korrigere (PGEK, på engelsk PDSA) – som del av forbedringsmodellen."
            ),
            "nn": (
                "Små, raske testar av éi endring om gongen – Planleggje, Gjennomføre, "
                "Evaluere, Korrigere (PGEK, på engelsk PDSA) – som del av forbetringsmodellen."
            ),
            "sv": (
                "Små, snabba tester av en förändring i taget – Planera, Göra, Studera, "
                "Agera (PGSA, på engelska PDSA) – som en del av förbättringsmodellen."
            ),
            "en": (
                "Small, quick tests of one change at a time – Plan, Do, Study, Act (PGEK "
                "in Norwegian, PGSA in Swedish) – as part of the Model for Improvement."
            ),
        },
        "when": {
            "nb": (
                "Når dere har en endringsidé og vil finne ut om den "
                "faktisk gir en forbedring, før den innføres i stor skala."
            ),
            "nn": (
                "Når de har ein endringsidé og vil finne ut om han faktisk "
                "gir ei forbetring, før han blir innført i stor skala."
            ),
            "sv": (
                "När ni har en förändringsidé och vill ta reda på om den "
                "verkligen ger en förbättring innan den införs i stor skala."
            ),
            "en": (
                "When you have a change idea and want to find out whether "
                "it really is an improvement before rolling it out widely."
            ),
        },
        "how": [
            {
                "nb": (
                    "Svar på de tre spørsmålene: Hva vil vi oppnå? Hvordan vet vi "
                    "at endringen er en forbedring? Hvilke endringer kan vi prøve?"
                ),
                "nn": (
                    "Svar på dei tre spørsmåla: Kva vil vi oppnå? Korleis veit vi "
                    "at endringa er ei forbetring? Kva endringar kan vi prøve?"
                ),
                "sv": (
                    "Besvara de tre frågorna: Vad vill vi åstadkomma? Hur vet vi att "
                    "förändringen är en förbättring? Vilka förändringar kan vi pröva?"
                ),
                "en": (
                    "Answer the three questions: What are we trying to achieve? How "
                    "will we know a change is an improvement? What changes can we try?"
                ),
            },
            {
                "nb": "Planlegge: beskriv testen, hvem som gjør hva og når, og skriv ned hva dere tror vil skje.",
                "nn": "Planleggje: skildre testen, kven som gjer kva og når, og skriv ned kva de trur vil skje.",
                "sv": "Planera: beskriv testet, vem som gör vad och när, och skriv ner vad ni tror kommer att hända.",
                "en": "Plan: describe the test, who does what and when, and write down what you predict will happen.",
            },
            {
                "nb": (
                    "Gjennomføre: test i liten skala, for eksempel med én "
                    "bruker, én vakt eller én uke, og noter hva som skjer."
                ),
                "nn": (
                    "Gjennomføre: test i liten skala, til dømes med éin "
                    "brukar, éi vakt eller éi veke, og noter kva som skjer."
                ),
                "sv": (
                    "Göra: testa i liten skala, till exempel med en brukare, ett "
                    "arbetspass eller en vecka, och anteckna vad som händer."
                ),
                "en": (
                    "Do: test on a small scale, for example with one service "
                    "user, one shift or one week, and note what happens."
                ),
            },
            {
                "nb": "Evaluere: sammenlign resultatet med det dere trodde. Hva lærte dere?",
                "nn": "Evaluere: samanlikn resultatet med det de trudde. Kva lærte de?",
                "sv": "Studera: jämför resultatet med det ni trodde. Vad lärde ni er?",
                "en": "Study: compare the result with your prediction. What did you learn?",
            },
            {
                "nb": (
                    "Korrigere: bestem om dere vil ta i bruk, tilpasse eller forkaste "
                    "endringen, og planlegg neste sirkel i litt større skala."
                ),
                "nn": (
                    "Korrigere: avgjer om de vil ta i bruk, tilpasse eller forkaste "
                    "endringa, og planlegg neste sirkel i litt større skala."
                ),
                "sv": (
                    "Agera: bestäm om ni ska införa, anpassa eller förkasta "
                    "förändringen, och planera nästa cykel i lite större skala."
                ),
                "en": (
                    "Act: decide whether to adopt, adapt or abandon the change, "
                    "and plan the next cycle at a slightly larger scale."
                ),
            },
            {
                "nb": "Mål jevnlig og følg målingene i et seriediagram, så dere ser om endringen varer.",
                "nn": "Mål jamleg og følg målingane i eit seriediagram, så de ser om endringa varer.",
                "sv": (
                    "Mät regelbundet och följ mätningarna i ett seriediagram "
                    "så att ni ser om förändringen håller i sig."
                ),
                "en": "Measure regularly and plot the measures on a run chart so you can see whether the change holds.",
            },
        ],
        "duration": {
            "nb": "Fra én dag til to uker per sirkel; planleggingen tar 30–60 minutter",
            "nn": "Frå ein dag til to veker per sirkel; planlegginga tek 30–60 minutt",
            "sv": "Från en dag till två veckor per cykel; planeringen tar 30–60 minuter",
            "en": "From one day to two weeks per cycle; planning takes 30–60 minutes",
        },
        "place": "improvement",
    },
    {
        "key": "what-matters-to-you",
        "names": {
            "nb": "Hva er viktig for deg?",
            "nn": "Kva er viktig for deg?",
            "sv": "Vad är viktigt för dig?",
            "en": "What matters to you?",
        },
        "summary": {
            "nb": (
                "En samtale som starter med hva som er viktig for personen, ikke hva "
                "som er i veien, slik at tjenestene bygger på personens egne mål."
            ),
            "nn": (
                "Ein samtale som startar med kva som er viktig for personen, ikkje kva "
                "som er i vegen, slik at tenestene byggjer på personen sine eigne mål."
            ),
            "sv": (
                "Ett samtal som börjar med vad som är viktigt för personen, inte "
                "vad som är fel, så att insatserna bygger på personens egna mål."
            ),
            "en": (
                "A conversation that starts with what matters to the person, not what "
                "is wrong with them, so that services build on the person's own goals."
            ),
        },
        "when": {
            "nb": (
                "I møte med brukere og pårørende, i kartlegging og planarbeid, og som fast spørsmål i "
                "intervjuer og ved dialogbord. Mange kommuner markerer også den internasjonale dagen i juni."
            ),
            "nn": (
                "I møte med brukarar og pårørande, i kartlegging og planarbeid, og som fast spørsmål i "
                "intervju og ved dialogbord. Mange kommunar markerer òg den internasjonale dagen i juni."
            ),
            "sv": (
                "I möten med brukare och anhöriga, vid kartläggning och planering, och som stående fråga i "
                "intervjuer och vid dialogbord. Många kommuner uppmärksammar också den internationella dagen i juni."
            ),
            "en": (
                "In meetings with service users and relatives, in assessments and care "
                "planning, and as a standing question in interviews and at dialogue "
                "tables. Many municipalities also mark the international day in June."
            ),
        },
        "how": [
            {
                "nb": "Still spørsmålet tidlig og åpent: «Hva er viktig for deg nå?» Gi god tid til å svare.",
                "nn": "Still spørsmålet tidleg og ope: «Kva er viktig for deg no?» Gi god tid til å svare.",
                "sv": "Ställ frågan tidigt och öppet: ”Vad är viktigt för dig just nu?” Ge gott om tid att svara.",
                "en": (
                    "Ask the question early and openly: “What matters to you right now?” Give plenty of time to answer."
                ),
            },
            {
                "nb": (
                    "Følg opp med konkrete spørsmål: hva skal til, hva "
                    "hjelper deg i dag, og hva kan vi gjøre annerledes?"
                ),
                "nn": (
                    "Følg opp med konkrete spørsmål: kva skal til, kva hjelper deg i dag, og kva kan vi gjere annleis?"
                ),
                "sv": "Följ upp med konkreta frågor: vad krävs, vad hjälper dig i dag och vad kan vi göra annorlunda?",
                "en": (
                    "Follow up with concrete questions: what would it take, "
                    "what helps you today, and what could we do differently?"
                ),
            },
            {
                "nb": "Skriv ned svaret med personens egne ord, og sjekk at du har forstått riktig.",
                "nn": "Skriv ned svaret med personen sine eigne ord, og sjekk at du har forstått rett.",
                "sv": "Skriv ner svaret med personens egna ord och kontrollera att du har förstått rätt.",
                "en": "Write down the answer in the person's own words and check that you have understood correctly.",
            },
            {
                "nb": (
                    "Bruk svaret i planen for personen, og følg opp i "
                    "neste samtale om det som er viktig, har fått plass."
                ),
                "nn": (
                    "Bruk svaret i planen for personen, og følg opp i "
                    "neste samtale om det som er viktig, har fått plass."
                ),
                "sv": (
                    "Använd svaret i personens plan och följ upp vid "
                    "nästa samtal om det som är viktigt har fått utrymme."
                ),
                "en": (
                    "Use the answer in the person's plan, and check at the next "
                    "conversation whether what matters has been given room."
                ),
            },
            {
                "nb": (
                    "Samle inn svar anonymt, for eksempel på snakkebobler ved "
                    "et arrangement, og bruk dem i planleggingen av tjenestene."
                ),
                "nn": (
                    "Samle inn svar anonymt, til dømes på snakkebobler ved eit "
                    "arrangement, og bruk dei i planlegginga av tenestene."
                ),
                "sv": (
                    "Samla in svar anonymt, till exempel på pratbubblor vid ett "
                    "evenemang, och använd dem när verksamheterna planeras."
                ),
                "en": (
                    "Collect answers anonymously, for example on speech-bubble "
                    "cards at an event, and use them when planning services."
                ),
            },
        ],
        "duration": {
            "nb": "5–15 minutter i en samtale; en dag for en markering med innsamling av svar",
            "nn": "5–15 minutt i ein samtale; ein dag for ei markering med innsamling av svar",
            "sv": "5–15 minuter i ett samtal; en dag för en temadag med insamling av svar",
            "en": "5–15 minutes in a conversation; one day for a themed event that collects answers",
        },
        "place": "interviews",
    },
]

COURSES: list[CourseSpec] = [
    {
        "key": "service-design-two-days",
        "names": {
            "nb": "Tjenestedesign på to dager",
            "nn": "Tenestedesign på to dagar",
            "sv": "Tjänstedesign på två dagar",
            "en": "Service design in two days",
        },
        "description": {
            "nb": (
                "Et praktisk kurs for ansatte og ledere som skal drive innsikts- og utviklingsarbeid "
                "sammen med brukere. Dag én handler om innsikt, dag to om ideer og prototyper."
            ),
            "nn": (
                "Eit praktisk kurs for tilsette og leiarar som skal drive innsikts- og utviklingsarbeid "
                "saman med brukarar. Dag éin handlar om innsikt, dag to om idear og prototypar."
            ),
            "sv": (
                "En praktisk kurs för medarbetare och chefer som ska driva insikts- och utvecklingsarbete "
                "tillsammans med brukare. Dag ett handlar om insikt, dag två om idéer och prototyper."
            ),
            "en": (
                "A hands-on course for staff and managers who will run insight and development work "
                "together with service users. Day one is about insight, day two about ideas and prototypes."
            ),
        },
        "steps": [
            {
                "method": "deep-interview",
                "exercise": {
                    "nb": (
                        "Lag en intervjuguide med fem åpne spørsmål og intervju hverandre to og to i 20 "
                        "minutter om et møte med en offentlig tjeneste. Bytt roller, og pseudonymiser notatene."
                    ),
                    "nn": (
                        "Lag ein intervjuguide med fem opne spørsmål og intervju kvarandre to og to i 20 "
                        "minutt om eit møte med ei offentleg teneste. Byt roller, og pseudonymiser notata."
                    ),
                    "sv": (
                        "Gör en intervjuguide med fem öppna frågor och intervjua varandra två och två i 20 minuter "
                        "om ett möte med en offentlig verksamhet. Byt roller och pseudonymisera anteckningarna."
                    ),
                    "en": (
                        "Write an interview guide with five open questions and interview each other in pairs for 20 "
                        "minutes about an encounter with a public service. Swap roles, then pseudonymise the notes."
                    ),
                },
            },
            {
                "method": "observation-study",
                "exercise": {
                    "nb": (
                        "Gå ut i 45 minutter og observer et offentlig sted, som et venterom, et "
                        "servicetorg eller en busstasjon. Noter det du ser og det du tolker i to kolonner."
                    ),
                    "nn": (
                        "Gå ut i 45 minutt og observer ein offentleg stad, som eit venterom, eit "
                        "servicetorg eller ein busstasjon. Noter det du ser og det du tolkar i to kolonnar."
                    ),
                    "sv": (
                        "Gå ut i 45 minuter och observera en offentlig plats, som ett väntrum, en kundtjänst "
                        "eller en busstation. Anteckna det du ser och det du tolkar i två kolumner."
                    ),
                    "en": (
                        "Go out for 45 minutes and observe a public place, such as a waiting room, a service "
                        "desk or a bus station. Note what you see and what you interpret in two columns."
                    ),
                },
            },
            {
                "method": "user-journey",
                "exercise": {
                    "nb": (
                        "Tegn brukerreisen til personen du intervjuet, med steg, følelser og brudd. "
                        "Marker de to viktigste bruddene og formuler dem som «Hvordan kan vi …?»."
                    ),
                    "nn": (
                        "Teikn brukarreisa til personen du intervjua, med steg, kjensler og brot. "
                        "Marker dei to viktigaste brota og formuler dei som «Korleis kan vi …?»."
                    ),
                    "sv": (
                        "Rita användarresan för personen du intervjuade, med steg, känslor och glapp. "
                        "Markera de två viktigaste glappen och formulera dem som ”Hur kan vi …?”."
                    ),
                    "en": (
                        "Draw the user journey of the person you interviewed, with steps, feelings and "
                        "gaps. Mark the two most important gaps and phrase them as “How might we …?”."
                    ),
                },
            },
            {
                "method": "idea-generation",
                "exercise": {
                    "nb": (
                        "Velg ett «Hvordan kan vi …?»-spørsmål per gruppe. Skriv ideer i "
                        "stillhet i sju minutter, del og grupper dem, og stem fram de tre beste."
                    ),
                    "nn": (
                        "Vel eitt «Korleis kan vi …?»-spørsmål per gruppe. Skriv idear i "
                        "stille i sju minutt, del og grupper dei, og røyst fram dei tre beste."
                    ),
                    "sv": (
                        "Välj en ”Hur kan vi …?”-fråga per grupp. Skriv idéer i tystnad i "
                        "sju minuter, dela och gruppera dem, och rösta fram de tre bästa."
                    ),
                    "en": (
                        "Pick one “How might we …?” question per group. Write ideas in silence "
                        "for seven minutes, share and cluster them, then vote for the best three."
                    ),
                },
            },
            {
                "method": "prototyping",
                "exercise": {
                    "nb": (
                        "Lag en papirprototyp av den beste ideen på 45 minutter og test den "
                        "på en annen gruppe. Endre den én gang, og fortell hva dere lærte."
                    ),
                    "nn": (
                        "Lag ein papirprototyp av den beste ideen på 45 minutt og test han "
                        "på ei anna gruppe. Endre han éin gong, og fortel kva de lærte."
                    ),
                    "sv": (
                        "Gör en pappersprototyp av den bästa idén på 45 minuter och testa den "
                        "på en annan grupp. Ändra den en gång och berätta vad ni lärde er."
                    ),
                    "en": (
                        "Build a paper prototype of the best idea in 45 minutes and test it on "
                        "another group. Change it once, then tell the room what you learned."
                    ),
                },
            },
        ],
    },
    {
        "key": "health-care-introduction",
        "names": {
            "nb": "Introduksjon til helse- og omsorgssektoren i kommunen",
            "nn": "Introduksjon til helse- og omsorgssektoren i kommunen",
            "sv": "Introduktion till kommunens vård och omsorg",
            "en": "Introduction to the municipal health and care sector",
        },
        "description": {
            "nb": (
                "Et introduksjonsprogram for nyansatte, studenter og samarbeidspartnere. Deltakerne "
                "lærer fem metoder ved å prøve dem og tar dem med tilbake til sin egen arbeidsplass."
            ),
            "nn": (
                "Eit introduksjonsprogram for nytilsette, studentar og samarbeidspartnarar. Deltakarane "
                "lærer fem metodar ved å prøve dei og tek dei med tilbake til sin eigen arbeidsplass."
            ),
            "sv": (
                "Ett introduktionsprogram för nyanställda, studenter och samverkanspartner. Deltagarna lär "
                "sig fem metoder genom att pröva dem och tar med dem tillbaka till sin egen arbetsplats."
            ),
            "en": (
                "An introduction programme for new staff, students and partners. Participants "
                "learn five methods by trying them and take them back to their own workplace."
            ),
        },
        "steps": [
            {
                "method": "what-matters-to-you",
                "exercise": {
                    "nb": (
                        "Still «Hva er viktig for deg?» til tre brukere eller pårørende på arbeidsplassen "
                        "din i løpet av en uke. Del ett svar som overrasket deg, uten navn."
                    ),
                    "nn": (
                        "Still «Kva er viktig for deg?» til tre brukarar eller pårørande på arbeidsplassen "
                        "din i løpet av ei veke. Del eitt svar som overraska deg, utan namn."
                    ),
                    "sv": (
                        "Ställ frågan ”Vad är viktigt för dig?” till tre brukare eller anhöriga på din "
                        "arbetsplats under en vecka. Dela ett svar som överraskade dig, utan namn."
                    ),
                    "en": (
                        "Ask three service users or relatives at your workplace “What matters to "
                        "you?” over one week. Share one answer that surprised you, without names."
                    ),
                },
            },
            {
                "method": "dialogue-table",
                "exercise": {
                    "nb": (
                        "Vær vert for et dialogbord i 30 minutter med et spørsmål fra din egen arbeidsplass, "
                        "og oppsummer for neste gruppe. Ta spørsmålet med til et personalmøte."
                    ),
                    "nn": (
                        "Ver vert for eit dialogbord i 30 minutt med eit spørsmål frå din eigen arbeidsplass, "
                        "og samanfatt for neste gruppe. Ta spørsmålet med til eit personalmøte."
                    ),
                    "sv": (
                        "Var värd för ett dialogbord i 30 minuter med en fråga från din egen arbetsplats "
                        "och sammanfatta för nästa grupp. Ta med frågan till en arbetsplatsträff."
                    ),
                    "en": (
                        "Host a 30-minute dialogue table with a question from your own workplace "
                        "and sum up for the next group. Take the question back to a staff meeting."
                    ),
                },
            },
            {
                "method": "user-journey",
                "exercise": {
                    "nb": (
                        "Tegn reisen til en tenkt, typisk bruker gjennom tjenestene der du jobber, fra første "
                        "kontakt til avslutning. Marker hvor din tjeneste overlater ansvaret til en annen."
                    ),
                    "nn": (
                        "Teikn reisa til ein tenkt, typisk brukar gjennom tenestene der du jobbar, frå "
                        "første kontakt til avslutning. Marker kvar tenesta di overlèt ansvaret til ei anna."
                    ),
                    "sv": (
                        "Rita resan för en tänkt, typisk brukare genom verksamheterna där du arbetar, från första "
                        "kontakt till avslut. Markera var din verksamhet lämnar över ansvaret till en annan."
                    ),
                    "en": (
                        "Draw the journey of an imagined, typical service user through the services where you "
                        "work, from first contact to discharge. Mark where your service hands over to another."
                    ),
                },
            },
            {
                "method": "pdsa-cycle",
                "exercise": {
                    "nb": (
                        "Velg én liten endring på arbeidsplassen din, skriv en plan med en prediksjon, "
                        "og test endringen i en uke. Fortell hva du lærte på neste samling."
                    ),
                    "nn": (
                        "Vel éi lita endring på arbeidsplassen din, skriv ein plan med ein prediksjon, "
                        "og test endringa i ei veke. Fortel kva du lærte på neste samling."
                    ),
                    "sv": (
                        "Välj en liten förändring på din arbetsplats, skriv en plan med en förutsägelse "
                        "och testa förändringen i en vecka. Berätta vad du lärde dig vid nästa träff."
                    ),
                    "en": (
                        "Choose one small change at your workplace, write a plan with a prediction "
                        "and test the change for a week. Report what you learned at the next session."
                    ),
                },
            },
            {
                "method": "opinion-map",
                "exercise": {
                    "nb": (
                        "Skriv fem påstander om hvordan samarbeidet mellom tjenestene fungerer, og la "
                        "kollegaene dine stemme. Diskuter påstanden med mest uenighet på et personalmøte."
                    ),
                    "nn": (
                        "Skriv fem påstandar om korleis samarbeidet mellom tenestene fungerer, og la "
                        "kollegaene dine røyste. Diskuter påstanden med mest usemje på eit personalmøte."
                    ),
                    "sv": (
                        "Skriv fem påståenden om hur samarbetet mellan verksamheterna fungerar och låt dina "
                        "kollegor rösta. Diskutera påståendet med störst oenighet på en arbetsplatsträff."
                    ),
                    "en": (
                        "Write five statements about how the services work together and let your colleagues "
                        "vote. Discuss the statement with the most disagreement at a staff meeting."
                    ),
                },
            },
        ],
    },
]
