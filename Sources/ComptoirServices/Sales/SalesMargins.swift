import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// A project's margin (« Marge »): what its sales documents and its won deals bring in and cost, excl. VAT.
public struct ProjectMargin: Sendable, Hashable {
    /// The sales and purchase documents filed in the project.
    public var documents: SalesMarginFigures
    /// Won deals (sales, purchases) without a validated document linked to them.
    public var deals: (sales: Int64, purchases: Int64)

    public var sales: Int64 { documents.sales + deals.sales }
    public var purchases: Int64 { documents.purchased + deals.purchases }
    public var margin: Int64 { sales - purchases }
    /// Margin over sales, in basis points (nil without sales).
    public var marginRate: Int64? { sales == 0 ? nil : margin * 10_000 / sales }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.documents == rhs.documents && lhs.deals.sales == rhs.deals.sales && lhs.deals.purchases == rhs.deals.purchases
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(documents)
        hasher.combine(deals.sales)
        hasher.combine(deals.purchases)
    }
}

/// Project margins: read for the project page and the API, refreshed on the project row (which the projects list sorts
/// and filters by) in the same transaction as the validation that changes them.
public enum SalesMargins {
    /// The margin of a project the actor sees (404 otherwise) and whose amounts they may read (sales rights, 403).
    public static func project(_ id: UUID, _ context: ServiceContext) async throws -> ProjectMargin {
        let project = try await ProjectMembers.visibleProject(id, context)
        try context.authorize(.read, .sales)
        return try await context.transaction { context in
            let documents = try await SalesMarginStore.figures(project: project, on: context.db)
            let deals = try await ProjectAnalytics.interactions(project, context.db)
            // Keep the row the list sorts by in step (a database filled before the documents counted).
            try await ProjectAnalytics.refresh(project, on: context.db)
            return ProjectMargin(documents: documents, deals: deals)
        }
    }

    /// Recomputes the figures of every project a validated document moves (call inside the validation's transaction).
    static func refresh(after document: UUID, _ context: ServiceContext) async throws {
        for project in try await SalesMarginStore.projectsTouched(by: document, on: context.db) {
            try await ProjectAnalytics.refresh(project, on: context.db)
        }
    }
}
