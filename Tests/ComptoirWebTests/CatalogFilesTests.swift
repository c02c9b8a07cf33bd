import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

/// The printed delivery note (serial numbers per line, no prices) and stock movement, read back by poppler's pdftotext.
@Suite("Catalog files: delivery note and stock movement PDFs")
struct CatalogFilesTests {
    static let popplerAvailable =
        ProcessInfo.processInfo.environment["CI"] != nil || FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    static func text(_ pdf: Data) throws -> String {
        try PythonChecker.run(
            "import subprocess, sys; sys.stdout.write(subprocess.run(['pdftotext', '-layout', '-', '-'], input=sys.stdin.buffer.read(), capture_output=True, check=True).stdout.decode())",
            input: pdf)
    }

    @Test func deliveryNoteAndMovementArePrintedWithTheirSerials() async throws {
        try await TestApp.run { t in
            // setup: a serial-tracked laptop received with three serials, a customer, a delivery note of two of them
            try await SalesAPITests().completeProfile(t)
            let context = t.app.systemContext("test")
            let warehouse = try await EntityService(WarehousesEntity.definition, context).create(
                EntityInput(values: ["name": "Entrepôt « Lyon »"], isPartial: false, omittedMeansDefault: true)
            ).id
            _ = try await EntityService(ProductsEntity.definition, context).create(
                EntityInput(
                    values: ["reference": "PC-14", "name": "Portable Pro 14\"", "stockManaged": "true", "serialTracked": "true"],
                    isPartial: false, omittedMeansDefault: true))
            let company = try await EntityService(CompaniesEntity.definition, context).create(
                EntityInput(
                    values: [
                        "name": "Garage Œuvre & Fils", "billingLine1": "3 avenue Foch", "billingPostcode": "69006", "billingCity": "Lyon",
                    ],
                    isPartial: false, omittedMeansDefault: true)
            ).id
            let receipt = try await StockMovementService(context).createDraft(
                StockMovementInput(
                    kind: "incoming", warehouse: warehouse.uuidString,
                    lines: [.init(product: "PC-14", quantity: "3", unitCost: "900", serials: "SN-A1\nSN-A2\nSN-A3")]))
            try await StockMovementService(context).validate(receipt)
            let note = try await DeliveryNoteService(context).create(
                DeliveryNoteInput(
                    company: company.uuidString, warehouse: warehouse.uuidString,
                    lines: [.init(product: "PC-14", quantity: "2", serials: "SN-A1\nSN-A3")]))
            let movement = try await DeliveryNoteService(context).transform(note)
            try await StockMovementService(context).validate(movement)
            var (user, _) = try await t.signedIn()
            // act
            let notePage = try await user.get("/delivery-notes/\(note.uuidString.lowercased())")
            let notePDF = try await user.get("/delivery-notes/\(note.uuidString.lowercased())/pdf")
            let movementPDF = try await user.get("/stock-movements/\(receipt.uuidString.lowercased())/pdf")
            let admin = try await t.createUser("admin@example.fr", role: .admin, name: "Admin")
            let api = APIClient(app: t.app, token: try await t.token(for: admin))
            let apiPDF = try await api.send(.GET, "/api/v1/delivery-notes/\(note.uuidString.lowercased())/pdf")
            // validate
            #expect(notePage.body.contains("/delivery-notes/\(note.uuidString.lowercased())/pdf"))
            #expect(notePDF.status == .ok)
            #expect(notePDF.headers.first(name: .contentType) == "application/pdf")
            #expect(notePDF.bytes.starts(with: Array("%PDF-".utf8)))
            #expect(apiPDF.status == .ok)
            #expect(movementPDF.status == .ok)
            #expect(try await user.get("/delivery-notes/\(UUID().uuidString.lowercased())/pdf").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/stock-movements/\(UUID().uuidString.lowercased())/pdf").status == .notFound)
            if Self.popplerAvailable {
                let noteText = try Self.text(notePDF.bytes)
                #expect(noteText.contains("Bon de livraison"))
                #expect(noteText.contains("Garage Œuvre & Fils"))
                #expect(noteText.contains("SN-A1") && noteText.contains("SN-A3"))
                #expect(!noteText.contains("SN-A2"), "only the delivered serials")
                #expect(!noteText.contains("900,00"), "no prices on a delivery note")
                let movementText = try Self.text(movementPDF.bytes)
                #expect(movementText.contains("Mouvement de stock"))
                #expect(movementText.contains("Entrepôt « Lyon »"))
                #expect(movementText.contains("SN-A2"))
            }
        }
    }
}
