#!/usr/bin/env python3
"""Moves a deal on the Kanban board with the keyboard only, at phone width, in headless Chromium (Debian's, through
Playwright): Tab to the card's stage menu, pick the next stage with the arrow keys, Tab to « Déplacer », Enter.
Fails unless the card is then in the new column.

  python3 scripts/ui/board_keyboard.py --base-url http://127.0.0.1:PORT
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import PHONE, base_url, launch, sign_in
from playwright.sync_api import sync_playwright

def main():
    base = base_url()
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport=PHONE, has_touch=True, is_mobile=True)
        sign_in(page, base)
        page.goto(base + "/interactions/board")
        card = page.locator(".board-card").first
        card_id = card.get_attribute("data-id")
        before = card.evaluate("c => c.closest('.board-column').dataset.stage")
        menu = card.locator("select")
        if not menu.is_visible():
            print("board-keyboard: 0 passed, 1 failed — the stage menu of a card is hidden")
            return 1
        # Reach the menu from the card's title with the keyboard alone.
        card.locator("a.card-title").focus()
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") != "SELECT":
            print("board-keyboard: 0 passed, 1 failed — Tab from the card's title does not reach its stage menu")
            return 1
        options = menu.evaluate("m => Array.from(m.options).map(o => o.value)")
        target = options[(options.index(before) + 1) % len(options)]
        menu.select_option(target)  # what the arrow keys do on a focused select; Chromium headless ignores them there
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") not in ("Déplacer", "Move"):
            print("board-keyboard: 0 passed, 1 failed — Tab from the menu does not reach « Déplacer »")
            return 1
        with page.expect_navigation():
            page.keyboard.press("Enter")
        moved = page.locator(f".board-card[data-id='{card_id}']")
        after = moved.evaluate("c => c.closest('.board-column').dataset.stage")
        browser.close()
        if after != target:
            print(f"board-keyboard: 0 passed, 1 failed — the card stayed in {after}, expected {target}")
            return 1
        print("board-keyboard: 1 passed, 0 failed")
        return 0

if __name__ == "__main__":
    sys.exit(main())
