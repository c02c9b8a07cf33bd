import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

extension DirectoryFields {
    /// Contacts add « vCard de la sélection » to the tag actions.
    @Sendable static func contactBulkActions(_ request: Request) async throws -> [HTMLNode] {
        try await tagBulkActions(request) + [
            H.el(
                "button", [("type", "submit"), ("name", "action"), ("value", "vcard"), ("class", "button")],
                text: L("vCard de la sélection", "vCard of the selection")(request.locale))
        ]
    }

    /// The list's bulk actions: tag or untag the selection.
    @Sendable static func tagBulkActions(_ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        guard Policy.allows(request.actor, .write, .directory) else { return [] }
        let tags = try await DirectoryService(request).tagTree()
        var nodes: [HTMLNode] = []
        if !tags.isEmpty {
            nodes.append(H.el("label", [("for", "bulk-tag")], text: L("Centre d'intérêt", "Interest tag")(locale)))
            nodes.append(
                EntityPagesView.select(
                    id: "bulk-tag", name: "tagId", options: tags.map { ($0.id.uuidString.lowercased(), $0.path) }, selected: ""))
            nodes.append(
                H.el(
                    "button", [("type", "submit"), ("name", "action"), ("value", "tag"), ("class", "button")],
                    text: L("Ajouter", "Add")(locale)))
            nodes.append(
                H.el(
                    "button", [("type", "submit"), ("name", "action"), ("value", "untag"), ("class", "button")],
                    text: L("Retirer", "Remove")(locale)))
        }
        return nodes
    }
}
