"""The stock export of Benchmarks/Catalog/xlsx_export.sh written by openpyxl, for comparison with comptoir-xlsxbench.

    python3 xlsx_openpyxl.py [--rows 100000] [--write-only] OUT

Same rows (row_values mirrors stockRow in XLSXExportBench/main.swift), same layout: bold header, frozen pane,
autofilter, column widths, money and date number formats, a bold total row of SUM formulas (without cached values:
openpyxl does not calculate). Prints the rows and the seconds on stdout.
"""
import argparse
import datetime
import time

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CATEGORIES = ["Alimentation", "Boissons", "Hygiène", "Entretien", "Papeterie", "Électroménager", "Textile", "Jardin"]
WAREHOUSES = ["Entrepôt Lyon", "Entrepôt Marseille", "Dépôt Paris", "Magasin Lille"]
HEADER = ["Référence", "Désignation", "Catégorie", "Entrepôt", "En stock", "Entrées prévues", "Sorties prévues",
          "Disponible", "Seuil", "Valeur", "Dernier mouvement", "Actif"]
WIDTHS = [12, 40, 16, 20, 10, 10, 10, 10, 8, 14, 12, 7]
SUMMED = [4, 5, 6, 7, 9]  # 0-based columns of the total row
MONEY = '#,##0.00\\ "€"'
DATE = "dd/mm/yyyy"
FIRST_DAY = datetime.date(2026, 1, 1)
BOLD = Font(bold=True)


def row_values(i):
    category = CATEGORIES[i % len(CATEGORIES)]
    on_hand, incoming, outgoing = i * 37 % 500, i * 13 % 50, i * 7 % 40
    return ["P-%06d" % i, f"Produit {i} « {category} » & fils", category, WAREHOUSES[i % len(WAREHOUSES)],
            on_hand, incoming, outgoing, on_hand + incoming - outgoing, i % 10 * 5,
            on_hand * (100 + i * 97 % 10000) / 100, FIRST_DAY + datetime.timedelta(days=i % 365), i % 7 != 0]


def total_values(rows):
    values = [None] * len(HEADER)
    values[0] = "Total"
    for column in SUMMED:
        letter = get_column_letter(column + 1)
        values[column] = f"=SUM({letter}2:{letter}{rows + 1})"
    return values


def write_normal(rows, out):
    wb = Workbook()
    ws = wb.active
    ws.title = "Stock"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = BOLD
    for i in range(rows):
        ws.append(row_values(i))
        ws.cell(i + 2, 10).number_format = MONEY
        ws.cell(i + 2, 11).number_format = DATE
    ws.append(total_values(rows))
    for cell in ws[rows + 2]:
        cell.font = BOLD
    ws.cell(rows + 2, 10).number_format = MONEY
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{rows + 1}"
    wb.save(out)


def write_only(rows, out):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Stock")
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{rows + 1}"

    def styled(value, number_format=None, bold=False):
        cell = WriteOnlyCell(ws, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        return cell

    ws.append([styled(value, bold=True) for value in HEADER])
    for i in range(rows):
        values = row_values(i)
        values[9] = styled(values[9], MONEY)
        values[10] = styled(values[10], DATE)
        ws.append(values)
    ws.append([styled(value, MONEY if index == 9 else None, bold=True) for index, value in enumerate(total_values(rows))])
    wb.save(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--write-only", action="store_true")
    parser.add_argument("out")
    args = parser.parse_args()
    start = time.monotonic()
    (write_only if args.write_only else write_normal)(args.rows, args.out)
    mode = "openpyxl-write-only" if args.write_only else "openpyxl"
    print(f"{mode} rows={args.rows} seconds={time.monotonic() - start:.3f}")


if __name__ == "__main__":
    main()
