import FluentKit
import SQLKit

/// The lock a write takes before it checks: inside a transaction, two writers of the same kind of record
/// run one after the other, so a check (a SIREN taken, a room booked) still holds when the row is written.
///
/// SQLite: every transaction begins IMMEDIATE (`ImmediateSQLite`), so the database's one write lock is
/// already held; nothing more to take. PostgreSQL: a transaction-scoped advisory lock named after the
/// scope (`companies`, `bookings`), released at commit or rollback.
///
/// **Order.** A transaction that takes several scopes takes them in this order, or two of them can wait on each other
/// (PostgreSQL then aborts one with « deadlock detected »): the written or deleted entities' own tables (`companies` before `contacts`),
/// then `interactions`, then `resource_bookings`, then `stock`, then `sales`, then `project_members`, then `contact_companies`.
/// Taking a scope again inside the same transaction does not wait.
public enum WriteLock {
    /// Takes the lock of `scope` until the end of the current transaction. Call inside a transaction.
    public static func acquire(_ scope: String, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "comptoir:" + scope)))").run()
    }
}
