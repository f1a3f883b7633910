"""What insight holds about a person named in interviews: the pseudonym the process's key
gives the name, and the passages of released text where that pseudonym stands. See
`samskap.core.personal_data`.

Anonymising and erasing do the same here: the name leaves the key (with every other form of
it that shares its pseudonym), so "Person A" no longer leads to anyone, and the originals of
the sources that mention the person — the only place the name itself is written — are
emptied now rather than at the end of their 30 days. A person's own interview is deleted by
withdrawing consent on its source."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samskap.core.personal_data import Subject
from samskap.insight.models import PiiFinding, PseudonymKey, Source

MODELS: tuple[type, ...] = ()  # nothing in insight points at a participant


def _pseudonym(key: PseudonymKey, name: str) -> str:
    names = key.mapping.get("names", {}) if isinstance(key.mapping, dict) else {}
    return str(names.get(name, ""))


def _sources(process_id: int, name: str, pseudonym: str) -> list[Source]:
    by_text = Source.objects.filter(process_id=process_id, released_text__contains=pseudonym) if pseudonym else []
    by_finding = Source.objects.filter(process_id=process_id, findings__text__iexact=name)
    found = {source.pk: source for source in [*by_text, *by_finding]}
    return [found[pk] for pk in sorted(found)]


def collect(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    keys = {key.process_id: key for key in PseudonymKey.objects.filter(process_id__in={p for p, _ in subject.mentions})}
    for process_id, name in subject.mentions:
        key = keys.get(process_id)
        if key is None:
            continue
        pseudonym = _pseudonym(key, name)
        for source in _sources(process_id, name, pseudonym):
            passages = [line for line in source.released_text.splitlines() if pseudonym and pseudonym in line]
            records.append(
                {
                    "process": key.process.title,
                    "pseudonym": pseudonym,
                    "source": source.title,
                    "kind": source.kind,
                    "held_on": source.held_on.isoformat() if source.held_on else None,
                    "consent_given_on": source.consent_given_on.isoformat() if source.consent_given_on else None,
                    "passages": "\n".join(passages),
                }
            )
    return {"interviews": records}


def anonymise(subject: Subject) -> dict[str, int]:
    names_removed = originals = 0
    for process_id, name in subject.mentions:
        key = PseudonymKey.objects.select_for_update().filter(process_id=process_id).first()
        if key is None:
            continue
        pseudonym = _pseudonym(key, name)
        for source in _sources(process_id, name, pseudonym):
            if source.original_text:
                source.original_text = ""
                source.original_deleted_at = timezone.now()
                source.save(update_fields=["original_text", "original_deleted_at"])
                originals += 1
            PiiFinding.objects.filter(source=source).update(text="")
        names = dict(key.mapping.get("names", {}))
        same_person = [n for n, label in names.items() if label == pseudonym] if pseudonym else [name]
        for n in same_person:
            names.pop(n, None)
        names_removed += len(same_person)
        key.mapping = {**key.mapping, "names": names}
        key.updated_at = timezone.now()
        key.save(update_fields=["mapping", "updated_at"])
    return {"key_names": names_removed, "originals_emptied": originals}


def erase(subject: Subject) -> dict[str, int]:
    return anonymise(subject)
