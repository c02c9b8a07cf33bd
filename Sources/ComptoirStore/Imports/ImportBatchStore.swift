import FluentKit
import Foundation
import SQLKit

/// One import (« import assisté »): its file, settings, state, progress and reports.
/// Settings, analysis and reports are JSON documents owned by the web layer.
public struct ImportBatchRecord: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        /// Uploaded and analysed; the mapping can be edited.
        case analysed
        case simulating, simulated
        /// Waiting for a worker, then running.
        case queued, running
        case done, cancelled, failed
        case rolledBack = "rolled_back"

        /// A job is (or should be) working on the batch.
        public var isActive: Bool { self == .simulating || self == .queued || self == .running }
        /// The mapping and settings may still change.
        public var isEditable: Bool { self == .analysed || self == .simulated }
        /// The batch wrote records that « Annuler l'import » can remove.
        public var canRollBack: Bool { self == .done || self == .cancelled || self == .failed }
    }

    public var id: UUID
    public var fileName: String
    /// Relative to the data directory.
    public var filePath: String
    public var fileKind: String
    public var fileSize: Int
    public var settings: String
    public var analysis: String
    public var profileID: UUID?
    public var userID: UUID?
    public var status: Status
    public var simulationReport: String?
    public var report: String?
    public var rowsDone: Int
    public var bytesDone: Int
    public var cancelRequested: Bool
    /// The time written on every record the batch created or updated.
    public var stamp: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var message: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// Reads and writes import batches.
public enum ImportBatchStore {
    static let columns = """
        id, file_name, file_path, file_kind, file_size, settings, analysis, profile_id, user_id, status, simulation_report, report, \
        rows_done, bytes_done, cancel_requested, stamp, started_at, finished_at, message, created_at, updated_at
        """

