"""Every text has its English translation, and the compiled catalogues are current."""

import gettext
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/en/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_catalogues_exist_for_project_and_apps():
    # Relative to the checkout, so the project's own catalogue ("." = locale/ at the top) counts
    # whatever the checkout's folder is called.
    roots = {str(p.parents[3].relative_to(ROOT)) for p in CATALOGUES}
    assert {".", "appeals", "grid", "rota", "services", "spaces", "workload"} <= roots


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_english_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"translate these in {po_path}: {untranslated[:10]}"
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [e.msgid for e in po.translated_entries() if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr]
    assert not stale, f"run `make messages` (the .mo is older than the .po): {stale[:5]}"


@pytest.mark.parametrize("po_path", [p.parents[2] / "zh_Hans" / "LC_MESSAGES" / "django.po" for p in CATALOGUES],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_zh_hans_catalogue_exists(po_path):
    assert po_path.exists() and po_path.with_suffix(".mo").exists()
