import ComptoirCore
import ComptoirDemo
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import ZIPFoundation

/// Records and files the template tests share: an organisation, a company with a custom field, a contact linked to it,
/// a project with members, and templates written by the demo's writer.
struct TemplateWorld {
    var company: UUID
    var contact: UUID
    var project: UUID

    static func files() -> BlobStore {
        BlobStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)").path)
    }

    /// A context with a file store (the tests' contexts have none by default).
    static func withFiles(_ context: ServiceContext, _ files: BlobStore) -> ServiceContext {
        var copy = context
        copy.files = files
        return copy
    }

    static func make(_ context: ServiceContext) async throws -> TemplateWorld {
        _ = try await EntityService(OrganizationEntity.definition, context).update(
            OrganizationProfile.singletonID,
            EntityInput(
                values: [
                    "legalName": "Conseil & Associés", "addressLine1": "12 rue de la Paix", "postcode": "75002", "city": "Paris",
                    "siren": "552100554", "siret": "55210055400013", "shareCapital": "10000",
                ], isPartial: true))
        _ = try await EntityService(CustomFieldsEntity.definition, context).create(
            EntityInput(
                values: [
                    "entity": "companies", "key": "segment", "label": "Segment", "kind": "text", "options": "", "required": "false",
                    "showInList": "false", "position": "10", "active": "true",
                ], isPartial: false))
        let companies = EntityService(try await CompaniesEntity.definition.resolved(for: context), context)
        let company = try await companies.create(
            EntityInput(
                values: [
                    "name": "Boulangerie <Dupont> & Fils", "billingLine1": "3 place Bellecour", "billingPostcode": "69002",
                    "billingCity": "Lyon", "cf_segment": "Artisans",
                ],
                isPartial: false, omittedMeansDefault: true)
        ).id
        let contacts = EntityService(try await ContactsEntity.definition.resolved(for: context), context)
        let contact = try await contacts.create(
            EntityInput(
                values: ["firstName": "Hélène", "lastName": "Garcia", "civility": "Mme", "email": "helene@example.fr"], isPartial: false,
                omittedMeansDefault: true)
        ).id
        try await DirectoryService(context).link(contact: contact, company: company, role: "Gérante")
        let projects = EntityService(try await ProjectsEntity.definition.resolved(for: context), context)
        let project = try await projects.create(
            EntityInput(
                values: [
                    "title": "Formation hygiène", "code": "FH-01", "visibility": "public", "status": "open", "startsOn": "2026-12-04",
                ],
                isPartial: false, omittedMeansDefault: true)
        ).id
        _ = try await ProjectMembers.addToProject(project, kind: "contacts", target: .id(contact.uuidString), role: "Stagiaire", context)
        _ = try await ProjectMembers.addToProject(project, kind: "companies", target: .id(company.uuidString), role: "Client", context)
        return TemplateWorld(company: company, contact: contact, project: project)
    }

    /// A DOCX with the given paragraphs.
    static func docx(_ paragraphs: [String]) throws -> Data {
        try DemoDocumentWriter.docx(paragraphs.map { .paragraph($0) }, footer: "{{organization.name}}")
    }

    /// The text of a merged document's main part (tags of Word's or LibreOffice's XML removed).
    static func text(_ document: Data) throws -> String {
        let archive = try Archive(data: document, accessMode: .read)
        var out = ""
        for name in ["word/document.xml", "content.xml"] {
            guard let entry = archive[name] else { continue }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out += String(decoding: data, as: UTF8.self)
        }
        return out.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    }

    static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) {
                position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }
}
