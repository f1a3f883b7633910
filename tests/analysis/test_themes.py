"""Theme suggestions for short workshop texts: quality on a mixed nb/nn/sv/en fixture, labels,
determinism, edge cases, speed, the command line, and arbitrary input (hypothesis).

The fixture below was written for these tests: 88 contributions about mental-health and
substance-use services in six known themes, spread evenly over Bokmål, Nynorsk, Swedish and
English, plus six off-topic one-offs. No database.

What the thresholds mean. Character n-grams link word forms and cognates ("bolig/boliger",
"bustad/bostad", "ventetid/väntetiden", "pårørende/pårørande") but not translations that share
no spelling ("bolig", "housing", "anhöriga"/"pårørende"). So on the full fixture a known theme
comes back in pieces, one per language family, and the adjusted Rand index is modest (0.30
measured; even a perfect split of every theme into two halves scores 0.60). Within one language
family the grouping is much closer (nb+nn 0.62, en 0.75). The themes that are suggested are
mostly pure (0.83), which is what a facilitator who merges and renames needs.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from samskap.analysis import themes as th
from samskap.analysis.themes import Theme, ThemeInputError, ThemeSuggestions, suggest_themes
from samskap.cli import TOOLS, main
from samskap.cli.themes import parse_csv, parse_lines, run

REPO = Path(__file__).resolve().parents[2]
KNOWN = ("housing", "waiting", "relatives", "coordination", "peer", "crisis")

# (known theme or None for an off-topic one-off, language, text)
FIXTURE: list[tuple[str | None, str, str]] = [
    # Housing
    ("housing", "nb", "Mange står uten fast bolig etter utskriving fra rusbehandling"),
    ("housing", "nb", "Kommunen må skaffe egnet bolig før behandlingen avsluttes"),
    ("housing", "nn", "Det trengst fleire kommunale bustader for folk med rusproblem"),
    ("housing", "nn", "Utan ein trygg bustad fell alt anna saman"),
    ("housing", "sv", "Bostad först borde vara standard i hela kommunen"),
    ("housing", "sv", "Många förlorar sin bostad under behandlingstiden"),
    ("housing", "en", "Housing first works, but there are too few flats"),
    ("housing", "en", "Without stable housing, treatment rarely lasts"),
    ("housing", "nb", "Boligkontoret svarer ikke, og husleien er for høy"),
    ("housing", "nb", "Midlertidig bolig på hospits er ikke et hjem"),
    ("housing", "sv", "Det behövs fler bostäder med stöd för personer med psykisk ohälsa"),
    ("housing", "nn", "Bustadkontoret burde hjelpe folk å finne ein stad å bu"),
    ("housing", "en", "Supported housing with staff on site should be expanded"),
    ("housing", "nb", "Boliger med bemanning for dem som ikke klarer seg alene"),
    # Waiting times
    ("waiting", "nb", "Ventetiden til psykolog er altfor lang"),
    ("waiting", "nb", "Vi venter i månedsvis på time hos DPS"),
    ("waiting", "nn", "Ventetida på behandling er over eitt år"),
    ("waiting", "nn", "Lang ventetid gjer at folk gir opp før dei får hjelp"),
    ("waiting", "sv", "Väntetiden till BUP är orimligt lång"),
    ("waiting", "sv", "Jag väntade åtta månader på en första bedömning"),
    ("waiting", "en", "The waiting list for therapy is far too long"),
    ("waiting", "en", "Waiting times for a first assessment must be shorter"),
    ("waiting", "nb", "Kortere ventetid på rusbehandling, det haster når noen er motivert"),
    ("waiting", "sv", "Långa väntetider gör att motivationen försvinner"),
    ("waiting", "nb", "Ventelistene på poliklinikken må ned"),
    ("waiting", "en", "People wait months before anyone sees them"),
    ("waiting", "nn", "Eg venta i fire månader på fyrste samtale"),
    ("waiting", "sv", "Kön till psykiatrin är alldeles för lång"),
    # Relatives
    ("relatives", "nb", "Pårørende blir ikke hørt av behandlerne"),
    ("relatives", "nb", "Pårørende trenger egen oppfølging og avlastning"),
    ("relatives", "nn", "Pårørande får ikkje informasjon på grunn av teieplikta"),
    ("relatives", "nn", "Dei pårørande må takast med i planlegginga"),
    ("relatives", "sv", "Anhöriga blir inte lyssnade på"),
    ("relatives", "sv", "Anhöriga behöver stöd och information om diagnosen"),
    ("relatives", "en", "Families and relatives need to be involved in treatment"),
    ("relatives", "en", "Relatives carry a heavy burden and get no support"),
    ("relatives", "nb", "Barn som pårørende blir glemt"),
    ("relatives", "sv", "Anhöriggrupper borde finnas i varje kommun"),
    ("relatives", "nb", "Taushetsplikten brukes som unnskyldning for å ikke snakke med familien"),
    ("relatives", "en", "Parents of young adults are shut out because of confidentiality"),
    ("relatives", "nn", "Søsken som pårørande treng også hjelp"),
    ("relatives", "sv", "Som anhörig känner man sig ensam och maktlös"),
    # Coordination between services and the GP
    ("coordination", "nb", "Fastlegen og DPS snakker ikke sammen"),
    ("coordination", "nb", "Bedre samarbeid mellom kommunen og spesialisthelsetjenesten"),
    ("coordination", "nn", "Tenestene må samordnast betre rundt brukaren"),
    ("coordination", "nn", "Fastlegen veit ikkje kva spesialisthelsetenesta har gjort"),
    ("coordination", "sv", "Samordningen mellan vårdcentralen och psykiatrin fungerar dåligt"),
    ("coordination", "sv", "Samverkan mellan kommun och region behöver förbättras"),
    ("coordination", "en", "The GP and mental health services don't share information"),
    ("coordination", "en", "Better coordination between services, one plan for each person"),
    ("coordination", "nb", "Individuell plan blir sjelden fulgt opp av tjenestene"),
    ("coordination", "nb", "Jeg må fortelle historien min på nytt til hver ny tjeneste"),
    ("coordination", "sv", "Ingen har helhetsansvar, vi skickas mellan olika mottagningar"),
    ("coordination", "en", "Nobody coordinates between the GP, NAV and the clinic"),
    ("coordination", "nn", "Betre samarbeid mellom fastlege og kommunale tenester"),
    ("coordination", "sv", "En fast kontaktperson som samordnar alla insatser"),
    # Peer support and user-run services
    ("peer", "nb", "Flere erfaringskonsulenter i alle tjenester"),
    ("peer", "nb", "Erfaringskonsulenter forstår hva vi går gjennom"),
    ("peer", "nn", "Brukarstyrte tilbod og likepersonar gjev håp"),
    ("peer", "nn", "Erfaringskonsulentar bør vere med i alle team"),
    ("peer", "sv", "Brukarstyrda verksamheter och peer support behövs"),
    ("peer", "sv", "Fler peer-stödjare med egen erfarenhet i vården"),
    ("peer", "en", "Peer support workers with lived experience make a difference"),
    ("peer", "en", "Hire more peer workers in every team"),
    ("peer", "nb", "Likepersoner som har vært der selv gir håp"),
    ("peer", "nb", "Brukerstyrte senger bør finnes på alle DPS"),
    ("peer", "sv", "Självhjälpsgrupper och brukarorganisationer borde få mer stöd"),
    ("peer", "en", "Lived experience should count as competence"),
    ("peer", "nb", "Egenerfaring må verdsettes som kompetanse"),
    # Night-time and weekend crisis help
    ("crisis", "nb", "Ingen svarer når krisen kommer på natta"),
    ("crisis", "nb", "Akutt hjelp må være tilgjengelig hele døgnet"),
    ("crisis", "nn", "I helgane er det ingen stad å ringje når det går gale"),
    ("crisis", "nn", "Krisehjelp på natt manglar heilt i kommunen"),
    ("crisis", "sv", "Det finns ingen akut hjälp på kvällar och helger"),
    ("crisis", "sv", "Vid kris hänvisas man till akuten och får sitta där i timmar"),
    ("crisis", "en", "There is no crisis help at night or at weekends"),
    ("crisis", "en", "A crisis line that answers around the clock"),
    ("crisis", "nb", "Legevakten vet ikke hva de skal gjøre med psykiske kriser"),
    ("crisis", "nb", "Et krisetilbud i helgene, ikke bare på dagtid"),
    ("crisis", "sv", "Akutpsykiatrin är stängd för oss som inte är inskrivna"),
    ("crisis", "en", "Emergency help at weekends is missing"),
    ("crisis", "nn", "Akutteam som kan kome heim til folk om natta"),
    # Off-topic one-offs
    (None, "nb", "Kaffen i pausen var god"),
    (None, "en", "Could the next workshop start later in the day?"),
    (None, "sv", "Parkeringen vid huset är för liten"),
    (None, "nn", "Takk for ein fin dag"),
    (None, "nb", "Mer penger til idrettslag for ungdom"),
    (None, "en", "Bus tickets should be cheaper for students"),
]


TEXTS = [text for _, _, text in FIXTURE]


def subset(*languages: str) -> tuple[list[str], list[str]]:
    """Texts in `languages` and their known labels (each off-topic text its own label)."""
    rows = [(k, theme, text) for k, (theme, language, text) in enumerate(FIXTURE) if language in languages]
    return [text for _, _, text in rows], [theme or f"off-topic {k}" for k, theme, _ in rows]


def suggested_labels(result: ThemeSuggestions, n: int) -> list[str]:
    """A label per text 0..n-1: its theme's number, or its own label when unassigned."""
    of = {member: f"theme {i}" for i, theme in enumerate(result.themes) for member in theme.members}
    return [of.get(k, f"unassigned {k}") for k in range(n)]


