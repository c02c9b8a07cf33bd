import ComptoirStore
import Foundation

/// What deleting a project takes with it, and what refuses it (docs/DECISIONS.md, « Deletion and personal data »).
public enum ProjectDeletion {
    public static let projects = DeletionRules(
        references: [
            // Interactions of a private project would become visible to everyone once it is gone: they are moved or
            // deleted first, by someone who sees them.
            .init("interactions", "project_id", .blocks) {
                L(
                    "\($0) interaction(s) y sont rattachées : supprimez-les ou rattachez-les à un autre projet",
                    "\($0) interaction(s) belong to it: delete them or move them to another project")
            },
            .init("sales_documents", "project_id", .blocks) {
                L(
                    "\($0) document(s) de vente ou d'achat y sont rattachés (sa marge en dépend)",
                    "\($0) sales or purchase document(s) belong to it (its margin depends on them)")
            },
            .init("users", "default_project_id", where: "role = 'guest'", .blocks) {
                L(
                    "\($0) invité(s) de l'extranet y arrivent à la connexion : changez leur projet d'abord",
                    "\($0) extranet guest(s) land on it when they sign in: change their project first")
            },
            .init("project_users", "project_id", .removed) { L("\($0) membre(s) utilisateur(s)", "\($0) user member(s)") },
            .init("project_contacts", "project_id", .removed) {
                L("\($0) contact(s) membre(s) (les fiches restent)", "\($0) contact member(s) (the records stay)")
            },
            .init("project_companies", "project_id", .removed) {
                L("\($0) société(s) membre(s) (les fiches restent)", "\($0) company member(s) (the records stay)")
            },
        ],
        attachmentKind: "projects", locks: ["interactions", SalesDocumentStore.lockScope, ProjectMembers.lockScope])
}
