import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Organisation profile")
struct OrganizationTests {
    static let valid = [
        "legalName": "Cabinet Lefèvre & Associés", "legalForm": "SAS", "shareCapital": "15 000,00",
        "addressLine1": "12 rue de la République",
        "postcode": "69002", "city": "Lyon", "country": "fr", "siren": "843 217 654", "siret": "843 217 654 00014",
        "vatNumber": "FR 62 843217654", "rcsCity": "Lyon", "phone": "04 78 12 34 56", "email": "contact@cabinet-lefevre.fr",
        "website": "www.cabinet-lefevre.fr", "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "AGRIFRPP",
    ]

    @Test func validProfileIsSavedNormalisedAndAudited() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/organization/edit")
            let saved = try await admin.post("/admin/organization", Self.valid)
            #expect(saved.status == .seeOther)
            let profile = try await OrganizationProfile.current(on: t.db)
            #expect(profile.legalName == "Cabinet Lefèvre & Associés")
            #expect(profile.siren == "843217654")
            #expect(profile.siret == "84321765400014")
            #expect(profile.vatNumber == "FR62843217654")
            #expect(profile.iban == "FR7630006000011234567890189")
            #expect(profile.shareCapital == 1_500_000)
            #expect(profile.country == "FR")
            #expect(profile.phone == "+33478123456")
            #expect(profile.website == "https://www.cabinet-lefevre.fr")
            let page = try await admin.get("/admin/organization")
            #expect(page.body.contains("15\u{00A0}000,00\u{00A0}€"))
            #expect(page.body.contains("04 78 12 34 56"))
            let audit = try await t.auditEntries(entity: "organization_profile")
            #expect(audit.count == 1)
            #expect(audit[0].changes.contains("84321765400014"))
            let api = try await APIClient(
                app: t.app, token: try await t.token(for: try #require(try await User.find(email: "alice@example.fr", on: t.db)))
            )
            .send(.GET, "/api/v1/organization")
            #expect(api.json?["shareCapital"] == "15000.00")
            #expect(api.json?["siret"] == "84321765400014")
        }
    }

    @Test(arguments: [
        ("siret", "843 217 654 00015", "SIRET"),
        ("siren", "843217655", "SIREN"),
        ("vatNumber", "FR99843217654", "TVA"),
        ("iban", "FR7630006000011234567890188", "IBAN"),
        ("postcode", "6900", "code postal"),
        ("email", "contact@", "e-mail"),
        ("bic", "12AB", "BIC"),
    ])
    func invalidIdentifierComesBackWithTheFieldNamedAndInputKept(field: String, value: String, word: String) async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/organization/edit")
            var form = Self.valid
            form[field] = value
            let response = try await admin.post("/admin/organization", form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains("id=\"f-\(field)-error\""))
            #expect(response.body.contains("href=\"#f-\(field)\""))
            #expect(response.body.contains(word))
            // The user's input is kept, including the other fields.
            #expect(response.body.contains("value=\"\(H.escapeAttribute(value))\""))
            #expect(response.body.contains("value=\"Cabinet Lefèvre &amp; Associés\""))
            // Nothing was saved.
            let profile = try await OrganizationProfile.current(on: t.db)
            #expect(profile.legalName == "")
            #expect(try await t.auditEntries(entity: "organization_profile").isEmpty)
        }
    }

    @Test func siretMustBelongToTheSirenAndAPIAnswers422WithFields() async throws {
        try await TestApp.run { t in
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let response = try await api.send(
                .PATCH, "/api/v1/organization", json: #"{"siren":"843217654","siret":"73282932000074","iban":"FR00"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.json?["error"]?["code"] == "validation_failed")
            #expect(response.json?["error"]?["fields"]?["siret"] != nil)
            #expect(response.json?["error"]?["fields"]?["iban"] != nil)
            #expect(try await OrganizationProfile.current(on: t.db).siren == nil)
        }
    }

    @Test func logoAcceptsPNGAndRefusesOtherFiles() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn()
            try await admin.open("/admin/organization")
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
            func multipart(_ bytes: [UInt8], name: String) -> (HTTPHeaders, ByteBuffer) {
                let boundary = "----comptoir-test"
                var buffer = ByteBuffer()
                buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(admin.lastCSRF ?? "")\r\n")
                buffer.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                buffer.writeBytes(bytes)
                buffer.writeString("\r\n--\(boundary)--\r\n")
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                return (headers, buffer)
            }
            let (h1, b1) = multipart(Array("<svg onload=alert(1)>".utf8), name: "logo.png")
            let refused = try await admin.send(.POST, "/admin/organization/logo?_csrf=\(admin.lastCSRF ?? "")", headers: h1, body: b1)
            #expect(refused.status == .seeOther)
            #expect(try await OrganizationProfile.current(on: t.db).logo == nil)
            let (h2, b2) = multipart(png, name: "logo.png")
            let accepted = try await admin.send(.POST, "/admin/organization/logo?_csrf=\(admin.lastCSRF ?? "")", headers: h2, body: b2)
            #expect(accepted.status == .seeOther)
            let logo = try await admin.get("/organization/logo")
            #expect(logo.status == .ok)
            #expect(logo.headers.contentType?.description.hasPrefix("image/png") == true)
        }
    }
}
