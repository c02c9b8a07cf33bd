"""Generates the XLSX fixtures read by Tests/ComptoirDocumentsTests/XLSX.

Run once from this folder with `python3 make_fixtures.py` (needs `openpyxl==3.1.5`); the .xlsx files are committed,
so the tests do not need Python. Expected values live in XLSXFixtureTests.swift: change both together.

- openpyxl-contacts.xlsx: what openpyxl writes (every string as an inline string, dates as serials with a number
  format, formulas without a cached value), with French companies and contacts, gaps and a missing row.
- openpyxl-1904.xlsx: a workbook in the 1904 date system (old Mac Excel).
- excel-like.xlsx: written by hand the way Excel writes it, for what openpyxl never produces: shared strings with
  rich-text runs and phonetic guides, `_x000D_` escapes, custom date formats, formulas with cached values, cells
  without `r` attributes (LibreOffice), a `x:`-prefixed sheet (Open XML SDK), parts not named sheetN.xml.
"""

import datetime
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

# Zip entries get a fixed date so that regenerating gives the same bytes.
FIXED = (2026, 1, 1, 0, 0, 0)


def contacts():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sociétés"
    ws.append(["Raison sociale", "SIREN", "Capital", "Création", "Dernier contact", "Active", "Commentaire", "Double", "Horaire"])
    ws.append(["Société Générale", 552120222, 1066714367.5, datetime.date(1964, 5, 4), datetime.datetime(2026, 3, 14, 9, 30),
               True, "Banque « historique »", "=C2*2", datetime.time(14, 5, 30)])
    ws.append(["Bœuf & Cie", 123456789, 12.5, datetime.date(2001, 2, 28), None, False, None, "=1+1"])
    # Row 4 is left out entirely; row 5 follows.
    ws.cell(row=5, column=1, value="Café de l'Œuvre")
    ws.cell(row=5, column=3, value=0.001)
    ws.cell(row=5, column=5, value=datetime.datetime(2026, 1, 1, 0, 0))
    ws.cell(row=5, column=6, value=True)
    ws.cell(row=5, column=7, value="Multi\nligne")
    for row in (2, 3):
        ws.cell(row=row, column=4).number_format = "DD/MM/YYYY"

    contacts = wb.create_sheet("Contacts")
    contacts.append(["Civilité", "Prénom", "Nom", "Société", "E-mail", "Téléphone"])
    contacts.append(["Mme", "Jeanne", "d'Arc", "Société Générale", "jeanne.darc@example.fr", "+33 6 12 34 56 78"])
    contacts.append(["M.", "Loïc", "Nguyễn", "Bœuf & Cie", "loic@example.fr", 612345678])
    contacts.append(["Mme", "Zoé", "Lefèvre-Œuvray", None, "", None])
    contacts.append(["<tag>", "a & b", '"guillemets"', "  espaces  "])

    wb.create_sheet("Vide")
    wb.save("openpyxl-contacts.xlsx")


def mac1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Dates"
    ws["A1"] = datetime.date(2026, 3, 14)
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["A2"] = datetime.datetime(1904, 1, 1, 12, 0)
    wb.save("openpyxl-1904.xlsx")


