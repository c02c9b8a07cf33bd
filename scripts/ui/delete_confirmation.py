#!/usr/bin/env python3
"""« Supprimer » with its confirmation page, as a user tries it in headless Chromium (Debian's, through Playwright), on the
demo: an interest tag with another one under it is refused (the page says why and offers no button); a new company with
a contact linked is deleted after the page said the link goes with it and the contact stays; a contact's data are
exported as a JSON download, then erased, and the page shows the placeholder.

  python3 scripts/ui/delete_confirmation.py --base-url http://127.0.0.1:PORT
"""
import os, json, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import Checks, base_url, launch
from playwright.sync_api import sync_playwright

def main():
    base = base_url()
    checks = Checks("delete_confirmation")
    check = checks.check
    stamp = str(int(time.time()))

    def submit(page, selector):
        with page.expect_navigation():
            page.click(selector)

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page.goto(base + "/login")
        page.fill("#email", "claire.dubois@cabinet-lefevre.fr")
        page.fill("#password", "demo-comptoir-2026")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # A tag with a child: the confirmation page names the blocker and offers no deletion.
        page.goto(base + "/tags/new")
        page.fill("#f-name", "Essai UI " + stamp)
        submit(page, "button.primary")
        parent_url = page.url
        page.goto(base + "/tags/new")
        page.fill("#f-name", "Sous-essai " + stamp)
        page.select_option("#f-parentId", label="Essai UI " + stamp)
        submit(page, "button.primary")
        page.goto(parent_url)
        submit(page, "a[href$='/delete']")
        blockers = page.locator("#deletion-blockers").inner_text() if page.locator("#deletion-blockers").count() else ""
        check("rangés dessous" in blockers, f"the blocked tag's page does not say why: {blockers!r}")
        check(page.locator("text=Supprimer définitivement").count() == 0, "a blocked deletion still offers its button")

        # A company with a contact: what goes and what stays, then the deletion.
        page.goto(base + "/companies/new")
        page.fill("#f-name", "Société à supprimer " + stamp)
        submit(page, "button.primary")
        company_url = page.url
        page.goto(base + "/contacts/new")
        page.fill("#f-lastName", "Témoin " + stamp)
        page.fill("#f-email", f"temoin.{stamp}@example.fr")
        submit(page, "button.primary")
        contact_url = page.url
        page.goto(company_url)
        page.fill("form[action$='/contacts'] input[name='target']", "Témoin " + stamp)
        submit(page, "form[action$='/contacts'] button")
        page.goto(company_url)
        submit(page, "a[href$='/delete']")
        removed = page.locator("#deletion-removed").inner_text()
        check("1 lien(s) avec des contacts" in removed, f"the page does not say the link goes: {removed!r}")
        check("journal d'audit" in page.locator("#deletion-kept").inner_text(), "the page does not say the history stays")
        submit(page, "text=Supprimer définitivement")
        flash = page.locator(".flash").inner_text() if page.locator(".flash").count() else ""
        check("Fiche supprimée" in flash, f"no confirmation after the deletion: {flash!r}")
        check(page.goto(company_url).status == 404, "the deleted company still opens")
        check(page.goto(contact_url).status == 200, "the contact went with the company")

        # Export, then erasure.
        with page.expect_download() as download:
            page.click("text=Exporter ses données")
        exported = json.loads(open(download.value.path(), encoding="utf-8").read())
        check(exported.get("contact", {}).get("email") == f"temoin.{stamp}@example.fr", "the export lacks the contact's e-mail")
        submit(page, "text=Effacer les données personnelles")
        submit(page, "text=Effacer définitivement")
        content = page.content()
        check("Contact effacé" in content and f"temoin.{stamp}" not in content, "the erased contact still shows their data")
        page.goto(base + "/search?q=temoin")
        check(f"Témoin {stamp}" not in page.content(), "the search still finds the erased contact")
        browser.close()

    checks.exit()

if __name__ == "__main__":
    main()
