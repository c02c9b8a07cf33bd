#!/usr/bin/env python3
"""The page shell on a phone (390 × 844) and from the keyboard, in headless Chromium (Debian's, through Playwright):
the header stays compact with its navigation behind « Menu », the focus ring shows on the dark bar, Alt+N opens quick
create, and the « + » button never covers the last field of a form.

  python3 scripts/ui/phone_header.py --base-url http://127.0.0.1:PORT
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import Checks, base_url, launch, phone_page, sign_in
from playwright.sync_api import sync_playwright

def main():
    base = base_url()
    checks = Checks("phone-header")
    check = checks.check

    with sync_playwright() as p:
        browser = launch(p)
        page = phone_page(browser)
        sign_in(page, base)
        page.goto(base + "/companies")
        height = page.evaluate("document.querySelector('.topbar').getBoundingClientRect().height")
        check(height <= 130, f"the header is {height:.0f} px high on a phone (at most 130 expected)")
        check(not page.locator("#site-nav").is_visible(), "the navigation is unfolded before « Menu » is pressed")
        first_link = page.locator("table.list tbody a").first
        box = first_link.bounding_box()
        check(box is not None and box["y"] + box["height"] <= 844, "the first record of the list is below the fold")
        page.click(".nav-toggle")
        check(page.locator("#site-nav").is_visible(), "« Menu » does not unfold the navigation")
        check(page.get_attribute(".nav-toggle", "aria-expanded") == "true", "« Menu » does not say it is expanded")
        page.click(".nav-toggle")
        check(not page.locator("#site-nav").is_visible(), "« Menu » does not fold the navigation back")

        # Keyboard: the skip link first, then the brand on the dark bar, with a ring that shows there.
        page.goto(base + "/companies")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
        check(focused == "brand" and "255, 211, 77" in shadow, f"no visible focus ring on the dark bar ({focused}: {shadow})")
        page.keyboard.press("Alt+N")
        in_menu = page.evaluate("!!document.activeElement.closest('.quick-create-menu')")
        check(in_menu and page.locator(".quick-create-menu").is_visible(), "Alt+N does not open quick create")

        # The « + » button and the last control of a long form never overlap once scrolled to the end.
        page.goto(base + "/companies/new")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        plus = page.locator(".quick-create-button").bounding_box()
        submit = page.locator("main form button[type=submit]").last.bounding_box()
        overlap = plus and submit and not (plus["x"] + plus["width"] <= submit["x"] or submit["x"] + submit["width"] <= plus["x"]
                                           or plus["y"] + plus["height"] <= submit["y"] or submit["y"] + submit["height"] <= plus["y"])
        check(not overlap, "the « + » button covers the form's submit button")
        browser.close()
    return checks.report()

if __name__ == "__main__":
    sys.exit(main())
