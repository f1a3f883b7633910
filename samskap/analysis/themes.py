"""Suggest themes for many short contributions from dialogue tables.

Workshop contributions are short (3–40 words) and arrive in Norwegian Bokmål, Nynorsk, Swedish
and English, often mixed in one event. A facilitator confirms, renames and merges what this
module suggests, so it aims for a good first grouping, not a final one.

Approach (research notes, `qualitative-nlp-pii.md` §4, the fallback without embeddings):

1. Lower-case, drop function words (the short nb, nn, sv and en lists below) and tokens
   without letters.
2. TF-IDF on character 3–5-grams within word boundaries: the matrix of sklearn's
   `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)`, built faster
   (`char_ngram_tfidf`), after folding Swedish ä/ö to Norwegian e/ø. Shared n-grams tie
   together word forms and spelling variants across the languages: "bolig/boliger",
   "bustad/bostad", "ventetid/ventetida/väntetiden", "pårørende/pårørande". No language
   detection or dictionary is needed.
3. Average-linkage agglomerative clustering on cosine distance, cut at `DISTANCE_THRESHOLD`.
   This is sklearn's `AgglomerativeClustering(metric="cosine", linkage="average",
   distance_threshold=...)`, run through scipy's `linkage` as sklearn does internally, on
   distances computed from the sparse features (see `_cluster` and `_similarity`). Average linkage lets a theme grow
   only while its members are close on average. A few shared n-grams (common suffixes, say)
   do not chain unrelated texts together, as they would with single linkage. The number of
   themes does not have to be known in advance.
4. Clusters smaller than `min_size` stay unassigned, and so do clusters beyond the
   `max_themes` largest.
5. Each theme is labelled by class-based TF-IDF over whole words. A light suffix stripper
   groups word forms, and each word is shown in the form it most often takes in the theme.

Limits: words in different languages that share no spelling ("bolig", "housing", "bostad")
do not meet, so a theme spread evenly over four languages tends to come back as one theme
per language family. The facilitator merges those; an embedding model would not need to.

The result does not depend on the order of the input. Texts are clustered in a canonical
order (sorted by their cleaned text), and nothing is random. Pure computation: no Django, no
database.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "DISTANCE_THRESHOLD",
    "STOP_WORDS",
    "Theme",
    "ThemeInputError",
    "ThemeSuggestions",
    "char_ngram_tfidf",
    "content_words",
    "suggest_themes",
    "word_stem",
]

# Cosine distance at which the dendrogram is cut. Texts this short share few n-grams, so even
# texts on the same theme are far apart: in the test fixture, same-theme pairs have a mean
# cosine similarity of about 0.06 and other pairs 0.014. The cut therefore sits high. Tuned on
# the fixture in tests/analysis/test_themes.py. The adjusted Rand index of all 88 texts is 0.27
# to 0.35 from 0.93 to 0.96, and that of the nb+nn texts 0.53 to 0.64. Above 0.95 the smaller
# single-language subsets start to merge unrelated themes, and from 0.98 everything collapses
# into one theme.
DISTANCE_THRESHOLD = 0.94
_MAX_LABEL_WORDS = 3
_MAX_KEYWORDS = 6
# A second or third label word must be at least this distinctive relative to the first.
_LABEL_SCORE_RATIO = 0.5


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words only: articles, pronouns, prepositions, conjunctions, auxiliaries and
# common adverbs. Content words such as "hjelp", "tid" and "trenger" stay in: class-based
# TF-IDF and n-gram IDF already discount words that occur in every theme.
STOP_WORDS_NB: frozenset[str] = _word_set(
    """
    og i på til av for med som det den de en et ei er var har hadde ha å at ikke jeg meg min
    mitt mine vi oss vår du deg din han hun henne hans seg sin sitt sine dem man noen noe ingen
    alle alt hver mye mange flere fler mer mest enn så da når hvis om men eller også bare kan
    kunne skal skulle vil ville må måtte bør burde blir ble blitt bli være vært får fikk få gjør
    gjøre gjort dette disse denne der her hvor hva hvordan fra etter før over under mellom mot
    uten hos ved inn ut opp nå selv slik veldig litt helt jo vel ja nei fordi både sammen hele
    """
)
STOP_WORDS_NN: frozenset[str] = _word_set(
    """
    og i på til av for med som det den dei ein eit ei er var har hadde ha å at ikkje eg meg min
    mitt mine vi me oss vår du deg din han ho henne hans seg sin sitt sine nokon noko nokre
    ingen alle alt kvar mykje mange fleire meir mest enn så då når viss om men eller òg også
    berre kan kunne skal skulle vil ville må måtte bør burde blir blei vorte bli vere får fekk
    få gjer gjere gjort dette desse denne der her kor kva korleis frå etter før over under
    mellom mot utan hos ved inn ut opp no sjølv slik veldig litt heilt jo vel ja nei fordi både saman
    heile
    """
)
STOP_WORDS_SV: frozenset[str] = _word_set(
    """
    och i på till av för med som det den de dem en ett är var har hade ha att inte jag mig min
    mitt mina vi oss vår du dig din han hon henne hans sig sin sitt sina ni er någon något några
    ingen inga alla allt varje mycket många fler flera mer mest än så då när om men eller också
    bara kan kunde ska skulle vill ville måste bör borde blir blev bli vara får fick få gör göra
    gjort detta dessa denna där här vart vad hur från efter före över under mellan mot utan hos
    vid ut upp nu redan själv sådan lite helt ju väl ja nej man eftersom både tillsammans hela
    """
)
STOP_WORDS_EN: frozenset[str] = _word_set(
    """
    the a an and or but if of to in on at by for with from about as into over under between
    after before without is are was were be been am have has had do does did will would should
    can could may might must not no so than too very just only also i me my we us our you your
    he him his she her it its they them their this that these those there here what which who
    when where why how all any each every some many much more most few other such then now up
    down out off get got because both don't doesn't isn't can't won't it's i'm we're they're
    there's
    """
)
STOP_WORDS: frozenset[str] = STOP_WORDS_NB | STOP_WORDS_NN | STOP_WORDS_SV | STOP_WORDS_EN

# Words: runs of word characters, optionally joined by a hyphen or apostrophe ("peer-stödjare",
# "don't"). Tokens without a letter (numbers, "_") are dropped later.
_WORD = re.compile(r"\w+(?:['-]\w+)*")
_APOSTROPHES = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"))
# Inflectional endings shared by nb, nn and sv (definite and plural forms) and the English
# plural. Stripping them is only for grouping word forms in labels, never for clustering.
_SUFFIXES = tuple(
    sorted(
        _word_set("heten heter ande ende erna arna orna ene ane ens ers het er ar or en et na ne a e s"),
        key=lambda suffix: (-len(suffix), suffix),
    )
)
_MIN_STEM = 4
_NGRAM_MIN, _NGRAM_MAX = 3, 5
# For the clustering features only: Swedish ä and ö correspond to Norwegian e (or æ) and ø
# ("väntetid"/"ventetid", "hjälp"/"hjelp", "höra"/"høre"), and Norwegian æ mostly to e in
# Swedish and Nynorsk. Folding them lets cognates share n-grams. On the test fixture this
# raised the adjusted Rand index of the nb+nn+sv texts from 0.38 to 0.41 at the chosen cut,
# and from 0.44 to 0.55 at each variant's best cut.
_FOLD = str.maketrans({"ä": "e", "æ": "e", "ö": "ø"})


class ThemeInputError(ValueError):
    """The arguments cannot be used: mismatched or duplicate ids, a text that is not a string."""


@dataclass(frozen=True)
class Theme:
    """One suggested theme: a 1–3 word label, up to six distinctive words, and its members."""

    label: str
    keywords: tuple[str, ...]
    members: tuple[int, ...]


@dataclass(frozen=True)
class ThemeSuggestions:
    """Themes, largest first (ties by first member), and the ids that fit no theme."""

    themes: tuple[Theme, ...]
    unassigned: tuple[int, ...]


def content_words(text: str) -> list[str]:
    """The lower-cased words of `text` that are not stop words, in order."""
    normal = unicodedata.normalize("NFKC", text).lower()
    for variant, plain in _APOSTROPHES:
        if variant in normal:
            normal = normal.replace(variant, plain)
    return [
        word
        for word in _WORD.findall(normal)
        if len(word) >= 2 and word not in STOP_WORDS and any(c.isalpha() for c in word)
    ]


@lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """Strip one inflectional ending, so "boligen", "boliger" and "bolig" share a stem."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            stem = word[: -len(suffix)]
            # "prosess", "stress": a double s is part of the stem, not a plural.
            if suffix == "s" and stem.endswith("s"):
                continue
            return stem
    return word


