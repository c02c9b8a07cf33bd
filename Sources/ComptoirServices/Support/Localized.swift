import ComptoirCore

/// A user-facing text in French (first) and English.
public struct Localized: Sendable, Hashable {
    public var fr: String
    public var en: String

    public init(_ fr: String, _ en: String) {
        self.fr = fr
        self.en = en
    }

    /// The same text in both languages (names, numbers).
    public static func same(_ text: String) -> Localized { Localized(text, text) }

    public func callAsFunction(_ locale: DisplayLocale) -> String {
        locale == .en ? en : fr
    }
}

/// Shorthand for `Localized(fr, en)`.
// swift-format-ignore: AlwaysUseLowerCamelCase
public func L(_ fr: String, _ en: String) -> Localized { Localized(fr, en) }

/// A field problem is its message: parsers return `Result<FieldValue, Localized>`.
extension Localized: Error {}
