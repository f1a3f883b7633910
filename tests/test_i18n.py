"""The four catalogues are complete: every message in the source has a
translation in nb, nn, sv and en, and none is fuzzy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["nb", "nn", "sv", "en"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "samskap" / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LOCALES)
def test_every_message_is_translated(language: str) -> None:
    po = catalogue(language)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated {untranslated[:5]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("language", LOCALES)
def test_placeholders_survive_translation(language: str) -> None:
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue(language).translated_entries():
        expected = sorted(pattern.findall(entry.msgid))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in strings:
            if entry.msgid_plural and not expected:
                continue
            assert sorted(set(pattern.findall(text))) == sorted(set(expected)), (language, entry.msgid)


def test_the_catalogues_hold_every_message_in_the_source(tmp_path: Path) -> None:
    """Extract the messages afresh from a copy of the code and compare."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed for this check; `make test` installs it.")
    copy = tmp_path / "samskap"
    shutil.copytree(ROOT / "samskap", copy, ignore=shutil.ignore_patterns("vendor", "locale", "__pycache__"))
    (copy / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "samskap.settings_test"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "-i", "static/*"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    for language in LOCALES:
        known = {e.msgid for e in catalogue(language)}
        missing = sorted(extracted - known)
        assert not missing, (
            f"{language} lacks {len(missing)} message(s), e.g. {missing[:3]}; run `make messages-update`"
        )
