"""What every browser check of scripts/ui shares: the command line, Chromium, signing in on the demo, phone pages, and
the « name: N passed, M failed » report. Outside the `scripts/ui/*.py` glob that run.sh loops over, so it is not run
as a check itself.

    import os, sys; sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
    from comptoir_ui import Checks, base_url, browser_and_page, sign_in
"""
import argparse
import sys

PASSWORD = "demo-comptoir-2026"
USER = "claire.dubois@cabinet-lefevre.fr"
ADMIN = "helene.garcia@cabinet-lefevre.fr"
READ_ONLY = "stagiaire@cabinet-lefevre.fr"
# The demo's extranet guest (a customer of the « Mes beaux sapins » project).
GUEST = "client@mesbeauxsapins.fr"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def base_url():
    """The server under test, from `--base-url`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    return parser.parse_args().base_url


class Checks:
    """Counts what passed and keeps what failed; `report` prints the summary line and gives the exit code."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failures = []

    def check(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok

    def report(self):
        print(f"{self.name}: {self.passed} passed, {len(self.failures)} failed")
        for failure in self.failures:
            print("  FAILED: " + failure)
        return 1 if self.failures else 0

    def exit(self):
        sys.exit(self.report())


def launch(playwright):
    """Debian's Chromium, headless, without the sandbox (CI runs as root)."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])


def sign_in(page, base, email=USER, password=PASSWORD):
    """Signs in through the form, as a user types it (Enter submits)."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def phone_page(browser, signed_in_from=None):
    """A 390 px touch page, sharing the cookies of a signed-in page if given."""
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    if signed_in_from is not None:
        page.context.add_cookies(signed_in_from.context.cookies())
    return page


def overflow(page):
    """How many pixels the page scrolls sideways (0 when it fits its window)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def text_of(page, selector):
    """The text of the first match, or '' when there is none."""
    found = page.locator(selector)
    return found.first.inner_text() if found.count() else ""
