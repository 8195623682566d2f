"""Refresh and compile the translation catalogues of the project and of every app.

The source language is zh-hans: msgids are the Chinese texts written in the code. Each locale
root gets an `en` catalogue (the English translation, filled by hand) and a `zh_Hans` one whose
entries start as the msgid itself, so wording can be adjusted without touching the code.
Needs GNU gettext (xgettext, msgfmt) on the developer's machine; the compiled .mo files are
committed, so running the portal does not.
"""

import os
import shutil
import subprocess
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LANGUAGES = ["en", "zh_Hans"]


def locale_roots() -> list[str]:
    """"" for the project (taijiang/ and templates/, catalogue in locale/), then every installed app
    at the top of the checkout (grid, services, …), each with its own locale/."""
    base = Path(settings.BASE_DIR).resolve()
    return ["", *[config.name for config in apps.get_app_configs() if Path(config.path).resolve().parent == base]]


def fill_identity(po_path: Path) -> int:
    """Give every untranslated or fuzzy zh_Hans entry its own msgid (Chinese is the source language).

    A fuzzy entry holds msgmerge's guess from a similar old msgid ("日期" guessed as "星期"); msgfmt
    leaves fuzzy entries out, so the page showed the msgid anyway, and the entry now says so. The
    file is then laid out by GNU gettext's msgcat, as makemessages writes it, so only the entries
    that changed show in a diff. Returns the number of entries filled.
    """
    po = polib.pofile(str(po_path))
    filled = 0
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgstr and not fuzzy:
            continue
        if fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
        entry.msgstr = entry.msgid
        filled += 1
    po.save(str(po_path))
    if shutil.which("msgcat"):  # makemessages needs gettext anyway; without it polib's layout stays
        subprocess.run(["msgcat", "--output-file", str(po_path), str(po_path)], check=True)
    return filled


class Command(BaseCommand):
    help = "makemessages + zh_Hans identity fill + compilemessages for the project and each app."

    def add_arguments(self, parser):
        parser.add_argument("roots", nargs="*", help="only these apps (grid, services…; 'project' for the project)")

    def handle(self, *args, roots=(), **options):
        base = Path(settings.BASE_DIR)
        original = os.getcwd()
        every = locale_roots()
        wanted = [("" if root == "project" else root) for root in roots] or every
        try:
            for root in wanted:
                directory = base / root if root else base
                (directory / "locale").mkdir(exist_ok=True)
                os.chdir(directory)
                ignore = ["node_modules", ".venv", "static", "staticfiles", "tests", "benchmarks"]
                if not root:
                    ignore += [app for app in every if app]
                call_command("makemessages", locale=LANGUAGES, ignore_patterns=ignore, no_obsolete=True,
                             add_location="file", verbosity=0)
                call_command("makemessages", locale=LANGUAGES, domain="djangojs", ignore_patterns=ignore,
                             no_obsolete=True, add_location="file", verbosity=0)
                for po in (directory / "locale" / "zh_Hans" / "LC_MESSAGES").glob("*.po"):
                    fill_identity(po)
                call_command("compilemessages", verbosity=0, ignore=["node_modules", ".venv"])
                self.stdout.write(f"catalogues refreshed in {directory.relative_to(base) or '.'}")
        finally:
            os.chdir(original)