def _validated_ids(texts: Sequence[str], ids: Sequence[int] | None) -> list[int]:
    for k, text in enumerate(texts):
        if not isinstance(text, str):
            raise ThemeInputError(f"text {k} is not a string but {type(text).__name__}")
    if ids is None:
        return list(range(len(texts)))
    if len(ids) != len(texts):
        raise ThemeInputError(f"{len(ids)} ids for {len(texts)} texts")
    try:
        checked = [operator.index(i) for i in ids]
    except TypeError:
        raise ThemeInputError("ids must be integers") from None
    if len(set(checked)) != len(checked):
        duplicate = next(i for i, count in Counter(checked).items() if count > 1)
        raise ThemeInputError(f"id {duplicate} occurs more than once")
    return checked


def _similarity(features: Any) -> np.ndarray:
    """X·Xᵀ as a dense array, for a sparse X with L2-normalised rows.

    A sparse product costs the sum of df² over the n-grams, where df is how many texts use an
    n-gram. The few common n-grams (suffixes like "er " and "ing") dominate that sum; as a
    dense BLAS product they cost n² each but run hundreds of times faster per operation. So
    n-grams used by more than 1/32 of the texts go through BLAS and the rest stay sparse.
    With 5,000 texts this took 0.2–1.4 s against 1.1–5.5 s for the sparse product alone
    (8–40 words per text, small and large vocabularies).
    """
    columns = features.tocsc()
    used_by = np.diff(columns.indptr)
    common = used_by > columns.shape[0] // 32
    dense = columns[:, np.flatnonzero(common)].toarray()
    similarity: np.ndarray = dense @ dense.T
    rare = columns[:, np.flatnonzero(~common)].tocsr()
    if rare.nnz:
        similarity += (rare @ rare.T).toarray()
    return similarity


