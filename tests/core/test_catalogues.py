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


def test_zh_hans_fill_gives_untranslated_and_fuzzy_entries_their_msgid_and_keeps_the_rest(tmp_path):
    from taijiang.core.management.commands.catalogues import fill_identity

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="待受理", msgstr=""))
    po.append(polib.POEntry(msgid="日期", msgstr="星期", flags=["fuzzy"], previous_msgid="星期"))
    po.append(polib.POEntry(msgid="已受理 %(n)s 件", msgstr="", flags=["fuzzy", "python-format"]))
    po.append(polib.POEntry(msgid="状态", msgstr="办理状态"))  # an editor's wording stays
    po.append(polib.POEntry(msgid="%(n)s 条", msgid_plural="%(n)s 条", msgstr_plural={0: ""}))
    path = tmp_path / "django.po"
    po.save(str(path))

    assert fill_identity(path) == 3
    entries = {e.msgid: e for e in polib.pofile(str(path))}
    assert entries["待受理"].msgstr == "待受理"
    assert entries["日期"].msgstr == "日期" and not entries["日期"].fuzzy and entries["日期"].previous_msgid is None
    assert entries["已受理 %(n)s 件"].flags == ["python-format"]
    assert entries["状态"].msgstr == "办理状态"
    assert entries["%(n)s 条"].msgstr_plural == {0: ""}  # plural forms are left to the translator
    assert fill_identity(path) == 0  # a second run changes nothing