def ari(texts: list[str], truth: list[str]) -> float:
    return float(adjusted_rand_score(truth, suggested_labels(suggest_themes(texts), len(texts))))


def grouping(result: ThemeSuggestions) -> tuple[set[frozenset[int]], frozenset[int]]:
    return {frozenset(theme.members) for theme in result.themes}, frozenset(result.unassigned)


def assert_partition(result: ThemeSuggestions, ids: list[int], *, max_themes: int = 12, min_size: int = 2) -> None:
    placed = [member for theme in result.themes for member in theme.members] + list(result.unassigned)
    assert sorted(placed) == sorted(ids)
    position = {i: k for k, i in enumerate(ids)}
    assert len(result.themes) <= max_themes
    for theme in result.themes:
        assert len(theme.members) >= min_size
        assert [position[m] for m in theme.members] == sorted(position[m] for m in theme.members)
    assert [position[m] for m in result.unassigned] == sorted(position[m] for m in result.unassigned)
    sizes = [(-len(t.members), position[t.members[0]]) for t in result.themes]
    assert sizes == sorted(sizes)


# --- the fixture ---------------------------------------------------------------------------


def test_fixture_is_mixed_and_balanced():
    assert 80 <= len(FIXTURE) <= 100
    for name in KNOWN:
        languages = Counter(language for theme, language, _ in FIXTURE if theme == name)
        assert sum(languages.values()) >= 12
        assert set(languages) == {"nb", "nn", "sv", "en"}
    assert sum(theme is None for theme, _, _ in FIXTURE) == 6
    for _, _, text in FIXTURE:
        assert 3 <= len(text.split()) <= 40


