#!/usr/bin/env python3
"""« Correspondance des colonnes » of an import (/admin/imports/{id}) as an administrator sees it, in headless Chromium
(Debian's, through Playwright), at 1 366 px and at phone width (390 px): a file of 24 columns with long titles and long
values gets one row per column (title, samples, target) that fits its card and the window, with drop-downs wide enough
to read their choice (issue #14, defect 2: the table was 2 338 px wide and cut « Raison sociale » to « Raisor »); the
choice made in a drop-down and « Ligne partiellement valide » are kept by « Appliquer ».

  python3 scripts/ui/import_mapping.py --base-url http://127.0.0.1:PORT
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import ADMIN, Checks, base_url, launch, overflow, sign_in
from playwright.sync_api import sync_playwright

TITLES = [
    "Raison sociale", "SIRET", "Adresse de facturation de l'établissement principal", "Code postal", "Ville",
    "Téléphone du standard", "Civilité", "Prénom", "Nom", "Fonction occupée dans l'entreprise", "E-mail",
    "Centres d'intérêt", "Chiffre d'affaires du dernier exercice clos", "Effectif", "Date de création",
    "Commentaire libre saisi par le commercial lors du premier rendez-vous", "Site web", "Code NAF / APE",
    "Numéro de TVA intracommunautaire", "Pays", "Mobile", "Date de naissance", "Rôle", "Source du contact",
]


def sample_csv():
    row = [
        "Cabinet Lemaître & Associés, conseil en gestion de patrimoine et courtage d'assurances", "73282932000074",
        "12 boulevard des Brotteaux, bâtiment B, 3e étage, porte gauche", "69006", "Lyon", "04 78 12 34 56", "Mme",
        "Hélène", "Lemaître", "Gérante et associée fondatrice", "helene.lemaitre-tres-longue-adresse@exemple.fr",
        "\"Assurance › Habitation ; Épargne › Retraite\"", "1 234 567,89", "12", "01/02/2003",
        "x" * 300, "https://www.cabinet-lemaitre-et-associes.example.fr/contact", "6622Z", "FR40732829320", "FR",
        "06 12 34 56 78", "12/03/1970", "Gérante", "Salon des CGP 2025",
    ]
    lines = [";".join(TITLES)] + [";".join(row)] * 3
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main():
    base = base_url()
    checks = Checks("import_mapping")
    check = checks.check


    def fits(page, width, label):
        """The mapping table inside its form and the window; every drop-down inside its row and readable."""
        check(overflow(page) <= 0, f"{label}: the page is {overflow(page)} px wider than the window")
        table = page.locator("table.import-mapping").bounding_box()
        form = page.locator("form.import-editor").bounding_box()
        check(table is not None and form is not None, f"{label}: no mapping table")
        if table is None or form is None:
            return
        check(table["x"] >= form["x"] - 0.5 and table["x"] + table["width"] <= form["x"] + form["width"] + 0.5,
              f"{label}: the table ({table['width']:.0f} px) overflows its card ({form['width']:.0f} px)")
        check(table["x"] + table["width"] <= width, f"{label}: the table ends at {table['x'] + table['width']:.0f} px")
        caption = page.locator("table.import-mapping caption").bounding_box()
        check(caption is not None and caption["width"] >= 0.8 * table["width"],
              f"{label}: the table's caption is squeezed ({caption and caption['width']:.0f} px)")
        rows = page.locator("table.import-mapping tbody tr").count()
        check(rows == len(TITLES), f"{label}: {rows} mapping rows for {len(TITLES)} columns")
        boxes = page.evaluate("""() => [...document.querySelectorAll('table.import-mapping select')].map(s => {
            const r = s.getBoundingClientRect(), row = s.closest('tr').getBoundingClientRect();
            return {left: r.left, right: r.right, width: r.width, rowLeft: row.left, rowRight: row.right,
                    text: s.options[s.selectedIndex].text};
        })""")
        narrow = [b for b in boxes if b["width"] < 180]
        check(not narrow, f"{label}: {len(narrow)} drop-downs narrower than 180 px (first: {narrow[:1]})")
        outside = [b for b in boxes if b["left"] < b["rowLeft"] - 0.5 or b["right"] > b["rowRight"] + 0.5 or b["right"] > width]
        check(not outside, f"{label}: {len(outside)} drop-downs stick out of their row or the window")
        # The chosen field reads whole: the select is wider than its text (measured with the select's own font).
        cut = page.evaluate("""() => {
            const canvas = document.createElement('canvas').getContext('2d');
            return [...document.querySelectorAll('table.import-mapping select')].filter(s => {
                const style = getComputedStyle(s);
                canvas.font = style.font;
                const text = canvas.measureText(s.options[s.selectedIndex].text).width;
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                return text + padding + 16 > s.clientWidth;   // 16 px: the arrow
            }).map(s => s.options[s.selectedIndex].text);
        }""")
        check(not cut, f"{label}: drop-downs too narrow for their choice: {cut[:3]}")
        first = page.locator("table.import-mapping tbody tr").first
        check("Raison sociale" in first.inner_text(), f"{label}: the first row does not name « Raison sociale »")
        samples = page.locator("table.import-mapping tbody tr").first.locator(".import-samples li").count()
        check(samples == 1, f"{label}: the first column shows {samples} distinct samples (1 expected)")

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base, ADMIN)
        page.goto(base + "/admin/imports")
        page.set_input_files("#import-file", files=[{"name": "colonnes-larges.csv", "mimeType": "text/csv",
                                                      "buffer": sample_csv()}])
        with page.expect_navigation():
            page.click("form.entity-form button[type=submit].primary")
        check("/admin/imports/" in page.url, f"the upload went to {page.url}")
        url = page.url.split("?")[0]
        fits(page, 1366, "1 366 px")
        selected = page.locator("#col-0").input_value()
        check(selected == "company.name", f"« Raison sociale » is suggested as {selected!r}")
        check(page.locator("input[name=partialRows][value=createValid]").is_checked(),
              "« créer ce qui est valide » is not the default")

        # « Appliquer » keeps a changed target and the choice for partly valid rows.
        check(page.locator("#col-4").input_value() != "", "« Ville » is not suggested")
        page.select_option("#col-4", "")
        page.check("input[name=partialRows][value=rejectRow]")
        with page.expect_navigation():
            page.click("button[name=next][value=save]")
        check(page.locator("#col-4").input_value() == "", "« Ville » is not ignored after « Appliquer »")
        check(page.locator("input[name=partialRows][value=rejectRow]").is_checked(), "« refuser la ligne entière » was not kept")

        phone = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        sign_in(phone, base, ADMIN)
        phone.goto(url)
        fits(phone, 390, "390 px")
        browser.close()

    checks.exit()


if __name__ == "__main__":
    main()
