import ComptoirStore
import FluentKit
import Foundation

/// What deleting a company, a contact or an interest tag takes with it, and what refuses it (see docs/DECISIONS.md,
/// « Deletion and personal data »). Documents that name a company (stock, delivery notes, serial numbers) keep it:
/// their deletion is refused, the record can be archived.
public enum DirectoryDeletion {
    public static let companies = DeletionRules(
        references: [
            .init("stock_movements", "company_id", .blocks) {
                L("\($0) mouvement(s) de stock la nomment", "\($0) stock movement(s) name it")
            },
            .init("delivery_notes", "company_id", .blocks) { L("\($0) bon(s) de livraison la nomment", "\($0) delivery note(s) name it") },
            .init("sales_documents", "company_id", .blocks) {
                L("\($0) document(s) de vente ou d'achat la nomment", "\($0) sales or purchase document(s) name it")
            },
            .init("sales_payments", "company_id", .blocks) { L("\($0) versement(s) la nomment", "\($0) payment(s) name it") },
            .init("products", "supplier_id", .blocks) {
                L("elle est le fournisseur par défaut de \($0) produit(s)", "it is the default supplier of \($0) product(s)")
            },
            .init("serial_numbers", "customer_id", .blocks) {
                L("\($0) numéro(s) de série lui ont été livrés", "\($0) serial number(s) were delivered to it")
            },
            .init("serial_events", "company_id", .blocks) {
                L("l'historique de \($0) mouvement(s) de numéros de série la nomme", "the history of \($0) serial number move(s) names it")
            },
            .init("project_companies", "company_id", .blocks) {
                L("elle est membre de \($0) projet(s) : retirez-la d'abord", "it is a member of \($0) project(s): remove it first")
            },
            .init("contact_companies", "company_id", .removed) {
                L("\($0) lien(s) avec des contacts (les contacts restent)", "\($0) link(s) with contacts (the contacts stay)")
            },
            .init("company_tags", "company_id", .removed) { L("\($0) centre(s) d'intérêt associé(s)", "\($0) interest tag(s) assigned") },
            .init("import_journal", "record_id", .removed) { L("\($0) trace(s) d'import", "\($0) import trace(s)") },
            .init("interactions", "company_id", .detached) {
                L("\($0) interaction(s) restent, sans société", "\($0) interaction(s) stay, without a company")
            },
            .init("companies", "merged_into", .detached) {
                L("\($0) fiche(s) fusionnée(s) dans celle-ci restent archivées", "\($0) record(s) merged into this one stay archived")
            },
        ],
        attachmentKind: "companies",
        locks: [StockMovementStore.lockScope, SalesDocumentStore.lockScope, ProjectMembers.lockScope, "contact_companies"],
        beforeDelete: { row, context in
            // Its contacts show its name in their search subtitle: they are indexed again once the links are gone.
            let contacts = try await DirectoryLinks.contacts(ofCompany: row.id, on: context.db).map(\.contactID)
            try await RecordReferences.delete(RecordReference("contact_companies", "company_id"), row.id, on: context.db)
            for contact in contacts { try await DirectoryIndexing.reindexContact(contact, on: context.db) }
            return []
        },
        afterDelete: { row, context in
            try await SearchIndex.remove(row.id, on: context.db)
        })

    public static let contacts = DeletionRules(
        references: [
            .init("project_contacts", "contact_id", .blocks) {
                L("il est membre de \($0) projet(s) : retirez-le d'abord", "they are a member of \($0) project(s): remove them first")
            },
            .init("delivery_notes", "contact_id", .blocks) {
                L("\($0) bon(s) de livraison le nomment", "\($0) delivery note(s) name them")
            },
            .init("sales_documents", "contact_id", .blocks) {
                L("\($0) document(s) de vente ou d'achat le nomment", "\($0) sales or purchase document(s) name them")
            },
            .init("sales_payments", "contact_id", .blocks) { L("\($0) versement(s) le nomment", "\($0) payment(s) name them") },
            .init("contact_companies", "contact_id", .removed) {
                L("\($0) lien(s) avec des sociétés (les sociétés restent)", "\($0) link(s) with companies (the companies stay)")
            },
            .init("contact_tags", "contact_id", .removed) { L("\($0) centre(s) d'intérêt associé(s)", "\($0) interest tag(s) assigned") },
            .init("interaction_contacts", "contact_id", .removed) {
                L("sa participation à \($0) interaction(s) (elles restent)", "their part in \($0) interaction(s) (they stay)")
            },
            .init("import_journal", "record_id", .removed) { L("\($0) trace(s) d'import", "\($0) import trace(s)") },
            .init("contacts", "merged_into", .detached) {
                L("\($0) fiche(s) fusionnée(s) dans celle-ci restent archivées", "\($0) record(s) merged into this one stay archived")
            },
        ],
        attachmentKind: "contacts",
        locks: [StockMovementStore.lockScope, SalesDocumentStore.lockScope, ProjectMembers.lockScope, "contact_companies"],
        blockers: { row, context in
            guard let email = row["email"].textValue, !email.isEmpty,
                try await RecordReferences.guestAccounts(email: email, on: context.db) > 0
            else { return [] }
            return [
                L(
                    "un accès extranet (invité) se connecte avec son adresse e-mail : désactivez-le d'abord",
                    "an extranet (guest) account signs in with their e-mail address: deactivate it first")
            ]
        },
        afterDelete: { row, context in
            try await SearchIndex.remove(row.id, on: context.db)
        })

    public static let tags = DeletionRules(
        references: [
            .init("tags", "parent_id", .blocks) {
                L("\($0) centre(s) d'intérêt sont rangés dessous", "\($0) interest tag(s) sit under it")
            },
            .init("company_tags", "tag_id", .removed) { L("il est retiré de \($0) société(s)", "it is removed from \($0) compan(y/ies)") },
            .init("contact_tags", "tag_id", .removed) { L("il est retiré de \($0) contact(s)", "it is removed from \($0) contact(s)") },
        ],
        locks: ["company_tags", "contact_tags", "segments"],
        blockers: { row, context in
            let segments = try await RecordReferences.segments(naming: row.id, on: context.db)
            guard !segments.isEmpty else { return [] }
            let names = segments.map { "« \($0.name) »" }.joined(separator: ", ")
            return [L("des segments filtrent sur lui : \(names)", "segments filter on it: \(names)")]
        })
}
