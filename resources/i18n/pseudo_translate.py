#!/usr/bin/env python3
"""Makes golive's pseudo-locale from the strings lupdate found: every text about 40 % longer,
its letters accented, in brackets, so that a label too narrow for a real translation, or a
string that never went through tr(), shows in a screenshot. Placeholders (%1, %L2, %n),
mnemonics (&File), HTML tags and entities, and line breaks stay as they are.

    pseudo_translate.py TEMPLATE.ts OUT.ts
"""
import math
import re
import sys
import xml.etree.ElementTree as ET

ACCENTS = str.maketrans(
    "aeiouyAEIOUYcnCNsSzZgG",
    "áéîöüýÅÉÎÖÜÝçñÇÑšŠžŽğĞ",
)
# What must survive as it is: tags, entities, placeholders, a mnemonic (the ampersand and its
# letter, so that Alt and the letter still work).
KEEP = re.compile(r"(<[^>]*>|&[a-zA-Z#0-9]+;|%L?\d+|%n|&&|&\S)")


def pseudo(text: str) -> str:
    if not text.strip():
        return text
    parts = KEEP.split(text)
    out = []
    letters = 0
    for i, part in enumerate(parts):
        if i % 2 == 1:  # kept as it is
            out.append(part)
        else:
            out.append(part.translate(ACCENTS))
            letters += sum(1 for c in part if c.isalnum())
    pad = "~" * max(1, math.ceil(letters * 0.4))
    body = "".join(out)
    # A line break stays a line break: the padding goes on the first line.
    first, sep, rest = body.partition("\n")
    return "[" + first + " " + pad + "]" + sep + rest


def main() -> int:
    template, target = sys.argv[1], sys.argv[2]
    tree = ET.parse(template)
    root = tree.getroot()
    root.set("language", "en_XA")
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform") or []
            if not forms:
                forms = [ET.SubElement(translation, "numerusform")]
            for form in forms:
                form.text = pseudo(source)
        else:
            translation.text = pseudo(source)
    tree.write(target, encoding="utf-8", xml_declaration=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