# --- quality --------------------------------------------------------------------------------


def test_adjusted_rand_index_on_the_whole_fixture():
    # Measured 0.302 with DISTANCE_THRESHOLD 0.94.
    texts, truth = subset("nb", "nn", "sv", "en")
    assert ari(texts, truth) >= 0.27


def test_adjusted_rand_index_within_a_language_family():
    # Measured 0.615 (nb+nn) and 0.754 (en).
    assert ari(*subset("nb", "nn")) >= 0.55
    assert ari(*subset("en")) >= 0.65


def test_suggested_themes_are_mostly_pure():
    result = suggest_themes(TEXTS)
    truth = [theme or f"off-topic {k}" for k, (theme, _, _) in enumerate(FIXTURE)]
    assigned = sum(len(theme.members) for theme in result.themes)
    majority = sum(Counter(truth[m] for m in theme.members).most_common(1)[0][1] for theme in result.themes)
    # Measured: 65 of 88 assigned, 54 of them in their theme's majority (0.83).
    assert assigned >= 0.65 * len(TEXTS)
    assert majority / assigned >= 0.78
    off_topic = {k for k, (theme, _, _) in enumerate(FIXTURE) if theme is None}
    assert len(off_topic & set(result.unassigned)) >= 5


def known_theme_majorities(texts: list[str], truth: list[str]) -> dict[str, bool]:
    """For each known theme: does one suggested theme hold more than half of its texts?"""
    suggested = suggested_labels(suggest_themes(texts), len(texts))
    held = {}
    for name in KNOWN:
        members = [k for k, label in enumerate(truth) if label == name]
        counts = Counter(suggested[k] for k in members if suggested[k].startswith("theme"))
        held[name] = bool(counts) and counts.most_common(1)[0][1] > len(members) / 2
    return held


