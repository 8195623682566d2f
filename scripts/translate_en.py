"""Fill English msgstrs in a catalogue from a JSON glossary: `translate_en.py PO GLOSSARY.json`.

A helper for translators: entries already translated are kept; the glossary maps Chinese
msgids to English. Run `make messages` afterwards to compile.
"""

import json
import sys

import polib


def main(po_path: str, glossary_path: str) -> None:
    with open(glossary_path, encoding="utf-8") as handle:
        glossary = json.load(handle)
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        if entry.msgstr:
            continue
        if entry.msgid in glossary:
            entry.msgstr = glossary[entry.msgid]
        else:
            missing.append(entry.msgid)
    po.save()
    po.save_as_mofile(po_path[:-3] + ".mo")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(*sys.argv[1:])
