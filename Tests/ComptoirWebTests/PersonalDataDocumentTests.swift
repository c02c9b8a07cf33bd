import ComptoirCore
import ComptoirServices
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The readable version of « Exporter ses données »: a standalone HTML page, downloaded, with French labels,
/// dd/mm/yyyy dates, country names, every value escaped and no script.
@Suite("Readable personal-data export")
struct PersonalDataDocumentTests {
    @Test func theReadableExportIsAStandaloneEscapedFrenchPage() async throws {
        try await TestApp.run { t in
            // setup
            var (browser, _) = try await t.signedIn(role: .user, email: "claire@example.fr")
            let admin = try await t.createUser("admin@example.fr", role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let created = try await api.send(
                .POST, "/api/v1/contacts",
                json:
                    #"{"firstName":"Solène","lastName":"Vasseur <script>alert(1)</script>","email":"solene@example.fr","addressCountry":"BE","birthDate":"1984-03-07"}"#
            )
            #expect(created.status == .created)
            let contact = try #require(created.json?["id"]?.string)
            let company = try #require(
                try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Fournil \"du\" <Pont>","billingCountry":"CH"}"#)
                    .json?["id"]?.string)
            _ = try await api.send(.PATCH, "/api/v1/contacts/\(contact)", json: #"{"jobTitle":"Pharmacienne"}"#)
            let page = try await browser.open("/contacts/\(contact)")
            #expect(page.body.contains("/contacts/\(contact)/personal-data.html"))
            #expect(page.body.contains("Belgique"))
            #expect(try await api.send(.GET, "/api/v1/companies/\(company)").json?["billingCountry"]?.string == "CH")

            // act
            let exported = try await browser.get("/contacts/\(contact)/personal-data.html")

            // validate
            #expect(exported.status == .ok)
            #expect(exported.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(exported.headers.first(name: .contentDisposition)?.contains(".html") == true)
            #expect(exported.headers.contentType?.subType == "html")
            #expect(exported.headers.first(name: "Content-Security-Policy")?.contains("default-src 'none'") == true)
            let html = exported.body
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<html lang=\"fr\">"))
            #expect(html.contains("<h1>Données personnelles de "))
            for heading in [
                "Fiche", "Sociétés et fonctions", "Centres d'intérêt", "Interactions", "Projets", "Consentements", "Fichiers",
                "Historique de la fiche",
            ] {
                #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
            }
            // French labels and values as on the contact's page: the country's name, the choice's label, the day.
            #expect(html.contains("<dt>Pays</dt><dd>Belgique</dd>"))
            #expect(html.contains("<dt>Date de naissance</dt><dd>07/03/1984</dd>"))
            #expect(html.contains("<dt>Fonction</dt><dd>Pharmacienne</dd>") || html.contains("Pharmacienne"))
            #expect(html.contains("<td>Création</td>") && html.contains("<td>Modification</td>"))
            #expect(html.range(of: #"<td>\d{2}/\d{2}/\d{4} \d{2}:\d{2}</td>"#, options: .regularExpression) != nil)
            // Every value escaped, and no script at all.
            #expect(html.contains("Vasseur &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("href=\"/"))
            // The export is audited as such.
            #expect(try await t.auditEntries(entity: "contacts").contains { $0.action == "export" })
        }
    }
}
