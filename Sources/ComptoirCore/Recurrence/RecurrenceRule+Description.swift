import Foundation

/// A rule as a sentence for the record page: « Toutes les semaines le mardi, 10 fois », « Tous les 2 mois le 1er
/// lundi, jusqu'au 30/06/2026 », "Every week on Tuesday, 10 times".
extension RecurrenceRule {
    public func sentence(locale: DisplayLocale = .fr, in timeZone: TimeZone = .paris) -> String {
        locale == .en ? english(timeZone) : french(timeZone)
    }

    private func french(_ timeZone: TimeZone) -> String {
        var text: String
        switch (frequency, interval) {
        case (.daily, 1): text = "Tous les jours"
        case (.daily, let n): text = "Tous les \(n) jours"
        case (.weekly, 1): text = "Toutes les semaines"
        case (.weekly, let n): text = "Toutes les \(n) semaines"
        case (.monthly, 1): text = "Tous les mois"
        case (.monthly, let n): text = "Tous les \(n) mois"
        case (.yearly, 1): text = "Tous les ans"
        case (.yearly, let n): text = "Tous les \(n) ans"
        }
        let names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        if !byMonth.isEmpty {
            text += " en " + list(byMonth.map { DateDisplay.monthName($0, locale: .fr) }, and: "et")
        }
        if !byDay.isEmpty {
            let days = byDay.map { rule -> String in
                let name = names[rule.weekday.rawValue - 1]
                switch rule.ordinal {
                case nil: return name
                case 1?: return "1er " + name
                case .some(-1): return "dernier " + name
                case let n? where n > 0: return "\(n)e " + name
                case let n?: return "\(-n)e " + name + " avant la fin"
                }
            }
            text += " le " + list(days, and: "et")
        }
        if !byMonthDay.isEmpty {
            let days = byMonthDay.map { $0 == 1 ? "1er" : $0 == -1 ? "dernier jour" : String($0) }
            text += " le " + list(days, and: "et")
        }
        if let count { text += count == 1 ? ", une fois" : ", \(count) fois" }
        if let until { text += ", jusqu'au " + DateDisplay.date(until, locale: .fr, in: timeZone) }
        return text
    }

    private func english(_ timeZone: TimeZone) -> String {
        let unit: String
        switch frequency {
        case .daily: unit = "day"
        case .weekly: unit = "week"
        case .monthly: unit = "month"
        case .yearly: unit = "year"
        }
        var text = interval == 1 ? "Every \(unit)" : "Every \(interval) \(unit)s"
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        if !byMonth.isEmpty { text += " in " + list(byMonth.map { DateDisplay.monthName($0, locale: .en) }, and: "and") }
        if !byDay.isEmpty {
            let days = byDay.map { rule -> String in
                let name = names[rule.weekday.rawValue - 1]
                switch rule.ordinal {
                case nil: return name
                case .some(-1): return "the last " + name
                case let n? where n > 0: return "the \(Self.englishOrdinal(n)) " + name
                case let n?: return "the \(Self.englishOrdinal(-n)) " + name + " from the end"
                }
            }
            text += " on " + list(days, and: "and")
        }
        if !byMonthDay.isEmpty {
            text += " on day " + list(byMonthDay.map { $0 == -1 ? "last" : String($0) }, and: "and")
        }
        if let count { text += count == 1 ? ", once" : ", \(count) times" }
        if let until { text += ", until " + DateDisplay.date(until, locale: .en, in: timeZone) }
        return text
    }

    private static func englishOrdinal(_ n: Int) -> String {
        switch (n % 10, n % 100) {
        case (1, let h) where h != 11: return "\(n)st"
        case (2, let h) where h != 12: return "\(n)nd"
        case (3, let h) where h != 13: return "\(n)rd"
        default: return "\(n)th"
        }
    }

    private func list(_ items: [String], and word: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(word) " + items.last!
    }
}
