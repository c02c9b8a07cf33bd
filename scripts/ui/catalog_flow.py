#!/usr/bin/env python3
"""The catalogue as a user tries it, in headless Chromium (Debian's, through Playwright), on the demo: a stock movement
with a bad quantity comes back with the line named and the input kept, is saved, validated (the stock changes, the
serial number picked is delivered), and the stock state and the movement form fit a phone (390 px) without scrolling
sideways.

  python3 scripts/ui/catalog_flow.py --base-url http://127.0.0.1:PORT
"""
import argparse, sys
from playwright.sync_api import sync_playwright

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    base = parser.parse_args().base_url
    passed, failures = 0, []

    def check(ok, message):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(message)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(base + "/login")
        page.fill("#email", "claire.dubois@cabinet-lefevre.fr")
        page.fill("#password", "demo-comptoir-2026")
        with page.expect_navigation():
            page.keyboard.press("Enter")

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
        summary = page.locator(".error-summary").inner_text() if page.locator(".error-summary").count() else ""
        check("Ligne 1 : quantité invalide « abc »" in summary, f"the error does not name line 1: {summary!r}")
        check(page.input_value("#l1-serials") == "PC-PRO14-26-0003", "the serial typed on line 2 was lost")
        check(page.get_attribute("#l0-quantity", "aria-invalid") == "true", "the bad quantity is not marked invalid")
        page.fill("#l0-quantity", "3")
        with page.expect_navigation():
            page.click("button.primary")
        check("Brouillon" in page.content(), "the saved movement is not a draft")
        with page.expect_navigation():
            page.click("text=Valider")
        flash = page.locator(".flash").inner_text() if page.locator(".flash").count() else ""
        check("validé : le stock est à jour" in flash, f"validation did not say so: {flash!r}")
        check(page.locator("text=Annuler par un mouvement inverse").count() == 1, "a validated movement offers no reversal")
        check(page.locator("text=Modifier").count() == 0, "a validated movement still offers « Modifier »")
        page.goto(base + "/serial-numbers?q=PC-PRO14-26-0003")
        row = page.locator("table.list tbody tr").first.inner_text() if page.locator("table.list tbody tr").count() else ""
        check("Livré" in row, f"the delivered serial does not show as delivered: {row!r}")

        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone.context.add_cookies(page.context.cookies())
        for path in ["/stock", "/stock-movements/new?kind=incoming", "/delivery-notes/new"]:
            phone.goto(base + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            check(width <= 390, f"{path} is {width} px wide on a 390 px phone")
        browser.close()

    print(f"catalog_flow: {passed} passed, {len(failures)} failed")
    for failure in failures:
        print("  FAILED: " + failure)
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