def test_each_known_theme_holds_together_within_english():
    assert all(known_theme_majorities(*subset("en")).values())


def test_each_known_theme_holds_together_within_norwegian_except_housing():
    held = known_theme_majorities(*subset("nb", "nn"))
    # "bolig" (nb) and "bustad" (nn) share no n-gram, so housing comes back as two themes.
    assert {name for name, ok in held.items() if not ok} <= {"housing"}


def test_spelling_variants_meet_in_one_theme():
    result = suggest_themes(TEXTS)
    theme_of = {member: i for i, theme in enumerate(result.themes) for member in theme.members}

    def together(*fragments: str) -> bool:
        found = [k for k, text in enumerate(TEXTS) if any(f in text.lower() for f in fragments)]
        return len({theme_of.get(k) for k in found} - {None}) == 1

    assert together("pårørende", "pårørande")
    assert together("erfaringskonsulent")
    assert together("fastlege")


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+(?:['-]\w+)*", text.lower()))


def test_labels_are_distinctive_words_from_the_member_texts():
    result = suggest_themes(TEXTS)
    assert result.themes
    for theme in result.themes:
        label_words = theme.label.split(", ")
        assert 1 <= len(label_words) <= 3
        assert all(word and " " not in word for word in label_words)
        assert 1 <= len(theme.keywords) <= 6
        assert len(set(theme.keywords)) == len(theme.keywords)
        assert label_words == list(theme.keywords[: len(label_words)])
        member_words = set().union(*(words_of(TEXTS[m]) for m in theme.members))
        assert set(theme.keywords) <= member_words
        assert not set(theme.keywords) & th.STOP_WORDS
    labels = " ".join(theme.label for theme in result.themes)
    assert re.search(r"pårør[ae]nde", labels)
    assert "erfaringskonsulenter" in labels
    assert "fastlegen" in labels


def test_label_words_shared_by_members_come_first():
    texts = [
        "Boligen er for dyr",
        "Boligen ligger langt unna",
        "Vi trenger en bolig nær sentrum",
        "Boligen bør være trygg",
        "Kaffen var god",
    ]
    result = suggest_themes(texts)
    assert len(result.themes) == 1
    assert result.themes[0].label.split(", ")[0] == "boligen"  # the form most used in the theme
    assert result.unassigned == (4,)


# --- determinism and ids --------------------------------------------------------------------


def test_the_same_input_gives_the_same_output():
    assert suggest_themes(TEXTS) == suggest_themes(TEXTS)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_input_gives_the_same_themes(seed):
    ids = list(range(len(TEXTS)))
    random.Random(seed).shuffle(ids)
    shuffled = suggest_themes([TEXTS[i] for i in ids], ids)
    original = suggest_themes(TEXTS)
    assert grouping(shuffled) == grouping(original)
    named = {frozenset(t.members): (t.label, t.keywords) for t in original.themes}
    assert {frozenset(t.members): (t.label, t.keywords) for t in shuffled.themes} == named
    assert_partition(shuffled, ids)


def test_ids_are_passed_through():
    ids = [1000 + 7 * k for k in range(len(TEXTS))]
    with_ids = suggest_themes(TEXTS, ids)
    plain = suggest_themes(TEXTS)
    assert_partition(with_ids, ids)
    assert [t.members for t in with_ids.themes] == [tuple(ids[m] for m in t.members) for t in plain.themes]
    assert with_ids.unassigned == tuple(ids[m] for m in plain.unassigned)
    assert [t.label for t in with_ids.themes] == [t.label for t in plain.themes]


def test_numpy_integer_ids_are_accepted():
    result = suggest_themes(TEXTS[:10], np.arange(10, 20))  # type: ignore[arg-type]  # on purpose
    assert_partition(result, list(range(10, 20)))
    assert all(type(i) is int for t in result.themes for i in t.members)


@pytest.mark.parametrize(
    ("texts", "ids", "message"),
    [
        (["a", "b"], [1], "1 ids for 2 texts"),
        (["a", "b"], [1, 1], "id 1 occurs more than once"),
        (["a", "b"], [1, 2.5], "ids must be integers"),
        (["a", "b"], ["1", "2"], "ids must be integers"),
        (["a", None], None, "text 1 is not a string"),
    ],
)
def test_bad_ids_and_texts_are_refused(texts, ids, message):
    with pytest.raises(ThemeInputError, match=message):
        suggest_themes(texts, ids)


@pytest.mark.parametrize(("max_themes", "min_size"), [(0, 2), (12, 0), (-1, 2)])
def test_bad_limits_are_refused(max_themes, min_size):
    with pytest.raises(ThemeInputError):
        suggest_themes(TEXTS, max_themes=max_themes, min_size=min_size)


def test_theme_input_error_is_a_value_error():
    assert issubclass(ThemeInputError, ValueError)


# --- limits -----------------------------------------------------------------------------------


def test_max_themes_keeps_the_largest():
    everything = suggest_themes(TEXTS, max_themes=100)
    capped = suggest_themes(TEXTS, max_themes=3)
    assert len(everything.themes) > 3
    assert [len(t.members) for t in capped.themes] == [len(t.members) for t in everything.themes][:3]
    assert {frozenset(t.members) for t in capped.themes} <= {frozenset(t.members) for t in everything.themes}
    assert_partition(capped, list(range(len(TEXTS))), max_themes=3)


def test_min_size_leaves_small_clusters_unassigned():
    result = suggest_themes(TEXTS, min_size=5)
    assert result.themes
    assert_partition(result, list(range(len(TEXTS))), min_size=5)
    assert len(result.unassigned) > len(suggest_themes(TEXTS).unassigned)


def test_min_size_one_allows_single_text_themes():
    result = suggest_themes(TEXTS, min_size=1, max_themes=200)
    assert_partition(result, list(range(len(TEXTS))), min_size=1, max_themes=200)
    assert not result.unassigned
    assert any(len(t.members) == 1 for t in result.themes)


# --- edge cases -------------------------------------------------------------------------------


def test_empty_input():
    assert suggest_themes([]) == ThemeSuggestions(themes=(), unassigned=())


@pytest.mark.parametrize("texts", [["Lang ventetid"], ["Lang ventetid", "Lang ventetid hos DPS"]])
def test_fewer_than_three_texts_are_all_unassigned(texts):
    assert suggest_themes(texts) == ThemeSuggestions(themes=(), unassigned=tuple(range(len(texts))))


def test_fewer_than_three_texts_with_words_are_all_unassigned():
    texts = ["Lang ventetid", "og i på", "Lang ventetid hos DPS", "   "]
    assert suggest_themes(texts, [5, 6, 7, 8]).unassigned == (5, 6, 7, 8)


def test_only_stop_words():
    texts = ["og i på det", "the and of it", "och att det är", "eg ikkje kva", "Det er ikke det"]
    assert suggest_themes(texts) == ThemeSuggestions(themes=(), unassigned=(0, 1, 2, 3, 4))


def test_texts_empty_after_stop_words_are_unassigned():
    noise = ["🙂🙂🙂", "!!! ??? ...", "", "   ", "1234 5678", "og så det", "—", "👍🏽 ❤️"]
    texts = TEXTS + noise
    result = suggest_themes(texts)
    assert set(range(len(TEXTS), len(texts))) <= set(result.unassigned)
    assert_partition(result, list(range(len(texts))))
    assert grouping(result)[0] == grouping(suggest_themes(TEXTS))[0]


def test_a_very_long_text():
    long_text = " ".join(random.Random(4).choice(TEXTS).split()[k % 3] for k in range(20_000))
    result = suggest_themes([*TEXTS, long_text])
    assert_partition(result, list(range(len(TEXTS) + 1)))


def test_identical_texts_share_a_theme():
    texts = ["Lengre åpningstider på kvelden"] * 4 + TEXTS[:20]
    result = suggest_themes(texts)
    assert any({0, 1, 2, 3} <= set(t.members) for t in result.themes)


def test_case_and_unicode_normalisation_do_not_matter():
    decomposed = ["Pa\u030arørende blir ikke hørt", "PÅRØRENDE BLIR IKKE HØRT", "pårørende blir ikke hørt"]
    result = suggest_themes(decomposed)
    assert [t.members for t in result.themes] == [(0, 1, 2)]
    assert "pårørende" in result.themes[0].label.split(", ")


# --- the building blocks ------------------------------------------------------------------------


def test_stop_word_lists_are_short_function_word_lists():
    for words in (th.STOP_WORDS_NB, th.STOP_WORDS_NN, th.STOP_WORDS_SV, th.STOP_WORDS_EN):
        assert 60 <= len(words) <= 125
    for content in ("bolig", "bustad", "bostad", "housing", "ventetid", "hjelp", "natt", "helg", "tid", "krise"):
        assert content not in th.STOP_WORDS


def test_word_stem_groups_word_forms():
    assert th.word_stem("boligen") == th.word_stem("boliger") == th.word_stem("bolig")
    assert th.word_stem("pårørende") == th.word_stem("pårørande")
    assert th.word_stem("ventetida") == th.word_stem("ventetiden") == th.word_stem("ventetid")
    assert th.word_stem("helgane") == th.word_stem("helgene") == th.word_stem("helger")
    assert th.word_stem("prosess") == "prosess"
    assert th.word_stem("dps") == "dps"


def test_content_words():
    assert th.content_words("Vi trenger IKKE flere skjema’er — 24/7!") == ["trenger", "skjema'er"]
    assert th.content_words("Peer-stödjare i vården") == ["peer-stödjare", "vården"]


def test_char_ngram_tfidf_equals_sklearns_char_wb_vectoriser():
    docs = [th.content_words(text) for text in TEXTS] + [["gp", "abc", "abcd", "abcde", "x" * 30], ["gp", "gp"]]
    ours = th.char_ngram_tfidf(docs)
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=False, dtype=np.float32
    )
    reference = vectoriser.fit_transform([" ".join(doc) for doc in docs])
    assert ours.shape == reference.shape
    assert abs(ours - reference).max() == 0.0


def test_clustering_equals_sklearns_agglomerative_clustering():
    docs = [th.content_words(text) for text in TEXTS]
    folded = [[word.translate(th._FOLD) for word in doc] for doc in docs]
    ours = th._cluster(docs)
    features = th.char_ngram_tfidf(folded).toarray().astype(np.float64)
    theirs = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=th.DISTANCE_THRESHOLD
    ).fit_predict(features)
    assert adjusted_rand_score(theirs, ours) == 1.0


