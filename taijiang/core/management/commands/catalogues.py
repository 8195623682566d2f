"""Refresh and compile the translation catalogues of the project and of every app.

The source language is zh-hans: msgids are the Chinese texts written in the code. Each locale
root gets an `en` catalogue (the English translation, filled by hand) and a `zh_Hans` one whose
entries start as the msgid itself, so wording can be adjusted without touching the code.
Needs GNU gettext (xgettext, msgfmt) on the developer's machine; the compiled .mo files are
committed, so running the portal does not.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCALE_ROOTS = ["", "grid", "services", "appeals", "spaces", "rota", "workload"]  # "" is the project (taijiang/, templates/)
LANGUAGES = ["en", "zh_Hans"]


def fill_identity(po_path: Path) -> int:
    """Give every untranslated zh_Hans entry its own msgid (Chinese is the source language)."""
    text = po_path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    filled = 0
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        if "#, fuzzy" in block and index != 0:
            lines = [line.replace("#, fuzzy", "#").rstrip() for line in lines if line.strip() != "#, fuzzy"]
        try:
            start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            end = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        except StopIteration:
            continue
        msgstr_lines = lines[end:]
        if lines[start] == 'msgid ""' and start + 1 == end:
            continue  # the header
        if msgstr_lines != ['msgstr ""']:
            continue
        if any(line.startswith("msgid_plural") for line in lines):
            continue
        msgid_lines = lines[start:end]
        lines[end:] = ["msgstr " + msgid_lines[0][len("msgid "):], *msgid_lines[1:]]
        blocks[index] = "\n".join(lines)
        filled += 1
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


class Command(BaseCommand):
    help = "makemessages + zh_Hans identity fill + compilemessages for the project and each app."

    def add_arguments(self, parser):
        parser.add_argument("roots", nargs="*", help="only these apps (grid, services…; 'project' for the project)")

    def handle(self, *args, roots=(), **options):
        base = Path(settings.BASE_DIR)
        original = os.getcwd()
        wanted = [("" if root == "project" else root) for root in roots] or LOCALE_ROOTS
        try:
            for root in wanted:
                directory = base / root if root else base
                (directory / "locale").mkdir(exist_ok=True)
                os.chdir(directory)
                ignore = ["node_modules", ".venv", "static", "staticfiles", "tests", "benchmarks"]
                if not root:
                    ignore += [app for app in LOCALE_ROOTS if app]
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
