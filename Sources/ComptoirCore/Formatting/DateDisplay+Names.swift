/// Names of months and weekdays, for titles (« samedi 05/12/2026 », « décembre 2026 ») and chart labels.
extension DateDisplay {
    static let monthsFR = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    static let monthAbbreviationsFR = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ]
    static let weekdaysFR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    static let weekdaysEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// « décembre » / "December" (`month` 1…12).
    public static func monthName(_ month: Int, locale: DisplayLocale = .fr) -> String {
        (locale == .en ? monthsEN : monthsFR)[(month - 1 + 12) % 12]
    }

    /// « déc. » / "Dec" (`month` 1…12).
    public static func monthAbbreviation(_ month: Int, locale: DisplayLocale = .fr) -> String {
        locale == .en ? String(monthsEN[(month - 1 + 12) % 12].prefix(3)) : monthAbbreviationsFR[(month - 1 + 12) % 12]
    }

    /// « décembre 2026 » / "December 2026".
    public static func monthTitle(_ day: CalendarDay, locale: DisplayLocale = .fr) -> String {
        "\(monthName(day.month, locale: locale)) \(day.year)"
    }

    /// « lundi » / "Monday" (`weekday` 1 = Monday … 7 = Sunday, as `CalendarDay.weekday`).
    public static func weekdayName(_ weekday: Int, locale: DisplayLocale = .fr) -> String {
        (locale == .en ? weekdaysEN : weekdaysFR)[(weekday - 1 + 7) % 7]
    }

    /// « samedi 05/12/2026 » / "Saturday 05/12/2026": the weekday, then the day as every screen writes it.
    public static func weekdayDate(_ day: CalendarDay, locale: DisplayLocale = .fr) -> String {
        "\(weekdayName(day.weekday, locale: locale)) \(day.formatted(locale: locale))"
    }
}