# --- speed ------------------------------------------------------------------------------------


def synthetic(n: int, seed: int = 7) -> list[str]:
    """`n` texts made from the fixture: words dropped, words from the same theme and language added,
    and one in ten built from random words of any theme."""
    rng = random.Random(seed)
    pools: dict[tuple[str, str], list[str]] = {}
    for theme, language, text in FIXTURE:
        if theme:
            pools.setdefault((theme, language), []).extend(text.split())
    everything = [word for text in TEXTS for word in text.split()]
    themed = [row for row in FIXTURE if row[0]]
    texts = []
    for _ in range(n):
        if rng.random() < 0.1:
            texts.append(" ".join(rng.choice(everything) for _ in range(rng.randint(3, 12))))
            continue
        theme, language, text = rng.choice(themed)
        words = [word for word in text.split() if rng.random() > 0.3]
        assert theme is not None
        words += rng.sample(pools[(theme, language)], k=rng.randint(1, 4))
        rng.shuffle(words)
        texts.append(" ".join(words))
    return texts


def test_five_thousand_texts_are_all_placed_and_capped_at_twelve_themes():
    # The time it takes is measured by benchmarks/themes.py, not here.
    result = suggest_themes(synthetic(5000))
    assert_partition(result, list(range(5000)))
    assert len(result.themes) == 12


