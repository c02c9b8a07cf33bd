import ComptoirCore
import ComptoirServices
import Foundation

/// The week view as a calendar: hours down, days across, each timed item placed at its time and as long as it lasts,
/// items that overlap side by side, an « all day » row on top; an empty half-hour opens « Nouvelle interaction »
/// there. Pages may not carry inline styles (the CSP forbids them): positions are classes of a fixed grid declared in
/// app.css — half-hour rows (`ar-N` start line, `as-N` span) and twelve lanes per day (`ac-N` start line, `aw-N` width).
enum AgendaWeekGrid {
    /// Lanes per day: 12 divides into 1, 2, 3, 4 and 6 side-by-side items.
    static let lanes = 12
    /// Grid lines: row 1 the day names, row 2 the all-day items, then one row per half-hour.
    static let firstSlotLine = 3

    struct Placed {
        var item: AgendaItem
        var day: Int
        var slot: Int
        var span: Int
        var lane = 0
        var of = 1
    }

    static func render(
        first: CalendarDay, items: [AgendaItem], today: CalendarDay, query: String, canCreate: Bool, locale: DisplayLocale
    ) -> HTMLNode {
        let days = (0..<7).map { first.adding(days: $0) }
        // Timed items within one day; the rest (all day, or across midnight) go to the all-day row of each day they touch.
        var timed: [(item: AgendaItem, day: Int, start: Int, end: Int)] = []
        var allDay: [[AgendaItem]] = Array(repeating: [], count: 7)
        for item in items {
            let startDay = CalendarDay(item.start)
            let endDay = CalendarDay(item.end.addingTimeInterval(-1))
            if !item.allDay, startDay == endDay || item.end <= item.start, let index = days.firstIndex(of: startDay) {
                let startMinute = minutes(item.start, on: startDay)
                let endMinute = item.end > item.start ? min(24 * 60, minutes(item.end, on: startDay)) : startMinute + 30
                timed.append((item, index, startMinute, max(endMinute, startMinute + 1)))
            } else {
                for (index, day) in days.enumerated() where day >= startDay && day <= max(startDay, endDay) {
                    allDay[index].append(item)
                }
            }
        }
        // Hours shown: 08:00–19:00, widened to what the week holds.
        let firstHour = min(8, timed.map { $0.start / 60 }.min() ?? 8)
        let lastHour = max(19, timed.map { ($0.end + 59) / 60 }.max() ?? 19)
        let slots = (lastHour - firstHour) * 2
        var placed: [Placed] = timed.map { entry in
            let slot = max(0, (entry.start - firstHour * 60) / 30)
            let endSlot = min(slots, max(slot + 1, (entry.end - firstHour * 60 + 29) / 30))
            return Placed(item: entry.item, day: entry.day, slot: slot, span: endSlot - slot)
        }
        assignLanes(&placed)

        var cells: [HTMLNode] = [H.el("div", [("class", "wg-corner ar-1 ac-1")], [])]
        for (index, day) in days.enumerated() {
            let column = "ac-\(2 + index * lanes) aw-\(lanes)"
            let head = DateDisplay.weekdayDate(day, locale: locale)
            cells.append(
                H.el(
                    "div", [("class", "wg-head ar-1 \(column)" + (day == today ? " today" : ""))],
                    [H.link("/agenda?view=day&date=\(day.isoString)\(query)", head)]))
            cells.append(
                H.el(
                    "div", [("class", "wg-allday ar-2 \(column)")],
                    allDay[index].isEmpty ? [] : [H.el("ul", [], allDay[index].map { entry($0, time: nil, locale) })]))
            cells.append(
                H.el(
                    "div",
                    [
                        ("class", "wg-day ar-\(firstSlotLine) as-\(slots) \(column)" + (day == today ? " today" : "")),
                        ("aria-hidden", "true"),
                    ],
                    []))
        }
        cells.append(H.el("div", [("class", "wg-label ar-2 ac-1")], text: L("Journée", "All day")(locale)))
        for hour in firstHour..<lastHour {
            let line = firstSlotLine + (hour - firstHour) * 2
            cells.append(H.el("div", [("class", "wg-hour ar-\(line) as-2 ac-1")], text: String(format: "%02d:00", hour)))
        }
        if canCreate {
            for (index, day) in days.enumerated() {
                for slot in 0..<slots {
                    let minute = firstHour * 60 + slot * 30
                    let start = String(format: "%@T%02d:%02d", day.isoString, minute / 60, minute % 60)
                    let end = String(format: "%@T%02d:%02d", day.isoString, (minute + 60) / 60 % 24, minute % 60)
                    let endValue = minute + 60 >= 24 * 60 ? "\(day.isoString)T23:59" : end
                    let label =
                        L("Nouvelle interaction le ", "New interaction on ")(locale)
                        + "\(day.formatted(locale: locale)) \(String(format: "%02d:%02d", minute / 60, minute % 60))"
                    cells.append(
                        H.el(
                            "a",
                            [
                                ("class", "wg-slot ar-\(firstSlotLine + slot) as-1 ac-\(2 + index * lanes) aw-\(lanes)"),
                                ("href", "/interactions/new?startsAt=\(start)&endsAt=\(endValue)"), ("tabindex", "-1"), ("title", label),
                                ("aria-label", label),
                            ], []))
                }
            }
        }
        for entry in placed.sorted(by: { ($0.day, $0.slot, $0.lane) < ($1.day, $1.slot, $1.lane) }) {
            let width = lanes / entry.of
            let column = 2 + entry.day * lanes + entry.lane * width
            let time = "\(DateDisplay.time(entry.item.start, locale: locale))–\(DateDisplay.time(entry.item.end, locale: locale))"
            cells.append(
                H.el(
                    "div",
                    [
                        (
                            "class",
                            "wg-item ar-\(firstSlotLine + entry.slot) as-\(entry.span) ac-\(column) aw-\(width)"
                                + (entry.item.done ? " done" : "") + (entry.span == 1 ? " short" : "")
                        )
                    ], [Self.entry(entry.item, time: time, locale)]))
        }
        return H.el(
            "div", [("class", "week-grid-scroll")],
            [H.el("div", [("class", "week-grid"), ("role", "group"), ("aria-label", L("Semaine", "Week")(locale))], cells)])
    }

