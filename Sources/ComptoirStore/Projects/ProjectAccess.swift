import FluentKit
import Foundation
import SQLKit

/// Which projects a user may see: public ones, and private ones they are a member of.
/// The same condition filters lists, search, agendas and attachments, so nothing leaks.
public enum ProjectAccess {
    /// SQL condition on a `project_id` column (a constant of the code, never user input): NULL (no project),
    /// a public project, or a private one the user belongs to.
    public static func visible(_ column: String, user: UUID) -> SQLQueryString {
        """
        (\(unsafeRaw: column) IS NULL OR \(unsafeRaw: column) IN (SELECT id FROM projects WHERE visibility = 'public') \
        OR \(unsafeRaw: column) IN (SELECT project_id FROM project_users WHERE user_id = \(bind: user)))
        """
    }

    /// Whether the user may see this project; a guest only the projects they are a member of.
    public static func canSee(_ project: UUID, user: UUID, guest: Bool = false, on db: any Database) async throws -> Bool {
        let sql = try TableStore.sqlDatabase(db)
        let member =
            try await sql.raw("SELECT id FROM project_users WHERE project_id = \(bind: project) AND user_id = \(bind: user)").first() != nil
        if member || guest { return member }
        return try await sql.raw("SELECT id FROM projects WHERE id = \(bind: project) AND visibility = 'public'").first() != nil
    }
}

/// Project analytics: sales, purchases and margin from every registered source: won deals (interactions of the sale
/// and purchase types) and the sales documents (`salesDocuments`). A won deal stops counting once a validated document
/// is linked to it: the document then tells what was really sold or bought, and the deal is not counted twice.
public enum ProjectAnalytics {
    public struct Figures: Sendable, Hashable {
        public var sales: Int64
        public var purchases: Int64

        public init(sales: Int64, purchases: Int64) {
            self.sales = sales
            self.purchases = purchases
        }

        public var margin: Int64 { sales - purchases }
        /// Margin over sales, in basis points (nil without sales).
        public var marginRate: Int64? { sales == 0 ? nil : margin * 10_000 / sales }
    }

    /// A source adds its sales and purchases (cents) for a project.
    public typealias Source = @Sendable (_ project: UUID, _ db: any Database) async throws -> (sales: Int64, purchases: Int64)

    /// Won sale and purchase interactions (outcome `won` of the « Vente » and « Achat » types) without a validated
    /// sales document linked to them.
    public static let interactions: Source = { project, db in
        let row = try await TableStore.sqlDatabase(db).raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN i.type_id = \(bind: ActivityDefaults.saleTypeID) THEN i.amount ELSE 0 END), 0) AS BIGINT) AS sales,
                   CAST(COALESCE(SUM(CASE WHEN i.type_id = \(bind: ActivityDefaults.purchaseTypeID) THEN i.amount ELSE 0 END), 0) AS BIGINT) AS purchases
            FROM interactions i JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE i.project_id = \(bind: project) AND s.outcome = 'won' AND i.archived = \(bind: false) AND i.amount IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sales_documents d WHERE d.interaction_id = i.id AND d.reference IS NOT NULL)
            """
        ).first()
        return (try row?.decode(column: "sales", as: Int64.self) ?? 0, try row?.decode(column: "purchases", as: Int64.self) ?? 0)
    }

    public static let sources: [Source] = [interactions, salesDocuments]

    /// Recomputes and stores a project's figures (call inside the write that changed them).
    @discardableResult
    public static func refresh(_ project: UUID, on db: any Database) async throws -> Figures {
        var figures = Figures(sales: 0, purchases: 0)
        for source in sources {
            let (sales, purchases) = try await source(project, db)
            figures.sales += sales
            figures.purchases += purchases
        }
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE projects SET sales_total = \(bind: figures.sales), purchases_total = \(bind: figures.purchases), margin = \(bind: figures.margin)
            WHERE id = \(bind: project)
            """
        ).run()
        return figures
    }
}
