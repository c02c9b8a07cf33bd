import ComptoirStore
import FluentKit
import Foundation

/// What deleting an interaction or a resource takes with it, and what refuses it (docs/DECISIONS.md, « Deletion and
/// personal data »).
public enum ActivityDeletion {
    public static let interactions = DeletionRules(
        references: [
            .init("interaction_contacts", "interaction_id", .removed) {
                L("\($0) lien(s) avec des contacts (les contacts restent)", "\($0) link(s) with contacts (the contacts stay)")
            },
            .init("interaction_participants", "interaction_id", .removed) { L("\($0) participant(s)", "\($0) participant(s)") },
            .init("interaction_resources", "interaction_id", .removed) {
                L("\($0) ressource(s) et leurs réservations (libérées)", "\($0) resource(s) and their bookings (released)")
            },
            .init("resource_bookings", "interaction_id", .removed) { L("\($0) créneau(x) réservé(s)", "\($0) booked slot(s)") },
            .init("stage_history", "interaction_id", .removed) {
                L("\($0) étape(s) de l'historique des étapes", "\($0) step(s) of the stage history")
            },
            .init("interactions", "series_id", .removed) {
                L("\($0) occurrence(s) modifiée(s) de la série", "\($0) edited occurrence(s) of the series")
            },
            .init("interactions", "follow_up_of", .detached) {
                L("\($0) suivi(s) restent, sans lien avec elle", "\($0) follow-up(s) stay, no longer linked to it")
            },
            .init("sales_documents", "interaction_id", .detached) {
                L("\($0) document(s) de vente restent, sans lien avec elle", "\($0) sales document(s) stay, no longer linked to it")
            },
        ],
        attachmentKind: "interactions", locks: [BookingStore.lockScope, SalesDocumentStore.lockScope],
        beforeDelete: { row, context in
            // Occurrences edited alone are rows of their own: their files and project figures go with the series.
            let occurrences = try await RecordReferences.ids(RecordReference("interactions", "series_id"), row.id, on: context.db)
            guard !occurrences.isEmpty else { return [] }
            let projects = try await TableStore.getMany(InteractionsEntity.definition.tableSpec, ids: occurrences, on: context.db)
                .values.compactMap { $0["project_id"].uuidValue }
            let orphans = try await AttachmentStore.deleteAll(ownerKind: "interactions", ownerIDs: occurrences, on: context.db)
            for occurrence in occurrences { try await SearchIndex.remove(occurrence, on: context.db) }
            try await RecordReferences.delete(RecordReference("interactions", "series_id"), row.id, on: context.db)
            for project in Set(projects) where project != row["project_id"].uuidValue {
                try await ProjectAnalytics.refresh(project, on: context.db)
            }
            return orphans
        },
        afterDelete: { row, context in
            try await SearchIndex.remove(row.id, on: context.db)
            if let project = row["project_id"].uuidValue { _ = try await ProjectAnalytics.refresh(project, on: context.db) }
            // An occurrence edited alone: its date is skipped in the series, which would otherwise show it again.
            if let series = row["series_id"].uuidValue, let original = row["original_start"].dateValue,
                let master = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: series, on: context.db)
            {
                var skipped = InteractionOccurrences.exceptionDates(master)
                skipped.insert(original)
                try await TableStore.update(
                    InteractionsEntity.definition.tableSpec, id: series,
                    values: ["exdates": .text(InteractionOccurrences.encode(skipped))], on: context.db)
                try await AgendaBounds.refresh([series], on: context.db)
                if let saved = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: series, on: context.db) {
                    try await InteractionService(context).rebook(saved, on: context.db)
                }
            }
        })

    public static let resources = DeletionRules(
        references: [
            .init("resource_bookings", "resource_id", .blocks) {
                L(
                    "\($0) réservation(s) l'occupent : retirez-la des interactions d'abord",
                    "\($0) booking(s) hold it: remove it from the interactions first")
            },
            .init("interaction_resources", "resource_id", .blocks) {
                L("\($0) interaction(s) la réservent", "\($0) interaction(s) book it")
            },
            .init("calendar_feeds", "subject_id", where: "kind = 'resource'", .removed) {
                L(
                    "\($0) abonnement(s) ICS à son agenda (les liens cessent de fonctionner)",
                    "\($0) ICS subscription(s) to its agenda (the links stop working)")
            },
        ],
        locks: ["interactions", BookingStore.lockScope])
}
