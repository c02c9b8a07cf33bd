#!/usr/bin/env python3
"""The printed documents (issue #17) in headless Chromium at 1366 px and 390 px, from the keyboard where it matters:

- an invoice's page leads to « Aperçu » (the printed content in HTML: parties, lines, totals, legal mentions) and to
  « Facture électronique (Factur-X) », which says « Conforme » and lists three archived files, each « Intact »;
- the preview groups the SIRET as the printed footer does (« 843 217 654 00014 »), the e-invoice page says its billing
  framework in words (« M1 — dépôt d'une facture mixte… »);
- « Télécharger le PDF » serves a PDF (its bytes start with %PDF) and the Factur-X XML link an XML invoice;
- a quote's « Aperçu » shows « Devis » and « Valable jusqu'au », a delivery note and a stock movement print as PDF;
- at 390 px none of these pages is wider than the screen.

  python3 scripts/ui/documents_flow.py --base-url http://127.0.0.1:PORT
"""
import os, re, sys
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import ADMIN, Checks, base_url, launch, overflow, phone_page, sign_in, text_of


def first_link(page, base, path, state_text=None):
    """The first record of a list whose row mentions `state_text` (any when None)."""
    page.goto(base + path)
    rows = page.locator("table.list tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        if state_text is None or state_text in row.inner_text():
            return row.locator("a").first.get_attribute("href")
    return None


def fetch(page, url):
    """GET with the page's cookies: status, content type and the first bytes."""
    response = page.request.get(url)
    return response.status, response.headers.get("content-type", ""), response.body()[:64]


def main():
    base = base_url()
    checks = Checks("documents_flow")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base, email=ADMIN)
        invoice = first_link(page, base, "/invoices", "Payé")
        if not checks.check(invoice is not None, "no paid invoice in the demo's list"):
            checks.exit()
        page.goto(base + invoice)
        page.get_by_role("link", name="Aperçu").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        text = text_of(page, "main")
        checks.check("Émetteur" in text and "Client" in text, "preview: the parties are shown")
        checks.check("Total TTC" in text and "€" in text, "preview: the totals are shown")
        checks.check("SIRET" in text, "preview: the legal mentions are shown")
        checks.check(re.search(r"SIRE[NT] \d{9,14}\b", text) is None, f"preview: an identifier is not grouped: {re.findall(r'SIRE[NT] [0-9 ]+', text)}")
        page.goto(base + invoice)
        page.get_by_role("link", name="Facture électronique (Factur-X)").click()
        text = text_of(page, "main")
        checks.check("Conforme" in text, "e-invoice: the check says « Conforme »")
        framework = re.search(r"Cadre de facturation\s*\n?\s*(.+)", text)
        checks.check(framework is not None and " — " in framework.group(1), f"e-invoice: the billing framework is a bare code: {framework and framework.group(1)!r}")
        checks.check(text.count("Intact") == 3, f"e-invoice: three intact files, got {text.count('Intact')}")
        status, kind, head = fetch(page, base + invoice + "/pdf")
        checks.check(status == 200 and kind.startswith("application/pdf") and head.startswith(b"%PDF-"), f"PDF: {status} {kind} {head[:8]}")
        status, kind, head = fetch(page, base + invoice + "/facturx.xml")
        checks.check(status == 200 and b"<?xml" in head, f"Factur-X XML: {status} {kind}")
        quote = first_link(page, base, "/quotes", "Accepté") or first_link(page, base, "/quotes", "Validé")
        if checks.check(quote is not None, "no validated quote in the demo"):
            page.goto(base + quote + "/preview")
            text = text_of(page, "main")
            checks.check("Devis" in text and "Valable jusqu" in text, "quote preview: « Devis » and its validity")
            status, kind, head = fetch(page, base + quote + "/pdf")
            checks.check(status == 200 and head.startswith(b"%PDF-"), f"quote PDF: {status} {kind}")
        note = first_link(page, base, "/delivery-notes")
        if checks.check(note is not None, "no delivery note in the demo"):
            status, kind, head = fetch(page, base + note + "/pdf")
            checks.check(status == 200 and head.startswith(b"%PDF-"), f"delivery note PDF: {status} {kind}")
        movement = first_link(page, base, "/stock-movements")
        if checks.check(movement is not None, "no stock movement in the demo"):
            status, kind, head = fetch(page, base + movement + "/pdf")
            checks.check(status == 200 and head.startswith(b"%PDF-"), f"stock movement PDF: {status} {kind}")
        phone = phone_page(browser, signed_in_from=page)
        for path in [invoice, invoice + "/preview", invoice + "/e-invoice"] + ([quote + "/preview"] if quote else []):
            phone.goto(base + path)
            extra = overflow(phone)
            checks.check(extra <= 2, f"390 px: {path} scrolls {extra} px sideways")
        browser.close()
    checks.exit()


if __name__ == "__main__":
    main()