def char_wb_ngrams(word: str) -> list[str]:
    """The n-grams sklearn's `analyzer="char_wb"` takes from one word, 3 to 5 characters long.

    The word is padded with a space on each side. A padded word no longer than n gives
    itself once, and no longer n-grams.
    """
    padded = f" {word} "
    grams: list[str] = []
    for n in range(_NGRAM_MIN, _NGRAM_MAX + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def char_ngram_tfidf(docs: Sequence[Sequence[str]]) -> Any:
    """TF-IDF of character 3–5-grams within word boundaries: rows are docs, L2-normalised.

    The same matrix as `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    sublinear_tf=True)` on the docs joined by spaces (columns in the same sorted order). It is
    built differently, because that vectoriser cuts every word of every text into n-grams in
    Python, which took 2–5 s for 5,000 texts. Here a text's n-gram counts are its word counts
    times each distinct word's n-gram counts: the words are cut once, and a sparse product
    does the rest.
    """
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

    word_index: dict[str, int] = {}
    doc_rows: list[int] = []
    doc_cols: list[int] = []
    for row, doc in enumerate(docs):
        for word in doc:
            doc_rows.append(row)
            doc_cols.append(word_index.setdefault(word, len(word_index)))
    word_grams = [Counter(char_wb_ngrams(word)) for word in word_index]
    vocabulary = sorted({gram for grams in word_grams for gram in grams})
    gram_index = {gram: k for k, gram in enumerate(vocabulary)}
    gram_rows = [w for w, grams in enumerate(word_grams) for _ in grams]
    gram_cols = [gram_index[gram] for grams in word_grams for gram in grams]
    gram_counts = [count for grams in word_grams for count in grams.values()]

    shape = (len(docs), len(word_index))
    words_in_docs = csr_matrix((np.ones(len(doc_rows), dtype=np.float32), (doc_rows, doc_cols)), shape=shape)
    grams_in_words = csr_matrix(
        (np.asarray(gram_counts, dtype=np.float32), (gram_rows, gram_cols)), shape=(len(word_index), len(vocabulary))
    )
    counts = words_in_docs @ grams_in_words
    counts.sort_indices()
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts)


