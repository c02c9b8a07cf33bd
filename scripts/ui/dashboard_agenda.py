#!/usr/bin/env python3
"""The home dashboard and the agenda's week grid as a user sees them, in headless Chromium (Debian's, through
Playwright), at 1 366 px and at phone width (390 px): the panels fit the window, the charts draw, the week grid places
meetings in their day column and an empty half-hour opens « Nouvelle interaction » at that time; on a phone the day
list replaces the grid.

  python3 scripts/ui/dashboard_agenda.py --base-url http://127.0.0.1:PORT
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from comptoir_ui import Checks, base_url, launch, overflow, sign_in
from playwright.sync_api import sync_playwright


def main():
    base = base_url()
    checks = Checks("dashboard_agenda")
    check = checks.check



    with sync_playwright() as p:
        browser = launch(p)
        # Desktop
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base)
        page.goto(base + "/")
        panels = page.locator(".dashboard > .panel").count()
        check(panels >= 5, f"the dashboard shows {panels} panels (at least 5 expected)")
        check(overflow(page) <= 0, f"the dashboard is {overflow(page)} px wider than the window at 1 366 px")
        check(page.locator(".dash-tasks h2").is_visible(), "no « Mes tâches » panel")
        chart = page.locator("svg.chart").first
        box = chart.bounding_box() if chart.count() else None
        check(box is not None and box["width"] > 200 and box["height"] > 40, f"the chart does not draw ({box})")
        bars = page.locator(".dash-wins svg.chart rect").count()
        check(bars == 12, f"the wins chart has {bars} bars (12 months expected)")
        columns = page.evaluate("getComputedStyle(document.querySelector('.dashboard')).gridTemplateColumns.split(' ').length")
        check(columns >= 2, f"the dashboard uses {columns} column(s) at 1 366 px (2 or more expected)")

        page.goto(base + "/agenda?view=week")
        grid = page.locator(".week-grid")
        check(grid.is_visible(), "the week grid is not shown at 1 366 px")
        check(not page.locator(".agenda-week").is_visible(), "the day list is shown beside the grid at 1 366 px")
        items = page.locator(".wg-item")
        count = items.count()
        if count:
            first = items.first.bounding_box()
            head = page.locator(".wg-head").first.bounding_box()
            check(first["y"] > head["y"] + head["height"], "a meeting is drawn above the day names")
            check(first["width"] >= 20, f"a meeting is only {first['width']:.0f} px wide")
        # An empty half-hour: a click opens the form with the start and end filled.
        slot = page.locator(".wg-slot").nth(10)
        href = slot.get_attribute("href")
        slot_box = slot.bounding_box()
        with page.expect_navigation():
            page.mouse.click(slot_box["x"] + slot_box["width"] - 3, slot_box["y"] + slot_box["height"] / 2)
        check("/interactions/new" in page.url, f"clicking an empty half-hour went to {page.url}")
        starts = href.split("startsAt=")[1].split("&")[0]
        check(page.locator("input[name=startsAt]").input_value() == starts, f"the form's start is not {starts}")

        # The interaction form offers the stages of the chosen type only (app.js), and none for a type without stages.
        page.goto(base + "/interactions/new")
        types = page.eval_on_selector_all("select[name=typeId] option", "os => os.map(o => [o.value, o.textContent])")
        groups = page.eval_on_selector_all("select[name=stageId] optgroup", "gs => gs.map(g => g.dataset.group)")
        with_stages = [value for value, _ in types if value in groups]
        without = [value for value, _ in types if value and value not in groups]
        check(len(with_stages) >= 2, f"fewer than two types have stages ({types}, {groups})")
        if with_stages and without:
            page.select_option("select[name=typeId]", with_stages[1])
            shown = page.eval_on_selector_all("select[name=stageId] optgroup:not([hidden])", "gs => gs.map(g => g.dataset.group)")
            check(shown == [with_stages[1]], f"the stages shown are those of {shown}, not of the chosen type")
            chosen = page.eval_on_selector("select[name=stageId]", "s => s.selectedOptions[0].parentElement.dataset.group")
            check(chosen == with_stages[1], "the stage did not move to the chosen type's first stage")
            page.select_option("select[name=typeId]", without[0])
            check(page.eval_on_selector("select[name=stageId]", "s => s.value") == "", "a type without stages keeps a stage")
            check(page.locator("select[name=stageId] optgroup:not([hidden])").count() == 0, "stages shown for a type without stages")

        # Phone
        phone = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        sign_in(phone, base)
        phone.goto(base + "/")
        check(overflow(phone) <= 0, f"the dashboard is {overflow(phone)} px wider than a phone")
        chart = phone.locator("svg.chart").first
        box = chart.bounding_box() if chart.count() else None
        check(box is not None and box["width"] <= 390, f"a chart overflows the phone ({box})")
        phone.goto(base + "/agenda?view=week")
        check(not phone.locator(".week-grid").is_visible(), "the week grid is shown on a phone")
        check(phone.locator(".agenda-week").is_visible(), "the day list is not shown on a phone")
        check(overflow(phone) <= 0, f"the week is {overflow(phone)} px wider than a phone")
        browser.close()

    checks.exit()


if __name__ == "__main__":
    main()
