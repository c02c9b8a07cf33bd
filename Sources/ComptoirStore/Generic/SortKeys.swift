import ComptoirCore
import Foundation

/// Names lists sort in French order: each has a key column (`frenchSortKey` of the name, `COLLATE "C"` on PostgreSQL,
/// indexed with the id) that `TableStore.list` orders and pages by when the list is sorted by the name. `TableStore`
/// writes the key with the name on every insert and update; bulk writers (the import, the benchmark loaders) call
/// `complete` on their rows. Added by `AddSortKeys`.
public enum SortKeys {
    /// Table → name column → key column.
    public static let columns: [String: [String: String]] = [
        "companies": ["name": "name_sort"],
        "contacts": ["last_name": "last_name_sort", "display_name": "display_name_sort"],
        "projects": ["title": "title_sort"],
        "products": ["name": "name_sort"],
        "interactions": ["subject": "subject_sort"],
    ]

    /// The key column a list of `table` sorted by `column` orders by, if that column has one.
    public static func keyColumn(_ table: String, _ column: String) -> String? {
        columns[table]?[column]
    }

    /// Whether `column` is a key column of `table`.
    static func isKey(_ table: String, _ column: String) -> Bool {
        columns[table]?.values.contains(column) ?? false
    }

    /// Sets the key of every name the values hold (a cleared name gets an empty key).
    public static func complete(_ table: String, _ values: inout [String: FieldValue]) {
        guard let pairs = columns[table] else { return }
        for (name, key) in pairs {
            guard let value = values[name] else { continue }
            values[key] = .text(frenchSortKey(value.textValue ?? ""))
        }
    }
}
