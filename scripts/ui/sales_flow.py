#!/usr/bin/env python3
"""Sales as a user tries them, in headless Chromium (Debian's, through Playwright), on the demo: the invoices list shows
the demo's states; a new invoice with a bad VAT rate comes back with the line named and the input kept, is saved,
validated (it gets its number) and paid from the keyboard (« Enregistrer un versement »); the order invoiced in three
installments shows what remains to invoice; a supplier's UBL invoice is imported (« Importer une facture reçue ») after
a file that is none comes back on the form; « Tableau de bord ventes » draws its chart with the figures as a table and
ages the unpaid invoices; the demo's training project shows its « Marge » at a loss and the projects list filters the
losses; the lists, the forms, a document page, the dashboard and the margin panel fit a phone (390 px).

A new user's walk (docs/DECISIONS.md, « Sales pages as a new user meets them »): a quote of three lines (free text, a
product, two VAT rates) sent with an empty customer, a negative quantity, a bad VAT rate and letters in a price comes
back with each named (and a 31 February) and « 1 234,50 » kept; saved, validated (« validé. »), accepted and turned into an order whose page
links its quote (« Documents liés »); the demo's order invoiced in installments no longer offers « Facturer la
commande »; a payment of « douze » names the amount alone; a supplier order becomes a supplier invoice, validated and
paid from its page (« Enregistrer un versement », a payment sent). The read-only user reads the same pages without an
action and gets 403 on the forms; an extranet guest gets 404 on every one of them.

  python3 scripts/ui/sales_flow.py --base-url http://127.0.0.1:PORT
"""
import os, re, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import GUEST, READ_ONLY, Checks, base_url, launch, overflow, phone_page, sign_in, text_of
from playwright.sync_api import sync_playwright


# A supplier's UBL 2.1 invoice: 2 × 30,00 € at 20 % (SIREN 380129866, unknown to the demo).
UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>FV-UI-1</cbc:ID>
  <cbc:IssueDate>2026-11-20</cbc:IssueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:StreetName>4 rue du Fer</cbc:StreetName><cbc:CityName>Nantes</cbc:CityName>
      <cbc:PostalZone>44000</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Quincaillerie de l'Erdre</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0002">380129866</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Demo</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">12.00</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">60.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">12.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">60.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">60.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">72.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">72.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">60.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Étau d'établi</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">30.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>
"""


def spaces(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def quote_walk(page, base, check):
    """The quote's walk: mistakes named and kept, then validated, accepted, converted; the order links its quote."""
    page.goto(base + "/quotes/new")
    page.fill("#l0-description", "Audit de la paie")
    page.fill("#l0-quantity", "-2")
    page.fill("#l0-unitPrice", "1 234,50")
    page.fill("#l0-vatRate", "20")
    page.fill("#l1-product", "ECR-24")
    page.fill("#l1-quantity", "3")
    page.fill("#l1-vatRate", "19,6")
    page.fill("#l2-description", "Formation")
    page.fill("#l2-quantity", "1")
    page.fill("#l2-unitPrice", "abc")
    page.fill("#l2-vatRate", "5,5")
    page.fill("#f-validUntil", "31/02/2027")
    with page.expect_navigation():
        page.click("button.primary")
    summary = spaces(text_of(page, ".error-summary"))
    for expected in ["Valable jusqu'au : Date invalide", "Société", "Ligne 1 : la quantité doit être positive", "Ligne 2 : taux de TVA", "Ligne 3 : montant invalide"]:
        check(expected in summary, f"quote: « {expected} » is not named: {summary!r}")
    check(page.input_value("#l0-unitPrice") == "1 234,50", "quote: the French amount typed was lost")
    check(page.input_value("#l2-unitPrice") == "abc", "quote: the bad price typed was lost")
    page.fill("#f-company", "Renault Architecture")
    page.fill("#l0-quantity", "2")
    page.fill("#l1-vatRate", "20")
    page.fill("#l2-unitPrice", "350")
    page.fill("#f-validUntil", "31/01/2027")
    page.select_option("#f-nature", "both")
    with page.expect_navigation():
        page.click("button.primary")
    totals = spaces(text_of(page, "dl.totals"))
    check("TVA 5,5 % sur 350,00 €" in totals and "3 976,45 €" in totals, f"quote: totals per VAT rate are wrong: {totals!r}")
    quote = page.url.replace(base, "")
    with page.expect_navigation():
        page.click("button:has-text('Valider')")
    flash = text_of(page, ".flash")
    check(re.search(r"Devis DE\d{4}-\d{5} validé\.", flash) is not None, f"quote: the validation reads {flash!r}")
    with page.expect_navigation():
        page.click("button:has-text('Accepté par le client')")
    with page.expect_navigation():
        page.click("button:has-text('Créer le bon de commande')")
    check("à partir du devis DE" in text_of(page, ".flash"), f"order: the flash does not name the quote: {text_of(page, '.flash')!r}")
    check(page.locator(f"main a[href='{quote}']").count() >= 1, "order: « Documents liés » does not link its quote")
    return quote