def serial(day):
    return (day - datetime.date(1899, 12, 30)).days


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def excel_like():
    parts = {}
    parts["[Content_Types].xml"] = HEADER + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/clients.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/notes-a.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        "</Types>"
    )
    parts["_rels/.rels"] = HEADER + (
        f'<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    # Workbook order differs from the rId and part-name order on purpose.
    parts["xl/workbook.xml"] = HEADER + (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        '<workbookPr defaultThemeVersion="166925"/>'
        '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840"/></bookViews>'
        '<sheets><sheet name="Clients &amp; prospects" sheetId="3" r:id="rId7"/>'
        '<sheet name="Notes" sheetId="1" r:id="rId2"/></sheets>'
        '<calcPr calcId="191029"/></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = HEADER + (
        f'<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId2" Type="{RELS}/worksheet" Target="worksheets/notes-a.xml"/>'
        f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId7" Type="{RELS}/worksheet" Target="/xl/worksheets/clients.xml"/>'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        'Target="https://example.fr/" TargetMode="External"/>'
        "</Relationships>"
    )
    strings = [
        "<si><t>Nom</t></si>",  # 0
        "<si><t>Ville</t></si>",  # 1
        '<si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t xml:space="preserve">Société </t></r>'
        '<r><rPr><i/><sz val="11"/></rPr><t>Générale</t></r></si>',  # 2
        '<si><t>Lyon</t><rPh sb="0" eb="4"><t>リヨン</t></rPh><phoneticPr fontId="1"/></si>',  # 3
        "<si><t>Ligne 1_x000D_\nLigne 2</t></si>",  # 4
        "<si><t>Caf&#xE9; &amp; Th&#233; &lt;bio&gt; &quot;ok&quot; &apos;x&apos;</t></si>",  # 5
        '<si><t xml:space="preserve">  Œuvre  </t></si>',  # 6
        "<si><t/></si>",  # 7
        "<si><t>Montant</t></si>",  # 8
        "<si><t>Date</t></si>",  # 9
    ]
    parts["xl/sharedStrings.xml"] = HEADER + (
        f'<sst xmlns="{MAIN}" count="14" uniqueCount="{len(strings)}">' + "".join(strings) + "</sst>"
    )
    formats = [
        (164, "[$-40C]d\\ mmmm\\ yyyy;@"),  # date, in a locale bracket
        (165, '"Le "dd/mm/yyyy'),  # date after quoted text
        (166, "[Red]0.00"),  # a number: the d of Red is inside brackets
        (167, '0.00" days"'),  # a number: the d and s of days are quoted
        (168, "[h]:mm:ss"),  # a duration: stays a number
        (169, "dd/mm/yyyy\\ hh:mm"),  # date and time
    ]
    xfs = [0, 164, 165, 166, 167, 14, 20, 168, 169, 4]
    parts["xl/styles.xml"] = HEADER + (
        f'<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(formats)}">'
        + "".join(f'<numFmt numFmtId="{i}" formatCode="{c.replace(chr(34), "&quot;")}"/>' for i, c in formats)
        + "</numFmts>"
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        # cellStyleXfs holds xf elements too: a date one here must not shift the cell formats below.
        '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">'
        + "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' for i in xfs)
        + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    march14 = serial(datetime.date(2026, 3, 14))
    rows = [
        '<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>8</v></c><c r="D1" t="s"><v>9</v></c></row>',
        '<row r="2" spans="1:5" x14ac:dyDescent="0.25"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>'
        f'<c r="C2" s="9"><v>1234.5</v></c><c r="D2" s="1"><v>{march14}</v></c>'
        f'<c r="E2" s="2"><v>{serial(datetime.date(2025, 1, 1))}</v></c></row>',
        # LibreOffice style: cells without r attributes.
        '<row r="3"><c t="s"><v>5</v></c><c t="s"><v>4</v></c><c s="3"><v>-12.5</v></c><c s="4"><v>3</v></c></row>',
        # Row 4 is missing; row 6 has no r attribute and follows row 5.
        '<row r="5"><c r="B5" t="s"><v>6</v></c><c r="E5" t="b"><v>1</v></c></row>',
        '<row><c r="A6" t="str"><f>UPPER(B2)</f><v>LYON</v></c><c r="B6" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="C6"><f>C2*2</f><v>2469</v></c><c r="D6" s="6"><v>0.52083333333333337</v></c>'
        f'<c r="E6" s="7"><v>1.5</v></c><c r="F6" s="8"><v>{march14}.75</v></c></row>',
        '<row r="7"><c r="A7"><v>1.0000000000000001E-3</v></c><c r="B7"><v>0.30000000000000004</v></c>'
        '<c r="C7"><v>1E-3</v></c><c r="D7"><v>12.0</v></c><c r="E7" s="5"><v>60</v></c>'
        '<c r="F7" t="inlineStr"><is><t>en ligne &amp; inline</t></is></c><c r="G7" s="5"/><c r="H7" t="s"><v>7</v></c></row>',
        '<row r="8"><c r="A8" s="5"><v>1</v></c><c r="B8" s="5"><v>59</v></c><c r="C8" s="5"><v>61</v></c>'
        '<c r="D8"><v>-0</v></c><c r="E8"><v>123456789012345678</v></c><c r="F8"><v>1.5E+20</v></c></row>',
    ]
    parts["xl/worksheets/clients.xml"] = HEADER + (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}">'
        '<dimension ref="A1:H8"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData>'
        + "".join(rows)
        + '</sheetData><mergeCells count="1"><mergeCell ref="A10:B10"/></mergeCells>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    # Open XML SDK style: prefixed elements, no r attributes, a comment.
    parts["xl/worksheets/notes-a.xml"] = HEADER + (
        f'<x:worksheet xmlns:x="{MAIN}"><!-- written like the Open XML SDK --><x:sheetData>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>Note</x:t></x:is></x:c></x:row>'
        "<x:row><x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    with zipfile.ZipFile("excel-like.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    contacts()
    mac1904()
    excel_like()
