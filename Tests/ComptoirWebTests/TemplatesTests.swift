import ComptoirCore
import ComptoirDemo
import ComptoirServices
import ComptoirStore
import Foundation
import NIOCore
import Testing
import Vapor

@testable import ComptoirWeb

/// « Modèles de documents » and « Générer le document » through pages and the API: upload, lint, bad files, generation
/// from a contact, the merge tags, and who may reach what.
@Suite("Templates: pages and API")
struct TemplatesTests {
    static func multipart(_ fields: [(String, String)], file: (name: String, bytes: Data)?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----comptoir-template"
        var buffer = ByteBuffer()
        for (name, value) in fields {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            buffer.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            buffer.writeBytes(file.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, buffer)
    }

    static func templateCount(_ t: TestApp) async throws -> Int {
        try await DocumentTemplateStore.count(on: t.db).templates
    }

    @Test func anAdministratorUploadsChecksAndGeneratesFromAContact() async throws {
        try await TestApp.run { t in
            // setup
            var (admin, _) = try await t.signedIn(role: .admin)
            try await admin.open("/admin/document-templates")
            let (headers, body) = Self.multipart(
                [("name", "Attestation <b>"), ("target", "contact"), ("category", "Attestations"), ("description", "")],
                file: ("attestation.odt", try TemplatesDemo.certificate()))
            // act
            let created = try await admin.send(
                .POST, "/admin/document-templates?_csrf=\(admin.lastCSRF ?? "")", headers: headers, body: body)
            // validate
            #expect(created.status == .seeOther, "\(created.body)")
            let location = try #require(created.location)
            let detail = try await admin.open(location)
            #expect(detail.body.contains("Attestation &lt;b&gt;"))
            #expect(detail.body.contains("Aucune anomalie"))
            #expect(detail.body.contains("attestation.odt"))
            let check = try await admin.post(location + "/check", [:])
            #expect(check.status == .ok)
            #expect(check.body.contains("Vérifier le modèle"))
            #expect(check.body.contains("Aucune fiche de cette entité"))

            // A contact: its page offers « Générer le document »; generating files it and lists the empty tags.
            let contact = try await admin.send(
                .POST, "/api/v1/contacts", headers: ["Content-Type": "application/json", "X-CSRF-Token": admin.lastCSRF ?? ""],
                body: ByteBuffer(string: #"{"firstName":"Hélène","lastName":"Garcia"}"#))
            let contactID = try #require(contact.json?["id"]?.string, "\(contact.body)")
            let page = try await admin.open("/contacts/\(contactID)")
            #expect(page.body.contains("Générer le document"))
            let templateID = String(location.split(separator: "/").last!)
            let generated = try await admin.post(
                "/document-templates/generation", ["target": "contact", "recordId": contactID, "templateId": templateID])
            #expect(generated.status == .ok, "\(generated.body)")
            #expect(generated.body.contains("Balises sans valeur"))
            #expect(generated.body.contains("{{contact.job_title}}"))
            let start = try #require(generated.body.range(of: "href=\"/attachments/"))
            let link = String(generated.body[generated.body.index(start.lowerBound, offsetBy: 6)...].prefix(while: { $0 != "\"" }))
            let file = try await admin.get(link)
            #expect(file.status == .ok)
            #expect(file.bytes.starts(with: [0x50, 0x4B]), "a ZIP (ODT)")
            let attachments = try await AttachmentStore.list(ownerKind: "contacts", ownerID: UUID(uuidString: contactID)!, on: t.db)
            #expect(attachments.count == 1)
            #expect(attachments.first?.originalName.hasPrefix("Attestation _b_ - Hélène Garcia") == true)
        }
    }

    @Test func badUploadsComeBackWithTheMessageAndNothingSaved() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn(role: .admin)
            try await admin.open("/admin/document-templates")
            for (file, bytes, expected) in [
                ("notes.docx", Data("pas un zip".utf8), "n’est pas un modèle Word"),
                ("vide.docx", Data(), "Choisissez un fichier"),
            ] {
                let (headers, body) = Self.multipart([("name", "Mon modèle gardé"), ("target", "company")], file: (file, bytes))
                let page = try await admin.send(
                    .POST, "/admin/document-templates?_csrf=\(admin.lastCSRF ?? "")", headers: headers, body: body)
                #expect(page.status == .unprocessableEntity, "\(file): \(page.status)")
                #expect(page.body.contains(expected), "\(file)")
                #expect(page.body.contains("Mon modèle gardé"), "the input is kept")
            }
            // Unknown tags: kept, with the lint issue shown.
            let (headers, body) = Self.multipart(
                [("name", "Courrier"), ("target", "company")],
                file: ("courrier.docx", try DemoDocumentWriter.docx([.paragraph("{{company.name}} {{company.inconnue}}")], footer: "")))
            let kept = try await admin.send(.POST, "/admin/document-templates?_csrf=\(admin.lastCSRF ?? "")", headers: headers, body: body)
            #expect(kept.status == .seeOther)
            let detail = try await admin.get(try #require(kept.location))
            #expect(detail.body.contains("company.inconnue"))
            #expect(try await Self.templateCount(t) == 1)
            // A file over 20 MB is refused (413), nothing saved.
            let (bigHeaders, bigBody) = Self.multipart(
                [("name", "Trop gros"), ("target", "company")], file: ("gros.docx", Data(count: (20 << 20) + 100_000)))
            let huge = try await admin.send(
                .POST, "/admin/document-templates?_csrf=\(admin.lastCSRF ?? "")", headers: bigHeaders, body: bigBody)
            #expect(huge.status == .payloadTooLarge, "\(huge.status)")
            #expect(huge.body.contains("20 Mo"))
            // A user who is not an administrator uploads nothing.
            var (user, _) = try await t.signedIn(role: .user, email: "claire@example.fr")
            try await user.open("/admin/document-templates")
            let (h2, b2) = Self.multipart([("name", "X"), ("target", "company")], file: ("x.docx", try TemplatesDemo.contract()))
            let refused = try await user.send(.POST, "/admin/document-templates?_csrf=\(user.lastCSRF ?? "")", headers: h2, body: b2)
            #expect(refused.status == .forbidden)
            #expect(try await Self.templateCount(t) == 1)
        }
    }

    @Test func theAPIUploadsLintsRendersAndKeepsRecordsToTheirReaders() async throws {
        try await TestApp.run { t in
            // setup
            let adminUser = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let admin = APIClient(app: t.app, token: try await t.token(for: adminUser))
            let bob = APIClient(app: t.app, token: try await t.token(for: try await t.createUser("bob@example.fr")))
            let (headers, body) = Self.multipart(
                [("name", "Ordre de mission"), ("target", "project")], file: ("ordre.docx", try TemplatesDemo.missionOrder()))
            // act: create by multipart
            var request = headers
            request.replaceOrAdd(name: .authorization, value: "Bearer \(admin.token!)")
            var anonymous = t.browser()
            let created = try await anonymous.send(.POST, "/api/v1/document-templates", headers: request, body: body)
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json?["id"]?.string)
            guard case .array(let versions)? = created.json?["versions"] else { Issue.record("no versions"); return }
            #expect(versions.count == 1)
            // list, read, lint
            let list = try await bob.send(.GET, "/api/v1/document-templates?target=project")
            #expect(list.status == .ok && list.body.contains(id))
            #expect(try await bob.send(.GET, "/api/v1/document-templates?target=kyc").status == .unprocessableEntity)
            let lint = try await admin.send(.POST, "/api/v1/document-templates/\(id)/lint")
            #expect(lint.status == .ok, "\(lint.body)")
            #expect(lint.json?["issues"] == .array([]))
            // A private project of the admin: bob does not see it, gets no file.
            let project = try await admin.send(
                .POST, "/api/v1/projects", json: #"{"title":"Dossier secret","visibility":"private","status":"open"}"#)
            let projectID = try #require(project.json?["id"]?.string, "\(project.body)")
            let hidden = try await bob.send(.POST, "/api/v1/document-templates/\(id)/render", json: "{\"recordId\":\"\(projectID)\"}")
            #expect(hidden.status == .notFound)
            #expect(!hidden.bytes.starts(with: [0x50, 0x4B]))
            #expect(try await bob.send(.GET, "/api/v1/merge-tags?entity=project&recordId=\(projectID)").status == .notFound)
            let rendered = try await admin.send(.POST, "/api/v1/document-templates/\(id)/render", json: "{\"recordId\":\"\(projectID)\"}")
            #expect(rendered.status == .ok)
            #expect(rendered.bytes.starts(with: [0x50, 0x4B]))
            #expect(rendered.headers.first(name: "X-Missing-Tags")?.contains("company.name") == true)
            #expect(rendered.headers.first(name: "X-Attachment-Ids")?.isEmpty == false)
            #expect(rendered.headers.first(name: .contentDisposition)?.contains("Ordre") == true)
            // Bad bodies: 4xx, never a 500.
            #expect(
                try await admin.send(.POST, "/api/v1/document-templates/\(id)/render", json: #"{"recordId":"x"}"#).status
                    == .unprocessableEntity)
            #expect(
                try await admin.send(.POST, "/api/v1/document-templates/\(id)/render", json: #"{"autre":1}"#).status == .unprocessableEntity
            )
            // The merge tags with values.
            let tags = try await admin.send(.GET, "/api/v1/merge-tags?entity=project&recordId=\(projectID)")
            #expect(tags.status == .ok)
            #expect(tags.body.contains("\"project.title\"") && tags.body.contains("Dossier secret"))
            // A guest's token opens nothing; a user creates nothing.
            #expect(try await APIClient(app: t.app, token: nil).send(.GET, "/api/v1/document-templates").status == .unauthorized)
            var userRequest = headers
            userRequest.replaceOrAdd(name: .authorization, value: "Bearer \(bob.token!)")
            let refused = try await anonymous.send(.POST, "/api/v1/document-templates", headers: userRequest, body: body)
            #expect(refused.status == .forbidden)
            #expect(try await Self.templateCount(t) == 1)
        }
    }

    @Test func bulkGenerationFromTheContactsSelection() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn(role: .admin)
            try await admin.open("/contacts")
            let service = DocumentTemplateService(t.app.systemContext("test"))
            let template = try await service.create(
                DocumentTemplateInput(
                    name: "Courrier", target: "contact", fileName: "c.docx",
                    data: try DemoDocumentWriter.docx([.paragraph("Bonjour {{contact.first_name}}")], footer: "")))
            var ids: [String] = []
            for name in ["Alice", "Bruno"] {
                let created = try await APIClient(
                    app: t.app, token: try await t.token(for: try #require(try await User.find(email: "alice@example.fr", on: t.db)))
                )
                .send(.POST, "/api/v1/contacts", json: "{\"firstName\":\"\(name)\",\"lastName\":\"Test\"}")
                ids.append(try #require(created.json?["id"]?.string))
            }
            let list = try await admin.open("/contacts")
            #expect(list.body.contains("Générer les documents (ZIP)"))
            let zip = try await admin.post(
                "/contacts/selection",
                pairs: [("action", "generate"), ("templateId", template.uuidString.lowercased())] + ids.map { ("ids", $0) })
            #expect(zip.status == .ok, "\(zip.body)")
            #expect(zip.headers.first(name: "X-Generated-Count") == "2")
            #expect(zip.bytes.starts(with: [0x50, 0x4B]))
        }
    }
}