def roles_walk(browser, base, paths, check):
    """The read-only user reads every Sales page without an action and is refused the forms (403); an extranet guest is
    told every internal Sales page does not exist (404). Never a 500."""
    reader = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(reader, base, email=READ_ONLY)
    for path in paths:
        status = reader.goto(base + path).status
        check(status == 200, f"read-only: {path} answers {status}")
        actions = [b.inner_text() for b in reader.locator("main form button[type=submit]:not(:has-text('Filtrer'))").all()]
        check(not actions, f"read-only: {path} offers {actions}")
        check(reader.locator("main a:has-text('Enregistrer un versement'), main a:has-text('Modifier')").count() == 0, f"read-only: {path} links a write")
    for path in ["/quotes/new", "/invoices/new", "/supplier-invoices/import", paths[-1] + "/edit"]:
        status = reader.goto(base + path).status
        check(status == 403 and "Accès refusé" in text_of(reader, "h1"), f"read-only: {path} answers {status}, not 403")
    reader.close()
    guest = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(guest, base, email=GUEST)
    for path in paths + ["/quotes/new", "/payments"]:
        status = guest.goto(base + path).status
        check(status == 404 and "Page introuvable" in text_of(guest, "h1"), f"guest: {path} answers {status}")
    guest.close()


def main():
    base = base_url()
    checks = Checks("sales_flow")
    check = checks.check
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base)
        page.on("dialog", lambda dialog: dialog.accept())
        quote = quote_walk(page, base, check)

        page.goto(base + "/invoices")
        body = page.content()
        check(page.locator("table.list tbody tr").count() >= 5, "the demo's invoices are not listed")
        check("Partiellement payé" in body and "Payé" in body, "the demo's invoice states are not shown")

        page.goto(base + "/invoices/new")
        page.fill("#f-company", "Boulangerie")
        page.fill("#f-dueDate", "31/12/2026")
        page.select_option("#f-nature", "services")
        page.fill("#l0-description", "Accompagnement « retraite »")
        page.fill("#l0-quantity", "2")
        page.fill("#l0-unitPrice", "450")
        page.fill("#l0-vatRate", "7")
        with page.expect_navigation():
            page.click("button.primary")
        summary = text_of(page, ".error-summary")
        check("Ligne 1" in summary, f"a bad VAT rate does not name its line: {summary!r}")
        check(page.input_value("#l0-unitPrice") == "450", "the price typed was lost")
        page.fill("#l0-vatRate", "20")
        with page.expect_navigation():
            page.click("button.primary")
        totals = text_of(page, "dl.totals").replace("\u00a0", " ").replace("\u202f", " ")
        check("1 080,00 €" in totals, f"the draft's total incl. VAT is not 1 080,00 €: {totals!r}")
        with page.expect_navigation():
            page.click("button:has-text('Valider')")
        heading = text_of(page, "h1")
        check(re.search(r"FA\d{4}-\d{5}", heading) is not None, f"the validated invoice has no number: {heading!r}")
        link = page.locator("a:has-text('Enregistrer un versement')")
        if check(link.count() == 1, "a validated invoice offers no « Enregistrer un versement »"):
            with page.expect_navigation():
                link.click()
            page.fill("#f-wording", "Acompte")
            page.fill("#f-amount", "douze")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            summary = text_of(page, ".error-summary")
            check("Montant" in summary and "rien n'y reste dû" not in summary, f"a bad amount is not named alone: {summary!r}")
            page.fill("#f-amount", "500")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            check("Versement enregistré" in text_of(page, ".flash"), "the payment was not recorded from the keyboard")
            check("Partiellement payé" in page.content(), "the invoice is not partially paid after 500 €")

        page.goto(base + "/orders?state=validated")
        orders = page.locator("table.list tbody a")
        if check(orders.count() >= 1, "the demo's order is not listed"):
            with page.expect_navigation():
                orders.first.click()
            body = page.content()
            check("Reste à facturer" in body, "the order shows no billing ledger")
            check("Facture de solde" in body and "acompte" in body, "the order does not list its installment invoices")
            check(page.locator("button:has-text('Facturer la commande')").count() == 0, "an invoiced order offers « Facturer la commande »")

        order_path = page.url.replace(base, "")
        # « Importer une facture reçue »: a UBL invoice from a supplier the demo does not know, then a file that is none.
        page.goto(base + "/supplier-invoices")
        with page.expect_navigation():
            page.click("a:has-text('Importer une facture reçue')")
        page.set_input_files("#f-file", files=[{"name": "lettre.txt", "mimeType": "text/plain", "buffer": b"Bonjour"}])
        with page.expect_navigation():
            page.click("button.primary")
        check("ni un PDF ni un XML" in text_of(page, ".error-summary"), "a file that is no invoice is not refused on the form")
        page.set_input_files("#f-file", files=[{"name": "FV-UI-1.xml", "mimeType": "application/xml", "buffer": UBL.encode()}])
        with page.expect_navigation():
            page.click("button.primary")
        flash = text_of(page, ".flash")
        check("FV-UI-1 importée en brouillon" in flash, f"the import does not land on its draft: {flash!r}")
        check("Fournisseur créé" in flash and "Quincaillerie" in flash, f"the created supplier is not said: {flash!r}")
        check("FV-UI-1.xml" in page.content(), "the received file is not attached to the draft")
        imported = page.url.replace(base, "")

        # A supplier order becomes a supplier invoice.
        page.goto(base + "/supplier-orders/new")
        page.fill("#f-company", "Comptoir Français de Négoce")
        page.fill("#l0-product", "PC-AIR13")
        page.fill("#l0-quantity", "2")
        with page.expect_navigation():
            page.click("button.primary")
        with page.expect_navigation():
            page.click("button:has-text('Valider')")
        check("validée." in text_of(page, ".flash"), f"a supplier order is not « validée »: {text_of(page, '.flash')!r}")
        supplier_order = page.url.replace(base, "")
        with page.expect_navigation():
            page.click("button:has-text('Créer la facture fournisseur')")
        check("/supplier-invoices/" in page.url, "« Créer la facture fournisseur » does not land on a supplier invoice")
        check(page.locator(f"main a[href='{supplier_order}']").count() >= 1, "the supplier invoice does not link its order")
        check("Conditions de paiement" not in text_of(page, "dl.details"), "a supplier invoice took our own payment terms")
        with page.expect_navigation():
            page.click("button:has-text('Valider')")
        pay = page.locator("a:has-text('Enregistrer un versement')")
        if check(pay.count() == 1, "a validated supplier invoice cannot be paid from its page"):
            with page.expect_navigation():
                pay.click()
            check("Reste à payer" in text_of(page, "main"), "the supplier payment form does not say what remains to pay")
            with page.expect_navigation():
                page.click("button.primary")
            check("Versement enregistré" in text_of(page, ".flash") and "/supplier-invoices/" in page.url, "the supplier payment was not recorded")
            check("Payé" in text_of(page, "dl.details"), f"the supplier invoice is not paid: {text_of(page, 'dl.details')[:120]!r}")

        page.goto(base + "/sales")
        check(page.locator("#sales-revenue svg title").count() >= 1, "the dashboard draws no revenue chart with a title")
        page.click("#sales-revenue summary")
        check(page.locator("#sales-revenue table tbody tr").count() == 12, "the chart's table has not twelve months")
        unpaid = text_of(page, "#sales-unpaid")
        check("31 à 60 jours" in unpaid and "Reste dû" in unpaid, f"the unpaid invoices are not aged: {unpaid[:200]!r}")
        check(page.locator("#sales-quotes a").count() >= 1, "no quote to follow up on the dashboard")

        page.goto(base + "/projects?result=loss")
        losses = page.locator("table a:has-text('Formation HTML')")
        project_path = ""
        if check(losses.count() >= 1, "the training project is not listed among the losses"):
            with page.expect_navigation():
                losses.first.click()
            project_path = page.url.replace(base, "")
            margin = text_of(page, "#margin")
            check("À perte" in margin, f"the training project's margin does not read « À perte »: {margin[:200]!r}")
            check("Factures fournisseurs" in margin, "the margin panel does not show the supplier invoices")
        page.goto(base + "/projects?result=profit")
        check("Formation HTML" not in text_of(page, "main"), "the training project is listed among the profits")

        roles_walk(browser, base, ["/sales", "/quotes", "/payments", order_path, imported, quote], check)

        phone = phone_page(browser, signed_in_from=page)
        for path in [quote, "/invoices", "/quotes", "/invoices/new", "/supplier-invoices/import", imported, order_path, "/sales", "/payments"] + (
            [project_path] if project_path else []
        ):
            phone.goto(base + path)
            check(overflow(phone) <= 0, f"{path} scrolls {overflow(phone)} px sideways on a 390 px phone")
        browser.close()
    checks.exit()


if __name__ == "__main__":
    main()