    public static func create(
        id: UUID, fileName: String, filePath: String, fileKind: String, fileSize: Int, settings: String, analysis: String,
        userID: UUID?, at date: Date, on db: any Database
    ) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.insert(into: "import_batches")
            .columns(
                "id", "file_name", "file_path", "file_kind", "file_size", "settings", "analysis", "user_id", "status",
                "rows_done", "bytes_done", "cancel_requested", "created_at", "updated_at"
            )
            .values(
                SQLBind(id), SQLBind(fileName), SQLBind(filePath), SQLBind(fileKind), SQLBind(Int64(fileSize)), SQLBind(settings),
                SQLBind(analysis), userID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null,
                SQLBind(ImportBatchRecord.Status.analysed.rawValue),
                SQLBind(Int64(0)), SQLBind(Int64(0)), SQLBind(false), SQLBind(date), SQLBind(date)
            )
            .run()
    }

    public static func get(_ id: UUID, on db: any Database) async throws -> ImportBatchRecord? {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM import_batches WHERE id = \(bind: id)").first().map(decode)
    }

    /// The most recent batches first.
    public static func recent(limit: Int, on db: any Database) async throws -> [ImportBatchRecord] {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM import_batches ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)")
            .all().map(decode)
    }

    public static func updateSettings(_ id: UUID, settings: String, analysis: String, profileID: UUID?, at date: Date, on db: any Database)
        async throws
    {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.update("import_batches")
            .set("settings", to: SQLBind(settings)).set("analysis", to: SQLBind(analysis))
            .set("profile_id", to: profileID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
            .set("updated_at", to: SQLBind(date))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Moves the batch from one of `from` to `to`; false when another request or worker got there first.
    public static func transition(
        _ id: UUID, from: [ImportBatchRecord.Status], to: ImportBatchRecord.Status, at date: Date, on db: any Database
    ) async throws -> Bool {
        let sql = try TableStore.sqlDatabase(db)
        let binds: [any Encodable & Sendable] = from.map(\.rawValue)
        var extra: SQLQueryString = ""
        if to == .running || to == .simulating {
            extra = ", started_at = \(bind: date), rows_done = 0, bytes_done = 0, cancel_requested = \(bind: false), message = NULL"
        }
        if to == .running { extra = extra + ", stamp = \(bind: date)" }
        let rows = try await sql.raw(
            """
            UPDATE import_batches SET status = \(bind: to.rawValue), updated_at = \(bind: date)\(extra)
            WHERE id = \(bind: id) AND status IN (\(binds: binds)) RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    public static func saveProgress(
        _ id: UUID, rowsDone: Int, bytesDone: Int, report: String?, column: String = "report", at date: Date, on db: any Database
    ) async throws {
        let sql = try TableStore.sqlDatabase(db)
        var query = sql.update("import_batches")
            .set("rows_done", to: SQLBind(Int64(rowsDone))).set("bytes_done", to: SQLBind(Int64(bytesDone)))
            .set("updated_at", to: SQLBind(date))
        if let report { query = query.set(SQLColumn(column), to: SQLBind(report)) }
        try await query.where("id", .equal, SQLBind(id)).run()
    }

    public static func finish(
        _ id: UUID, status: ImportBatchRecord.Status, reportColumn: String, report: String?, message: String?, at date: Date,
        on db: any Database
    ) async throws {
        let sql = try TableStore.sqlDatabase(db)
        var query = sql.update("import_batches")
            .set("status", to: SQLBind(status.rawValue)).set("finished_at", to: SQLBind(date)).set("updated_at", to: SQLBind(date))
            .set("message", to: message.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
        if let report { query = query.set(SQLColumn(reportColumn), to: SQLBind(report)) }
        try await query.where("id", .equal, SQLBind(id)).run()
    }

    public static func requestCancel(_ id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.update("import_batches").set("cancel_requested", to: SQLBind(true)).where("id", .equal, SQLBind(id)).run()
    }

    public static func cancelRequested(_ id: UUID, on db: any Database) async throws -> Bool {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT cancel_requested FROM import_batches WHERE id = \(bind: id)").first()?
            .decode(column: "cancel_requested", as: Bool.self) ?? false
    }

    /// Batches a stopped process left running: marked failed (their written chunks stay whole and can be undone).
    public static func failInterrupted(at date: Date, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw(
            """
            UPDATE import_batches SET status = \(bind: ImportBatchRecord.Status.failed.rawValue), finished_at = \(bind: date), updated_at = \(bind: date),
            message = \(bind: "interrupted") WHERE status IN (\(bind: "running"), \(bind: "queued"))
            """
        ).run()
        try await sql.raw(
            """
            UPDATE import_batches SET status = \(bind: ImportBatchRecord.Status.analysed.rawValue), updated_at = \(bind: date)
            WHERE status = \(bind: "simulating")
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> ImportBatchRecord {
        ImportBatchRecord(
            id: try row.decode(column: "id", as: UUID.self), fileName: try row.decode(column: "file_name", as: String.self),
            filePath: try row.decode(column: "file_path", as: String.self), fileKind: try row.decode(column: "file_kind", as: String.self),
            fileSize: Int(try row.decode(column: "file_size", as: Int64.self)),
            settings: try row.decode(column: "settings", as: String.self),
            analysis: try row.decode(column: "analysis", as: String.self), profileID: try row.decode(column: "profile_id", as: UUID?.self),
            userID: try row.decode(column: "user_id", as: UUID?.self),
            status: ImportBatchRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            simulationReport: try row.decode(column: "simulation_report", as: String?.self),
            report: try row.decode(column: "report", as: String?.self),
            rowsDone: Int(try row.decode(column: "rows_done", as: Int64.self)),
            bytesDone: Int(try row.decode(column: "bytes_done", as: Int64.self)),
            cancelRequested: try row.decode(column: "cancel_requested", as: Bool.self),
            stamp: try row.decode(column: "stamp", as: Date?.self),
            startedAt: try row.decode(column: "started_at", as: Date?.self),
            finishedAt: try row.decode(column: "finished_at", as: Date?.self),
            message: try row.decode(column: "message", as: String?.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}

/// A saved import configuration (« configuration d'import »).
public struct ImportProfileRecord: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var settings: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// Reads and writes import configurations; names are unique.
public enum ImportProfileStore {
    public static func all(on db: any Database) async throws -> [ImportProfileRecord] {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT id, name, settings, created_at, updated_at FROM import_profiles ORDER BY name").all().map(decode)
    }

    public static func get(_ id: UUID, on db: any Database) async throws -> ImportProfileRecord? {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT id, name, settings, created_at, updated_at FROM import_profiles WHERE id = \(bind: id)").first()
            .map(decode)
    }

    public static func named(_ name: String, on db: any Database) async throws -> ImportProfileRecord? {
        let sql = try TableStore.sqlDatabase(db)
        return try await sql.raw("SELECT id, name, settings, created_at, updated_at FROM import_profiles WHERE name = \(bind: name)")
            .first().map(decode)
    }

    public static func create(id: UUID, name: String, settings: String, by user: UUID?, at date: Date, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.insert(into: "import_profiles").columns("id", "name", "settings", "created_by", "created_at", "updated_at")
            .values(
                SQLBind(id), SQLBind(name), SQLBind(settings), user.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null,
                SQLBind(date), SQLBind(date)
            )
            .run()
    }

    public static func update(_ id: UUID, name: String? = nil, settings: String? = nil, at date: Date, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        var query = sql.update("import_profiles").set("updated_at", to: SQLBind(date))
        if let name { query = query.set("name", to: SQLBind(name)) }
        if let settings { query = query.set("settings", to: SQLBind(settings)) }
        try await query.where("id", .equal, SQLBind(id)).run()
    }

    public static func delete(_ id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.delete(from: "import_profiles").where("id", .equal, SQLBind(id)).run()
    }

    static func decode(_ row: any SQLRow) throws -> ImportProfileRecord {
        ImportProfileRecord(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            settings: try row.decode(column: "settings", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