# --- command line -------------------------------------------------------------------------------


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def json_output(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, Any]:
    assert run(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    payload = json.loads(out)
    assert isinstance(payload, dict)
    return payload


def test_cli_is_registered():
    tool, summary = TOOLS["themes"]
    assert callable(tool)
    assert summary == "suggest themes for short texts, one per line or a CSV with a text column: themes FILE [--json]"


def test_cli_text_file(tmp_path, capsys):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS[:40]) + "\n\n   \n" + "\n".join(TEXTS[40:]) + "\n")
    assert run([path]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{len(TEXTS)} texts: ")
    first = suggest_themes(TEXTS).themes[0]
    assert f"1. {first.label} ({len(first.members)} texts)" in out
    assert f"   keywords: {', '.join(first.keywords)}" in out
    assert "Unassigned: #" in out


def test_cli_text_file_ids_are_line_numbers(tmp_path, capsys):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS[:40]) + "\n\n" + "\n".join(TEXTS[40:]) + "\n")
    payload = json_output(capsys, [path, "--json"])
    lines = list(range(1, 41)) + list(range(42, len(TEXTS) + 2))
    expected = suggest_themes(TEXTS, lines)
    assert payload["themes"] == [
        {"label": t.label, "keywords": list(t.keywords), "members": list(t.members)} for t in expected.themes
    ]
    assert payload["unassigned"] == list(expected.unassigned)


