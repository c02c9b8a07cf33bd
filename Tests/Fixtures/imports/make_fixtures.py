#!/usr/bin/env python3
"""Writes the import fixtures with Python's own codecs (independent of Comptoir's decoders):
the same companies and contacts as UTF-8 with BOM and `;`, Windows-1252 and `;` (French Excel),
UTF-8 and `,`, UTF-16 LE with BOM and tabs (Excel's « Texte Unicode »), UTF-8 and `|`."""
import csv
import io
import pathlib

HEADER = ["Raison sociale", "SIRET", "Nom", "Prénom", "E-mail", "Rôle", "Ville", "Centres d'intérêt"]
ROWS = [
    ["Société Générale Démo", "73282932000074", "Lefèvre", "Zoé", "zoe.lefevre@example.fr", "Gérante", "Lyon", "Assurance > Auto"],
    ["Société Générale Démo", "73282932000074", "Müller", "Gaëlle", "gaelle.muller@example.fr", "Comptable", "Lyon", "Assurance > Auto; Prospect"],
    ["Boulangerie d'Arc", "", "d'Arc", "Jeanne", "jeanne@example.fr", "Gérante", "Orléans", ""],
    ["", "", "Nguyen", "Loïc", "loic@example.fr", "", "Paris", "Particulier"],
]
FIXTURES = [
    ("utf8-bom-semicolon.csv", "utf-8-sig", ";"),
    ("windows1252-semicolon.csv", "cp1252", ";"),
    ("utf8-comma.csv", "utf-8", ","),
    ("utf16le-tab.txt", "utf-16", "\t"),  # Python's utf-16 writes a BOM, little-endian here
    ("utf8-pipe.csv", "utf-8", "|"),
]

here = pathlib.Path(__file__).parent
for name, encoding, separator in FIXTURES:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for row in ROWS:
        # The tag list holds `;`: quote it whatever the separator, as spreadsheets do for such cells.
        writer.writerow(row)
    data = text.getvalue()
    if separator != ";":
        data = data.replace("Assurance > Auto; Prospect", '"Assurance > Auto; Prospect"')
    (here / name).write_bytes(data.encode(encoding))