def _cluster(docs: list[list[str]]) -> list[int]:
    """A flat cluster label for each of `docs` (content words, in canonical order)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    folded = {word: word.translate(_FOLD) for doc in docs for word in doc}
    features = char_ngram_tfidf([[folded[word] for word in doc] for doc in docs])
    # Rows are L2-normalised, so X·Xᵀ is the cosine similarity. This is what sklearn's
    # AgglomerativeClustering(metric="cosine", linkage="average") computes, but it gets there
    # by handing the dense texts × n-grams matrix to scipy's pdist. With precomputed distances
    # it builds two n² index arrays instead. For 5,000 texts either way costs seconds and
    # several hundred MB. So the distances are computed here, and scipy's linkage, which
    # sklearn itself calls, runs on them directly.
    distance = _similarity(features)
    np.subtract(1.0, distance, out=distance)
    # Rounding can leave a hair below 0 or a text a hair away from itself.
    np.clip(distance, 0.0, 2.0, out=distance)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # sklearn's distance_threshold merges clusters only while their distance is strictly
    # below it; fcluster's "distance" criterion keeps merges at or below t, hence nextafter.
    cut = float(np.nextafter(DISTANCE_THRESHOLD, 0.0))
    labels: list[int] = fcluster(tree, cut, criterion="distance").tolist()
    return labels


def _label(classes: list[list[int]], words: list[list[str]], min_size: int) -> list[tuple[str, tuple[str, ...]]]:
    """Label and keywords for each class but the last (the unassigned rest), by class-based TF-IDF.

    A word counts once per text, because in texts this short repetition says little. Its score in a
    class is the share of the class's texts that use it, times log(1 + A / f), where f is the
    number of texts that use it across all classes and A is the mean number of word uses per
    class (Grootendorst's c-TF-IDF). Words used by only one text of a theme are passed over
    when possible: they describe that text, not the theme. Word forms are grouped by
    `word_stem` and shown in the form most used in the theme.
    """
    per_class: list[Counter[str]] = []
    for members in classes:
        counts: Counter[str] = Counter()
        for k in members:
            counts.update({word_stem(word) for word in words[k]})
        per_class.append(counts)
    total: Counter[str] = Counter()
    for counts in per_class:
        total.update(counts)
    nonempty = [c for c in per_class if c]
    average = sum(sum(c.values()) for c in nonempty) / max(len(nonempty), 1)

    results: list[tuple[str, tuple[str, ...]]] = []
    for members, counts in zip(classes[:-1], per_class[:-1], strict=True):
        size = len(members)
        scored = [((counts[stem] / size) * math.log(1.0 + average / total[stem]), stem) for stem in counts]
        shared = [item for item in scored if counts[item[1]] >= min(2, min_size)]
        ranked = heapq.nsmallest(_MAX_KEYWORDS, shared or scored, key=lambda item: (-item[0], item[1]))
        shown = _display_forms(members, words, {stem for _score, stem in ranked})
        keywords = tuple(shown[stem] for _score, stem in ranked)
        top = ranked[0][0] if ranked else 0.0
        label_words = [shown[stem] for score, stem in ranked[:_MAX_LABEL_WORDS] if score >= _LABEL_SCORE_RATIO * top]
        results.append((", ".join(label_words), keywords))
    return results


def _display_forms(members: list[int], words: list[list[str]], stems: set[str]) -> dict[str, str]:
    """For each of `stems`, the form it most often takes in the members' texts.

    Ties go to the shorter form, then the alphabetically first.
    """
    used: Counter[str] = Counter()
    for k in members:
        used.update(words[k])
    best: dict[str, tuple[int, int, str]] = {}
    for word, count in used.items():
        stem = word_stem(word)
        if stem in stems:
            key = (-count, len(word), word)
            if stem not in best or key < best[stem]:
                best[stem] = key
    return {stem: key[2] for stem, key in best.items()}


def suggest_themes(
    texts: Sequence[str], ids: Sequence[int] | None = None, *, max_themes: int = 12, min_size: int = 2
) -> ThemeSuggestions:
    """Suggest themes for short `texts`, identified by `ids` (default 0..n-1).

    Every id ends up exactly once, in a theme or in `unassigned`. Texts with no words after
    stop-word removal are unassigned. So is everything when fewer than three texts have words,
    because there is nothing to compare them with. Raises `ThemeInputError` for ids that do
    not match the texts, and for `max_themes` or `min_size` below 1.
    """
    if max_themes < 1:
        raise ThemeInputError(f"max_themes must be at least 1, not {max_themes}")
    if min_size < 1:
        raise ThemeInputError(f"min_size must be at least 1, not {min_size}")
    id_list = _validated_ids(texts, ids)
    words = [content_words(text) for text in texts]
    usable = [k for k, w in enumerate(words) if w]
    if len(usable) < 3:
        return ThemeSuggestions(themes=(), unassigned=tuple(id_list))

    # A canonical order makes the clustering independent of the input order: tied distances
    # in the dendrogram would otherwise be broken by position.
    docs_of = {k: " ".join(words[k]) for k in usable}
    order = sorted(usable, key=lambda k: (docs_of[k], k))
    labels = _cluster([words[k] for k in order])

    clusters: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        clusters.setdefault(label, []).append(position)
    # Ties in size are broken in canonical order, so which clusters survive the cap does
    # not depend on the input order either.
    ranked = sorted(
        (rows for rows in clusters.values() if len(rows) >= min_size), key=lambda rows: (-len(rows), rows[0])
    )
    # Clusters beyond the `max_themes` largest stay unassigned rather than joining their nearest
    # theme: by construction they are farther than the cut from every theme. Merging them at a
    # looser mean distance (0.97) mixed unrelated themes when tried on 5,000 texts
    # ("relatives" with "coordination", "peer support" with "housing").
    kept = ranked[:max_themes]
    groups = [sorted(order[r] for r in rows) for rows in kept]
    groups.sort(key=lambda members: (-len(members), members[0]))
    assigned = {k for members in groups for k in members}
    rest = [k for k in usable if k not in assigned]
    named = _label([*groups, rest], words, min_size)

    themes = tuple(
        Theme(label=label, keywords=keywords, members=tuple(id_list[k] for k in members))
        for members, (label, keywords) in zip(groups, named, strict=True)
    )
    unassigned = tuple(id_list[k] for k in range(len(texts)) if k not in assigned)
    return ThemeSuggestions(themes=themes, unassigned=unassigned)