def test_cli_json_shape(tmp_path, capsys):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS))
    payload = json_output(capsys, [path, "--json", "--max-themes", "4", "--min-size", "3"])
    assert set(payload) == {"themes", "unassigned", "seconds"}
    assert isinstance(payload["seconds"], float) and payload["seconds"] >= 0
    themes = payload["themes"]
    assert isinstance(themes, list) and 1 <= len(themes) <= 4
    for theme in themes:
        assert set(theme) == {"label", "keywords", "members"}
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(word, str) for word in theme["keywords"])
        assert len(theme["members"]) >= 3 and all(isinstance(m, int) for m in theme["members"])
    placed = sorted([m for theme in themes for m in theme["members"]] + payload["unassigned"])
    assert placed == list(range(1, len(TEXTS) + 1))


def test_cli_csv_with_ids_quotes_and_extra_columns(tmp_path, capsys):
    rows = ["bord,id,text"] + [f'{k % 5},{900 + k},"{text}"' for k, text in enumerate(TEXTS)]
    rows.append('2,2000,"Ventetid, ventetid\nog mer ventetid"')
    payload = json_output(capsys, [write(tmp_path, "bidrag.csv", "\n".join(rows) + "\n"), "--json"])
    placed = sorted([m for theme in payload["themes"] for m in theme["members"]] + payload["unassigned"])
    assert placed == [*range(900, 900 + len(TEXTS)), 2000]
    expected = suggest_themes([*TEXTS, "Ventetid, ventetid\nog mer ventetid"], [*range(900, 900 + len(TEXTS)), 2000])
    assert [theme["members"] for theme in payload["themes"]] == [list(t.members) for t in expected.themes]


def test_cli_csv_without_ids_numbers_the_rows(tmp_path, capsys):
    text = "Text\n" + "\n".join(f'"{t}"' for t in TEXTS) + "\n"
    payload = json_output(capsys, [write(tmp_path, "bidrag.CSV", text), "--json"])
    placed = sorted([m for theme in payload["themes"] for m in theme["members"]] + payload["unassigned"])
    assert placed == list(range(1, len(TEXTS) + 1))


def test_cli_semicolon_csv():
    parsed = parse_csv("id;text\n1;Lang ventetid, altfor lang\n2;Pårørende blir ikke hørt\n")
    assert parsed.ids == (1, 2)
    assert parsed.texts == ("Lang ventetid, altfor lang", "Pårørende blir ikke hørt")


def test_cli_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(TEXTS).encode())))
    payload = json_output(capsys, ["-", "--json"])
    assert len(payload["themes"]) >= 6


