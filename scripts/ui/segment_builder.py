#!/usr/bin/env python3
"""The segment form as a condition builder, as a user tries it in headless Chromium (Debian's, through Playwright), on the
demo (issue #14): at 390 px with the keyboard, rows are added (focus in the new row's field), operators follow the field
(« après le » for a date), « entre » shows a second box and « est vide » none, a bad row comes back named with every row
kept, the segment saves and counts its records; without scripts, « Ajouter une condition » submits and the page comes
back with one more row. A demo segment's edit page shows its list query as conditions; a company page shows its country
by name; the readable personal-data export downloads as HTML.

  python3 scripts/ui/segment_builder.py --base-url http://127.0.0.1:PORT
"""
import argparse, sys, time
from playwright.sync_api import sync_playwright

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    base = parser.parse_args().base_url
    passed, failures = 0, []
    stamp = str(int(time.time()))

    def check(ok, message):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(message)

    def login(page):
        page.goto(base + "/login")
        page.fill("#email", "claire.dubois@cabinet-lefevre.fr")
        page.fill("#password", "demo-comptoir-2026")
        with page.expect_navigation():
            page.keyboard.press("Enter")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
        page = context.new_page()
        login(page)

        # A demo segment saved as a list query reads as conditions.
        page.goto(base + "/segments")
        with page.expect_navigation():
            page.click("main a:text-is('Clients lyonnais')")
        segment_url = page.url
        check("Ville — Adresse de facturation contient « Lyon »" in page.inner_text("main"), "the demo segment's conditions are not in words")
        page.goto(segment_url + "/edit")
        check(page.input_value("#c0-field") == "billingCity" and page.input_value("#c0-value") == "Lyon",
              "the demo segment's edit form does not show its first condition")

        # A new segment, by keyboard, at phone width.
        page.goto(base + "/segments/new")
        page.fill("#f-name", "Essai UI " + stamp)
        page.select_option("#f-entity", "contacts")
        page.focus("#c0-field")
        page.select_option("#c0-field", "addressCity")
        ops = page.locator("#c0-op option").all_inner_texts()
        check(ops[:4] == ["est", "n'est pas", "contient", "commence par"] and "entre" not in ops, f"a text field's operators: {ops}")
        page.select_option("#c0-op", "startsWith")
        page.fill("#c0-value", "Ly")
        page.focus("[data-segment-add]")
        page.keyboard.press("Enter")
        second = page.evaluate("document.activeElement.id")
        check(second.endswith("-field") and second != "c0-field", f"the focus is not in the new row: {second!r}")
        page.select_option("#" + second, "birthDate")
        op = "#" + second.replace("-field", "-op")
        check(page.locator(op + " option").all_inner_texts()[:3] == ["le", "après le", "avant le"], "a date's operators are not in words")
        page.select_option(op, "between")
        check(page.is_visible("#" + second.replace("-field", "-value2")), "« entre » shows no second box")
        page.fill("#" + second.replace("-field", "-value"), "01/01/1960")
        page.fill("#" + second.replace("-field", "-value2"), "pas une date")
        page.focus("[data-segment-add]")
        page.keyboard.press("Enter")
        third = page.evaluate("document.activeElement.id")
        page.select_option("#" + third, "addressPostcode")
        page.select_option("#" + third.replace("-field", "-op"), "empty")
        check(not page.is_visible("#" + third.replace("-field", "-value")), "« est vide » still shows a value box")
        page.select_option("#segment-match", "any")
        width = page.evaluate("document.documentElement.scrollWidth")
        check(width <= 390, f"the builder is {width} px wide at 390 px")
        with page.expect_navigation():
            page.click("button.primary")
        summary = page.inner_text(".error-summary") if page.locator(".error-summary").count() else ""
        check("Condition 2 (Date de naissance)" in summary, f"the bad row is not named: {summary!r}")
        check(page.locator(".segment-row").count() == 3, "the rows are not all kept after an error")
        check(page.locator(".segment-row.has-error").count() == 1, "the row at fault is not marked")
        bad = page.locator(".segment-row.has-error [data-segment-value2] input")
        bad.fill("31/12/1990")
        with page.expect_navigation():
            page.click("button.primary")
        text = page.inner_text("main")
        check("Segment créé" in text and "Au moins une des conditions" in text and "fiche(s) aujourd'hui" in text,
              "the segment is not saved with its conditions and count")
        context.close()

        # Without scripts: « Ajouter une condition » submits and the form comes back with one more row.
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
        page = context.new_page()
        login(page)
        page.goto(base + "/segments/new")
        page.select_option("#c0-field", "billingCity")
        page.fill("#c0-value", "Lyon")
        with page.expect_navigation():
            page.click("[data-segment-add]")
        check(page.locator(".segment-row").count() == 2 and page.input_value("#c0-value") == "Lyon",
              "without scripts, adding a row loses the rows or adds none")
        context.close()

        # Country names and the readable export.
        context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = context.new_page()
        login(page)
        page.goto(base + "/companies/new")
        check(page.locator("#f-billingCountry option").first.inner_text() in ("—", "France"), "the country select does not start with France")
        page.fill("#f-name", "Chocolaterie UI " + stamp)
        page.select_option("#f-billingCountry", label="Belgique")
        with page.expect_navigation():
            page.click("button.primary")
        check("Belgique" in page.inner_text("main"), "the company page shows no country name")
        page.goto(base + "/contacts/new")
        page.fill("#f-lastName", "Export " + stamp)
        with page.expect_navigation():
            page.click("button.primary")
        with page.expect_download() as download:
            page.click("text=Version lisible")
        path = download.value.path()
        html = open(path, encoding="utf-8").read()
        check(download.value.suggested_filename.endswith(".html") and "<h2>Historique de la fiche</h2>" in html and "<script" not in html,
              "the readable export is not a standalone HTML page")
        browser.close()

    print(f"segment_builder: {passed} passed, {len(failures)} failed")
    for failure in failures:
        print("  FAILED:", failure)
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
