import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation

/// The templates demo: a training certificate (ODT, for a contact), a mission order (DOCX, for a project) and a service
/// contract (DOCX, for a project), written by `DemoDocumentWriter` and uploaded through `DocumentTemplateService` like the
/// form does. They use organisation, company, contact and project tags, a conditional and repeated table rows, and pass
/// the linter with no issue.
public enum TemplatesDemo {
    typealias Block = DemoDocumentWriter.Block

    static let footer = "{{organization.name}} — {{organization.address_inline}} — SIRET {{organization.siret}}"

    /// The training certificate: « Attestation de formation », for a contact.
    public static func certificate() throws -> Data {
        try DemoDocumentWriter.odt(
            [
                .title("Attestation de formation"),
                .paragraph("{{organization.name}}\n{{organization.address}}\nN° SIRET : {{organization.siret}}"),
                .paragraph(""),
                .paragraph(
                    "Je soussigné(e), {{user.name}}, pour {{organization.name}}, atteste que {{contact.civility}} {{contact.first_name}} {{contact.last_name}}, {{contact.job_title}} chez {{company.name}}, a suivi la formation dispensée par notre organisme."
                ),
                .paragraph("{{#if company.siret}}"),
                .paragraph("Entreprise bénéficiaire : {{company.name}}, SIRET {{company.siret}}, {{company.address_inline}}."),
                .paragraph("{{/if}}"),
                .paragraph("Fait pour servir et valoir ce que de droit."),
                .paragraph("Fait à {{organization.city}}, le {{today_long}}."),
                .paragraph(""),
                .paragraph("{{user.name}}"),
            ], footer: footer)
    }

    /// The mission order: « Ordre de mission », for a project, with its participants in a table.
    public static func missionOrder() throws -> Data {
        try DemoDocumentWriter.docx(
            [
                .title("Ordre de mission"),
                .paragraph("{{organization.name}} — {{organization.address_inline}}"),
                .heading("Mission"),
                .paragraph(
                    "Projet : {{project.title}} ({{project.code}})\nClient : {{company.name}}\nInterlocuteur : {{contact.display_name}} — {{contact.email}}\nDu {{project.starts_on}} au {{project.ends_on}}"
                ),
                .heading("Intervenants"),
                .table(
                    ["Nom", "Rôle", "Nature"],
                    [["{{#participants}}{{name}}", "{{role}}", "{{kind}}{{/participants}}"]]),
                .paragraph("{{#if project.description}}"),
                .paragraph("Objet : {{project.description}}"),
                .paragraph("{{/if}}"),
                .paragraph("Émis le {{today}} par {{user.name}} ({{user.email}})."),
            ], footer: footer)
    }

    /// The service contract: « Contrat de prestation », for a project.
    public static func contract() throws -> Data {
        try DemoDocumentWriter.docx(
            [
                .title("Contrat de prestation de services"),
                .heading("Entre les soussignés"),
                .paragraph(
                    "{{organization.name}}, {{organization.legal_form}} au capital de {{organization.capital}}, {{organization.rcs}}, dont le siège est {{organization.address_inline}}, ci-après « le Prestataire »,"
                ),
                .paragraph("et"),
                .paragraph(
                    "{{company.name}}, {{company.legal_form}}, SIRET {{company.siret}}, dont le siège est {{company.address_inline}}, représentée par {{contact.civility}} {{contact.first_name}} {{contact.last_name}}, ci-après « le Client »."
                ),
                .heading("Article 1 — Objet"),
                .paragraph(
                    "Le Prestataire réalise pour le Client le projet « {{project.title}} », du {{project.starts_on_long}} au {{project.ends_on_long}}."
                ),
                .heading("Article 2 — Intervenants"),
                .table(["Intervenant", "Rôle"], [["{{#participants}}{{name}}", "{{role}}{{/participants}}"]]),
                .heading("Article 3 — Conditions"),
                .paragraph("Les conditions de paiement sont celles des devis acceptés par le Client."),
                .paragraph("Fait à {{organization.city}}, le {{today_long}}, en deux exemplaires."),
                .paragraph("Pour le Prestataire : {{user.name}}\t\tPour le Client : {{contact.display_name}}"),
            ], footer: footer)
    }

    @Sendable public static func load(_ context: ServiceContext) async throws -> [String] {
        // The templates' files go to the file store: without one (a context of the program with no data directory), none.
        guard context.files != nil else { return [] }
        let service = DocumentTemplateService(context)
        guard try await service.list(includeArchived: true).isEmpty else { return [] }
        let templates: [(DocumentTemplateInput)] = [
            DocumentTemplateInput(
                name: "Attestation de formation", description: "Attestation remise au stagiaire en fin de formation.", target: "contact",
                category: "Attestations", fileName: "attestation-formation.odt", data: try certificate()),
            DocumentTemplateInput(
                name: "Ordre de mission", description: "Ordre de mission des intervenants d'un projet.", target: "project",
                category: "Ordres de mission", fileName: "ordre-de-mission.docx", data: try missionOrder()),
            DocumentTemplateInput(
                name: "Contrat de prestation", description: "Contrat type entre l'organisation et le client d'un projet.",
                target: "project", category: "Contrats", fileName: "contrat-prestation.docx", data: try contract()),
        ]
        for input in templates { _ = try await service.create(input) }
        return ["  Modèles de documents : \(templates.count) (attestation de formation, ordre de mission, contrat)."]
    }
}