def test_cli_reads_csv_from_standard_input(monkeypatch, capsys):
    data = "id,text\n" + "\n".join(f'{k},"{t}"' for k, t in enumerate(TEXTS, start=50))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    payload = json_output(capsys, ["-", "--csv", "--json"])
    assert min(payload["unassigned"] + [m for t in payload["themes"] for m in t["members"]]) == 50


def test_cli_through_the_tool_registry(tmp_path, capsys):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS))
    assert main(["themes", path, "--json"], TOOLS) == 0
    assert json.loads(capsys.readouterr().out)["themes"]


def test_cli_empty_text_file(tmp_path, capsys):
    payload = json_output(capsys, [write(tmp_path, "tom.txt", "\n\n"), "--json"])
    assert payload["themes"] == [] and payload["unassigned"] == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mangler.txt", None, "cannot read"),
        ("bidrag.csv", "id,body\n1,Lang ventetid\n", "the header needs a column named 'text'"),
        ("bidrag.csv", "id,text\nen,Lang ventetid\n", "line 2: id is not an integer: 'en'"),
        ("bidrag.csv", "id,text\n1.5,Lang ventetid\n", "id is not an integer"),
        ("bidrag.csv", "id,text\n,Lang ventetid\n", "id is not an integer: ''"),
        ("bidrag.csv", "id,text\n1,Lang ventetid\n1,Kort ventetid\n", "id 1 occurs more than once"),
        ("bidrag.csv", "id,text\n1,Lang ventetid,ekstra\n", "line 2: 3 field(s), but the header has 2"),
        ("bidrag.csv", "text,text\nLang,ventetid\n", "names column 'text' twice"),
        ("bidrag.csv", "", "the CSV input is empty"),
        ("bidrag.csv", 'id,text\n1,"Lang ventetid\n', "not valid CSV"),
        ("bidrag.txt", b"Lang ventetid\n\xff\xfe\n", "is not UTF-8 text"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert run([str(path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("python -m samskap themes: error: ")
    assert message in err


@pytest.mark.parametrize("argv", [["--max-themes", "0"], ["--min-size", "x"], ["--unknown"], []])
def test_cli_bad_options_exit_2(tmp_path, capsys, argv):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS))
    assert run([path, *argv] if argv else []) == 2
    assert "usage:" in capsys.readouterr().err


def test_cli_as_a_module_without_django(tmp_path):
    path = write(tmp_path, "bidrag.txt", "\n".join(TEXTS))
    done = subprocess.run(
        [sys.executable, "-m", "samskap", "themes", path, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["themes"]
    missing = subprocess.run(
        [sys.executable, "-m", "samskap", "themes", str(tmp_path / "mangler.txt")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == "" and len(missing.stderr.splitlines()) == 1


def test_parse_lines_skips_blank_lines():
    parsed = parse_lines("første\n\n  andre  \r\ntredje")
    assert parsed.ids == (1, 3, 4)
    assert parsed.texts == ("første", "andre", "tredje")


# --- arbitrary input --------------------------------------------------------------------------


@st.composite
def texts_and_ids(draw: st.DrawFn) -> tuple[list[str], list[int] | None]:
    vocabulary = ["bolig", "ventetid", "pårørende", "anhöriga", "help", "natt", "og", "the", "🙂", "—"]
    piece = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(vocabulary), max_size=8).map(" ".join))
    texts = draw(st.lists(piece, max_size=30))
    if draw(st.booleans()):
        return texts, None
    ids = draw(st.lists(st.integers(-(2**63), 2**63), min_size=len(texts), max_size=len(texts), unique=True))
    return texts, ids


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_ids(), st.integers(1, 5), st.integers(1, 4))
def test_arbitrary_texts_never_raise_and_place_every_id_once(data, max_themes, min_size):
    texts, ids = data
    result = suggest_themes(texts, ids, max_themes=max_themes, min_size=min_size)
    expected = list(range(len(texts))) if ids is None else ids
    assert_partition(result, expected, max_themes=max_themes, min_size=min_size)
    for theme in result.themes:
        assert isinstance(theme, Theme)
        assert theme.label and 1 <= len(theme.label.split(", ")) <= 3
        assert len(theme.keywords) <= 6
    assert suggest_themes(texts, ids, max_themes=max_themes, min_size=min_size) == result
