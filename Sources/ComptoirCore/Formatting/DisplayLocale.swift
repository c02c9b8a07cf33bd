/// The languages the application displays: French first, English second.
public enum DisplayLocale: String, Sendable, CaseIterable, Codable {
    case fr
    case en
}