    /// Minutes since midnight of `day` in Paris.
    static func minutes(_ date: Date, on day: CalendarDay) -> Int {
        Int(date.timeIntervalSince(day.startDate()) / 60)
    }

    /// Items of one day that overlap (directly or through others) share the day's width: each gets a lane, and every item
    /// of the group knows how many lanes the group needs (1, 2, 3, 4 or 6; more than six overlap in the last lanes).
    static func assignLanes(_ placed: inout [Placed]) {
        let order = placed.indices.sorted {
            (placed[$0].day, placed[$0].slot, -placed[$0].span) < (placed[$1].day, placed[$1].slot, -placed[$1].span)
        }
        var group: [Int] = []
        var laneEnds: [Int] = []
        var groupEnd = -1
        var groupDay = -1
        func close() {
            let count = laneEnds.count
            let of = count <= 4 ? max(1, count) : 6
            for index in group {
                placed[index].of = of
                placed[index].lane = min(placed[index].lane, of - 1)
            }
            group = []
            laneEnds = []
        }
        for index in order {
            let entry = placed[index]
            if entry.day != groupDay || entry.slot >= groupEnd {
                close()
                groupDay = entry.day
                groupEnd = -1
            }
            if let free = laneEnds.firstIndex(where: { $0 <= entry.slot }) {
                placed[index].lane = free
                laneEnds[free] = entry.slot + entry.span
            } else {
                placed[index].lane = laneEnds.count
                laneEnds.append(entry.slot + entry.span)
            }
            group.append(index)
            groupEnd = max(groupEnd, entry.slot + entry.span)
        }
        close()
    }

    static func entry(_ item: AgendaItem, time: String?, _ locale: DisplayLocale) -> HTMLNode {
        var nodes: [HTMLNode] = []
        if let time { nodes.append(H.el("span", [("class", "time")], text: time)) }
        nodes.append(H.link("/interactions/\(item.interactionID.uuidString.lowercased())", item.subject, [("class", "subject")]))
        if !item.location.isEmpty { nodes.append(H.el("span", [("class", "where")], text: item.location)) }
        return H.el(time == nil ? "li" : "div", [("class", item.done ? "wg-entry done" : "wg-entry")], nodes)
    }
}
