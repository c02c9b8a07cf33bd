#!/usr/bin/env python3
"""The interactions list, the contacts of « Nouvelle interaction » and the project members' typeahead (issue #14), in
headless Chromium (Debian's, through Playwright), at 1366 px and 390 px:

- /interactions: the subject is the link to the record, « Contacts » follows it, the dates run newest first;
- « Nouvelle interaction » from a contact's page has that contact chosen; typing in « Contacts », ArrowDown and Enter
  add another; the record saved has both;
- a project's « Membres »: typing « hél » lists users, contacts and companies under their headings, ArrowDown and Enter
  pick one, « Ajouter » adds it; at 390 px the suggestions stay inside the screen; without scripts the kind select
  and a typed name still add a member.

  python3 scripts/ui/interactions_members.py --base-url http://127.0.0.1:PORT
"""
import os, re, sys, unicodedata
from datetime import datetime
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import base_url, launch, sign_in


def check_list(page, base, failures):
    page.goto(base + "/interactions")
    headers = page.locator("table.list thead th").all_inner_texts()
    if len(headers) < 2 or headers[0].strip() != "Objet" or headers[1].strip() != "Contacts":
        failures.append(f"list: the first columns are {headers[:3]}, expected Objet, Contacts")
    first_links = page.locator("table.list tbody tr td:first-child a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    if not first_links or not all(re.fullmatch(r"/interactions/[0-9a-f-]{36}", href or "") for href in first_links):
        failures.append(f"list: the subject cells do not link to their records: {first_links[:3]}")
    dates = [d.strip() for d in page.locator("table.list tbody td[data-label='Date']").all_inner_texts()]
    # « 02/05/2026 10:00 », or the day alone for a task with a due day and no start (its midnight, as it is sorted).
    parsed = [datetime.strptime(d, "%d/%m/%Y %H:%M" if " " in d else "%d/%m/%Y") for d in dates if d and d != "—"]
    if len(parsed) < 2 or parsed != sorted(parsed, reverse=True):
        failures.append(f"list: dates not newest first: {dates[:6]}")


def check_contacts_field(page, base, failures):
    page.goto(base + "/contacts")
    page.locator("table.list tbody tr td[data-label] a").first.click()
    contact_name = page.locator("h1").inner_text().strip()
    page.get_by_role("link", name="Nouvelle interaction").first.click()
    chosen = page.locator("#f-contactIds-chosen label").all_inner_texts()
    if [c.strip() for c in chosen] != [contact_name]:
        failures.append(f"contacts: from « {contact_name} »'s page the form chose {chosen}")
        return
    field = page.locator("#f-contactIds")
    field.click()
    field.type("ma", delay=40)
    options = page.locator("#f-contactIds-listbox [role=option]")
    try:
        options.first.wait_for(timeout=5000)
    except Exception:
        failures.append("contacts: no suggestion for « ma »")
        return
    picked = options.first.locator("span").first.inner_text().strip()
    if picked == contact_name and options.count() > 1:
        page.keyboard.press("ArrowDown")
        picked = options.nth(1).locator("span").first.inner_text().strip()
    page.keyboard.press("Enter")
    chosen = [c.strip() for c in page.locator("#f-contactIds-chosen label").all_inner_texts()]
    if picked not in chosen or len(chosen) != 2:
        failures.append(f"contacts: Enter on « {picked} » left the chosen contacts as {chosen}")
        return
    if field.input_value() != "":
        failures.append("contacts: the input keeps the text after a pick")
    page.fill("#f-subject", "Point téléphonique (essai navigateur)")
    with page.expect_navigation():
        page.click("form.entity-form button[type=submit]")
    if not re.search(r"/interactions/[0-9a-f-]{36}$", page.url):
        failures.append(f"contacts: saving did not open the record ({page.url})")
        return
    body = page.content()
    for name in (contact_name, picked):
        if name not in body:
            failures.append(f"contacts: the record does not show « {name} »")


def open_project(page, base):
    page.goto(base + "/projects")
    page.locator("table.list tbody tr td[data-label] a").first.click()


def check_members(page, base, failures, width):
    open_project(page, base)
    if page.locator("#member-kind").is_visible():
        failures.append(f"members@{width}: the kind select shows although scripts run")
    target = page.locator("#member-target")
    target.click()
    target.type("hél", delay=40)
    listbox = page.locator("#member-target-listbox")
    try:
        listbox.locator("[role=option]").first.wait_for(timeout=5000)
    except Exception:
        failures.append(f"members@{width}: no suggestion for « hél »")
        return
    groups = [g.strip().lower() for g in listbox.locator(".picker-group").all_inner_texts()]
    if not groups or not set(groups) <= {"utilisateurs", "contacts", "sociétés"}:
        failures.append(f"members@{width}: suggestions not grouped by kind: {groups}")
    # Every suggestion has a word starting with « hel », accents ignored (in its name, or its e-mail for a user).
    texts = listbox.locator("[role=option]").all_inner_texts()
    def folded(text):
        return unicodedata.normalize("NFD", text.lower()).encode("ascii", "ignore").decode()
    if not texts or not all(re.search(r"(^|[^a-z])hel", folded(t)) for t in texts):
        failures.append(f"members@{width}: « hél » suggests {texts}")
    box = listbox.bounding_box()
    if box and box["x"] + box["width"] > width + 1:
        failures.append(f"members@{width}: the suggestions overflow the screen ({box})")
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    if overflow:
        failures.append(f"members@{width}: the page scrolls sideways")
    count = listbox.locator("[role=option]").count()
    # The last suggestion, reached with the arrows (wrapping from the first), picked with Enter.
    page.keyboard.press("ArrowUp")
    last = listbox.locator("[role=option]").nth(count - 1)
    if last.get_attribute("aria-selected") != "true":
        failures.append(f"members@{width}: ArrowUp does not select the last suggestion")
    kind = last.get_attribute("data-kind")
    title = last.locator("span").first.inner_text().strip()
    page.keyboard.press("Enter")
    if target.input_value() != title or page.locator("#member-id").input_value() == "" or page.locator("#member-kind").input_value() != kind:
        failures.append(f"members@{width}: Enter did not pick « {title} » ({kind})")
        return
    page.fill("#member-role", "Essai")
    with page.expect_navigation():
        page.locator("form:has(#member-target)").get_by_role("button", name="Ajouter", exact=True).click()
    text = page.content()
    if "Membre ajouté." not in text and "fait déjà partie" not in text:
        failures.append(f"members@{width}: adding « {title} » did not say « Membre ajouté. »")


def check_members_without_script(browser, base, failures):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, base)
    open_project(page, base)
    if not page.locator("#member-kind").is_visible():
        failures.append("members without scripts: no kind select")
    page.select_option("#member-kind", "users")
    page.fill("#member-target", "thomas.nguyen@cabinet-lefevre.fr")
    with page.expect_navigation():
        page.locator("form:has(#member-target)").get_by_role("button", name="Ajouter", exact=True).click()
    text = page.content()
    if "Membre ajouté." not in text and "fait déjà partie" not in text:
        failures.append("members without scripts: a typed e-mail was not added")
    context.close()


def main():
    base = base_url()
    failures = []
    checks = 0
    with sync_playwright() as p:
        browser = launch(p)
        for width, height, mobile in ((1366, 900, False), (390, 844, True)):
            context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
            page = context.new_page()
            sign_in(page, base)
            if width == 1366:
                check_list(page, base, failures)
                check_contacts_field(page, base, failures)
                checks += 2
            check_members(page, base, failures, width)
            checks += 1
            context.close()
        check_members_without_script(browser, base, failures)
        checks += 1
        browser.close()
    failed = len(failures)
    print(f"interactions-members: {checks - min(failed, checks)} passed, {failed} failed" + ("".join("\n  — " + f for f in failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
