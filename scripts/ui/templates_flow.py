#!/usr/bin/env python3
"""Document templates as an administrator tries them, in headless Chromium (Debian's, through Playwright), on the demo:
« Modèles de documents » lists the demo's three templates; a .docx uploaded with an unknown tag is kept and its lint
issue shown; a file that is not a template comes back with the engine's message and the name typed kept; « Vérifier le
modèle » runs a test merge; from a contact's page « Générer le document » gives a result page with the tags left empty
and a download; « Balises de fusion » lists the tags with a record's values; the pages fit a phone (390 px).

  python3 scripts/ui/templates_flow.py --base-url http://127.0.0.1:PORT
"""
import io, os, sys, tempfile, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import ADMIN, Checks, base_url, launch, overflow, phone_page, sign_in, text_of
from playwright.sync_api import sync_playwright


def docx(paragraphs):
    """A minimal Word document with one paragraph per text."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def main():
    base = base_url()
    checks = Checks("templates_flow")
    check = checks.check
    folder = tempfile.mkdtemp()
    good = os.path.join(folder, "courrier-contact.docx")
    with open(good, "wb") as f:
        f.write(docx(["Bonjour {{contact.first_name}} {{contact.last_name}},", "Société : {{company.name}}",
                      "Note : {{contact.humeur}}", "{{organization.name}}, le {{today_long}}"]))
    bad = os.path.join(folder, "pas-un-modele.docx")
    with open(bad, "wb") as f:
        f.write(b"ceci n'est pas un document Word")
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        sign_in(page, base, email=ADMIN)

        page.goto(base + "/admin/document-templates")
        body = page.content()
        for name in ["Attestation de formation", "Ordre de mission", "Contrat de prestation"]:
            check(name in body, f"the demo template « {name} » is not listed")

        # A file that is not a template: the message, the name kept, nothing saved.
        page.fill("#f-name", "Modèle refusé")
        page.select_option("#f-target", "contact")
        page.set_input_files("#template-file", bad)
        with page.expect_navigation():
            page.click("button:has-text('Enregistrer le modèle')")
        check("modèle Word" in page.content(), "a file that is not a template is not refused with the engine's message")
        check(page.input_value("#f-name") == "Modèle refusé", "the name typed was lost")

        # A template with an unknown tag: kept, its issue shown.
        page.fill("#f-name", "Courrier au contact")
        page.select_option("#f-target", "contact")
        page.fill("#f-category", "Courriers")
        page.set_input_files("#template-file", good)
        with page.expect_navigation():
            page.click("button:has-text('Enregistrer le modèle')")
        check(text_of(page, "h1") == "Courrier au contact", f"the upload did not open the template: {text_of(page, 'h1')!r}")
        check("contact.humeur" in text_of(page, "#lint"), "the unknown tag is not shown by the check")
        detail = page.url
        with page.expect_navigation():
            page.click("button:has-text('Vérifier le modèle')")
        check("Fusion d'essai" in text_of(page, "#lint"), "« Vérifier le modèle » shows no test merge")
        phone = phone_page(browser, page)
        phone.goto(detail)
        check(overflow(phone) <= 1, f"the template page scrolls sideways at 390 px ({overflow(phone)} px)")

        # From a contact: « Générer le document » → the result page, the empty tags, the download.
        page.goto(base + "/contacts")
        with page.expect_navigation():
            page.locator("table.list tbody tr a").first.click()
        contact = page.url
        panel = page.locator("#generate-document")
        if check(panel.count() == 1, "a contact's page offers no « Générer le document »"):
            panel.locator("select").select_option(label="Courrier au contact")
            with page.expect_navigation():
                panel.locator("button:has-text('Générer le document')").click()
            check(text_of(page, "h1") == "Document généré", f"no result page: {text_of(page, 'h1')!r}")
            check("{{contact.humeur}}" in text_of(page, "#missing-tags"), "the tags left empty are not listed")
            with page.expect_download() as info:
                page.click("#generated-download")
            download = info.value
            path = download.path()
            with zipfile.ZipFile(path) as z:
                text = z.read("word/document.xml").decode("utf-8")
            check("{{" not in text, "the downloaded document still holds tags")
            check(download.suggested_filename.startswith("Courrier au contact"), f"file name: {download.suggested_filename!r}")
            phone.goto(page.url if page.url.startswith(base) else contact)
            phone.goto(contact)
            check(overflow(phone) <= 1, f"the contact page with the generate panel scrolls sideways at 390 px ({overflow(phone)} px)")

        page.goto(base + "/merge-tags?entity=contact")
        check("{{organization.name}}" in page.content(), "« Balises de fusion » does not list the organisation's tags")
        options = page.locator("#tags-record option")
        if check(options.count() > 1, "no record to show the values of"):
            page.select_option("#tags-record", index=1)
            with page.expect_navigation():
                page.click("button:has-text('Afficher')")
            check(page.locator("td.merge-value").count() > 0, "no value column for the chosen record")
        phone.goto(base + "/merge-tags?entity=project")
        check(overflow(phone) <= 1, f"« Balises de fusion » scrolls sideways at 390 px ({overflow(phone)} px)")
        browser.close()
    checks.exit()


if __name__ == "__main__":
    main()
