import Foundation

/// A country of ISO 3166-1 (alpha-2 code), with the names French and English screens show: users read « Belgique »,
/// the database and the API keep « BE ».
public struct Country: Sendable, Hashable {
    public let code: String
    public let french: String
    public let english: String

    public init(_ code: String, french: String, english: String) {
        self.code = code
        self.french = french
        self.english = english
    }

    public func name(_ locale: DisplayLocale) -> String {
        locale == .en ? english : french
    }

    private static let byCode: [String: Country] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The country of a code (any case, spaces around ignored), or nil for a code ISO 3166-1 does not list.
    public static func named(_ code: String) -> Country? {
        byCode[code.trimmingCharacters(in: .whitespaces).uppercased()]
    }

    /// What a screen shows for a stored code: the country's name, or the code itself when it is not one of ISO 3166-1
    /// (a value stored before the list was checked), or "" for none.
    public static func displayName(_ code: String?, _ locale: DisplayLocale) -> String {
        guard let code, !code.isEmpty else { return "" }
        return named(code)?.name(locale) ?? code
    }

    /// The order of a country select: France first, then every other country by its French name in French order
    /// (`frenchSortKey`: « Égypte » among the E's, « Îles Salomon » among the I's).
    public static let formOrder: [Country] = {
        let france = all.filter { $0.code == "FR" }
        let others = all.filter { $0.code != "FR" }.map { (frenchSortKey($0.french), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        return france + others
    }()

    /// The country whose code, French or English name is `text` (case, accents and punctuation ignored): what an import
    /// cell or a typed value may hold (« fr », « Belgique », « Royaume Uni »).
    public static func find(_ text: String) -> Country? {
        if let country = named(text) { return country }
        let key = frenchSortKeyPrefix(text)
        guard !key.isEmpty else { return nil }
        return byName[key]
    }

    private static let byName: [String: Country] = {
        var names: [String: Country] = [:]
        for country in all {
            for name in [country.french, country.english] where names[frenchSortKeyPrefix(name)] == nil {
                names[frenchSortKeyPrefix(name)] = country
            }
        }
        return names
    }()
}
