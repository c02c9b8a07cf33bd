import Foundation

/// A typed cell value, the common currency of generic lists, forms, the API and the audit log.
public enum FieldValue: Sendable, Hashable {
    case null
    case text(String)
    case bool(Bool)
    case int(Int64)
    case date(Date)
    case uuid(UUID)

    public var isNull: Bool { self == .null }

    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var dateValue: Date? {
        if case .date(let value) = self { return value }
        return nil
    }

    public var uuidValue: UUID? {
        if case .uuid(let value) = self { return value }
        return nil
    }

    /// The value as SQL bind, `nil` for NULL.
    var bindable: (any Encodable & Sendable)? {
        switch self {
        case .null: return nil
        case .text(let value): return value
        case .bool(let value): return value
        case .int(let value): return value
        case .date(let value): return value
        case .uuid(let value): return value
        }
    }
}

extension FieldValue: Codable {
    private enum CodingKeys: String, CodingKey { case t, v }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .t) {
        case "n": self = .null
        case "s": self = .text(try container.decode(String.self, forKey: .v))
        case "b": self = .bool(try container.decode(Bool.self, forKey: .v))
        case "i": self = .int(try container.decode(Int64.self, forKey: .v))
        case "d": self = .date(Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .v)))
        case "u": self = .uuid(try container.decode(UUID.self, forKey: .v))
        default:
            throw DecodingError.dataCorruptedError(forKey: .t, in: container, debugDescription: "unknown value kind")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .null: try container.encode("n", forKey: .t)
        case .text(let value): try container.encode("s", forKey: .t); try container.encode(value, forKey: .v)
        case .bool(let value): try container.encode("b", forKey: .t); try container.encode(value, forKey: .v)
        case .int(let value): try container.encode("i", forKey: .t); try container.encode(value, forKey: .v)
        case .date(let value): try container.encode("d", forKey: .t); try container.encode(value.timeIntervalSince1970, forKey: .v)
        case .uuid(let value): try container.encode("u", forKey: .t); try container.encode(value, forKey: .v)
        }
    }
}
