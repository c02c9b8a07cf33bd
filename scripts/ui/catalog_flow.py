#!/usr/bin/env python3
"""The catalogue as a user tries it, in headless Chromium (Debian's, through Playwright), on the demo: a stock movement
with a bad quantity comes back with the line named and the input kept, is saved, validated (the stock changes, the
serial number picked is delivered); a warehouse's locations and what sits there; a location typed wrong on a
transfer is named; a serial put away at a location is scrapped from its page with the keyboard (« Mettre au rebut… »
prepares the draft, « Valider » takes it out); and the stock state and the movement form fit a phone (390 px).

  python3 scripts/ui/catalog_flow.py --base-url http://127.0.0.1:PORT
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import Checks, base_url, launch, overflow, phone_page, sign_in, text_of
from playwright.sync_api import sync_playwright


def main():
    base = base_url()
    checks = Checks("catalog_flow")
    check = checks.check
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base)

        page.goto(base + "/stock?view=below-threshold")
        check(page.locator("table.list tbody tr").count() > 0, "« Bientôt hors stock » is empty on the demo")
        page.goto(base + "/stock-movements/new?kind=outgoing")
        page.fill("#l0-product", "CAB-HDMI-2")
        page.fill("#l0-quantity", "abc")
        page.fill("#l1-product", "PC-PRO14")
        page.fill("#l1-quantity", "1")
        page.fill("#l1-serials", "PC-PRO14-26-0003")
        with page.expect_navigation():
            page.click("button.primary")
        summary = text_of(page, ".error-summary")
        check("Ligne 1 : quantité invalide « abc »" in summary, f"the error does not name line 1: {summary!r}")
        check(page.input_value("#l1-serials") == "PC-PRO14-26-0003", "the serial typed on line 2 was lost")
        check(page.get_attribute("#l0-quantity", "aria-invalid") == "true", "the bad quantity is not marked invalid")
        page.fill("#l0-quantity", "3")
        with page.expect_navigation():
            page.click("button.primary")
        check("Brouillon" in page.content(), "the saved movement is not a draft")
        with page.expect_navigation():
            page.click("text=Valider")
        flash = text_of(page, ".flash")
        check("validé : le stock est à jour" in flash, f"validation did not say so: {flash!r}")
        check(page.locator("text=Annuler par un mouvement inverse").count() == 1, "a validated movement offers no reversal")
        check(page.locator("text=Modifier").count() == 0, "a validated movement still offers « Modifier »")
        page.goto(base + "/serial-numbers?q=PC-PRO14-26-0003")
        row = text_of(page, "table.list tbody tr")
        check("Livré" in row, f"the delivered serial does not show as delivered: {row!r}")

        # Locations: the demo's second warehouse has three, with stock put away there.
        page.goto(base + "/warehouses")
        with page.expect_navigation():
            page.click("a:has-text('Villeurbanne — Dépôt')")
        check(page.locator("td:has-text('Allée A — étagère 1')").count() >= 1, "the warehouse's page lists no location")
        check(page.locator("text=Stock par emplacement").count() == 1, "the warehouse's page shows no stock by location")
        page.goto(base + "/stock-movements/new?kind=transfer")
        page.fill("#l0-product", "CAB-HDMI-2")
        page.fill("#l0-quantity", "1")
        page.fill("#l0-location", "Z-99")
        with page.expect_navigation():
            page.click("button.primary")
        summary = text_of(page, ".error-summary")
        check("« Z-99 » n'existe pas" in summary, f"a wrong location is not named: {summary!r}")
        check(page.input_value("#l0-location") == "Z-99", "the location typed was lost")

        # « Mise au rebut » of a unit put away at B-01, from the keyboard.
        page.goto(base + "/serial-numbers?q=PC-PRO14-26-0005")
        with page.expect_navigation():
            page.click("a:has-text('PC-PRO14-26-0005')")
        check(page.locator("dd:has-text('B-01')").count() == 1, "the serial's page does not say where it is put away")
        scrap = page.locator("button:has-text('Mettre au rebut')")
        if check(scrap.count() == 1, "an in-stock serial offers no « Mettre au rebut… »"):
            scrap.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            check("Brouillon de mise au rebut créé" in text_of(page, ".flash"), "scrapping did not prepare a draft")
            check(page.locator("dd:text-is('Mise au rebut')").count() == 1, "the draft does not say « Mise au rebut »")
            with page.expect_navigation():
                page.click("button:has-text('Valider')")
        page.goto(base + "/serial-numbers?q=PC-PRO14-26-0005")
        row = text_of(page, "table.list tbody tr")
        check("Mis au rebut" in row, f"the scrapped serial does not show as scrapped: {row!r}")

        phone = phone_page(browser, signed_in_from=page)
        for path in ["/stock", "/stock-movements/new?kind=incoming", "/stock-movements/new?kind=transfer", "/delivery-notes/new"]:
            phone.goto(base + path)
            check(overflow(phone) <= 0, f"{path} scrolls {overflow(phone)} px sideways on a 390 px phone")
        browser.close()
    checks.exit()


if __name__ == "__main__":
    main()
