import ComptoirServices
import Foundation
import Vapor

/// A one-time message shown on the next page (« Fiche enregistrée. »), carried in a short cookie.
public struct Flash: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case success, error, info }
    public var kind: Kind
    public var fr: String
    public var en: String

    static let cookieName = "comptoir_flash"

    public init(_ kind: Kind, _ text: Localized) {
        self.kind = kind
        self.fr = text.fr
        self.en = text.en
    }

    var encoded: String {
        (try? JSONEncoder().encode(self)).map { $0.base64EncodedString() } ?? ""
    }

    static func read(_ request: Request) -> Flash? {
        guard let raw = request.cookies[cookieName]?.string, let data = Data(base64Encoded: raw) else { return nil }
        return try? JSONDecoder().decode(Flash.self, from: data)
    }
}

extension Request {
    /// A 303 redirect (POST → GET) carrying a flash message.
    public func redirect(to path: String, flash: Flash?) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let flash {
            response.cookies[Flash.cookieName] = SessionCookies.cookie(flash.encoded, self)
        }
        return response
    }
}
