import ComptoirCore
import Foundation

/// What a segment selects: rows of « champ / opérateur / valeur », all of them or at least one (« toutes / au moins une
/// des conditions »). Stored as JSON in `segments.criteria`; see `SegmentConditions` for the fields, operators and
/// the SQL they become, and docs/DECISIONS.md for how segments saved as a list query are read.
public struct SegmentCriteria: Codable, Sendable, Hashable {
    public enum Match: String, Codable, Sendable, CaseIterable {
        case all, any
    }

    public var match: Match
    public var conditions: [SegmentCondition]

    public init(match: Match = .all, conditions: [SegmentCondition]) {
        self.match = match
        self.conditions = conditions
    }

    enum CodingKeys: String, CodingKey { case match, conditions }

    /// `match` may be left out: all the conditions.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        match = try container.decodeIfPresent(Match.self, forKey: .match) ?? .all
        conditions = try container.decode([SegmentCondition].self, forKey: .conditions)
    }

    /// The stored form: compact JSON with sorted keys, so an unchanged segment stores the same text.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The criteria of a stored or submitted JSON text; nil when it is not one.
    public static func decode(_ text: String) -> SegmentCriteria? {
        try? JSONDecoder().decode(SegmentCriteria.self, from: Data(text.utf8))
    }
}

/// One row: a field of the segment's records (its key, `tags` or `q`), an operator and its value(s). The operator is
/// kept as sent (`SegmentOperator`'s raw value), so an unknown one is reported on its row.
public struct SegmentCondition: Codable, Sendable, Hashable {
    public var field: String
    public var op: String
    /// The value as a person types it (dd/mm/yyyy, « 1 234,50 », a choice's label or code); tag ids or names joined by
    /// commas for `inList`; empty for `empty` / `notEmpty`. For `between`, the lower bound (empty: none).
    public var value: String
    /// For `between`, the upper bound (empty: none).
    public var value2: String?

    public init(_ field: String, _ op: SegmentOperator, _ value: String = "", _ value2: String? = nil) {
        self.init(field, op: op.rawValue, value, value2)
    }

    public init(_ field: String, op: String, _ value: String = "", _ value2: String? = nil) {
        self.field = field
        self.op = op
        self.value = value
        self.value2 = value2
    }

    public var operation: SegmentOperator? { SegmentOperator(rawValue: op) }

    enum CodingKeys: String, CodingKey { case field, op, value, value2 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decodeIfPresent(String.self, forKey: .field) ?? ""
        op = try container.decodeIfPresent(String.self, forKey: .op) ?? ""
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
        value2 = try container.decodeIfPresent(String.self, forKey: .value2)
    }
}

/// The operators a condition may use; which ones fit a field depends on its kind (`SegmentField.operators`).
public enum SegmentOperator: String, Codable, Sendable, CaseIterable {
    case equals = "is"
    case notEquals = "isNot"
    case contains
    case startsWith
    case empty
    case notEmpty
    case greater
    case less
    case between
    case inList
    case notInList

    public var label: Localized {
        switch self {
        case .equals: L("est", "is")
        case .notEquals: L("n'est pas", "is not")
        case .contains: L("contient", "contains")
        case .startsWith: L("commence par", "starts with")
        case .empty: L("est vide", "is empty")
        case .notEmpty: L("n'est pas vide", "is not empty")
        case .greater: L("supérieur à (>)", "greater than (>)")
        case .less: L("inférieur à (<)", "less than (<)")
        case .between: L("entre", "between")
        case .inList: L("dans la liste", "in the list")
        case .notInList: L("dans aucun de", "in none of")
        }
    }

    /// Operators that take no value.
    public var takesValue: Bool { self != .empty && self != .notEmpty }
}
