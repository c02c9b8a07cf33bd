import Foundation
import Testing

@testable import ComptoirDocuments

/// Our workbooks read back by openpyxl, an independent reader.
@Suite(.enabled(if: XLSXPythonChecker.available, "openpyxl is not installed (pip install openpyxl==3.1.5)"))
struct XLSXWriterPythonTests {
    @Test func openpyxlReadsTheValuesTypesAndFormats() throws {
        // setup
        var writer = XLSXWriter()
        writer.addSheet(
            name: "Stock",
            rows: [
                ["Référence", "Désignation", "Quantité", "Prix HT", "Entrée", "Actif"],
                ["REF-001", "Bœuf « bourguignon »", 12, 12.5, .date(year: 2026, month: 3, day: 14), .boolean(true)],
                [
                    "=SUM(A1)", "Ligne 1\nLigne 2\r\nfin", .integer(-3), .number(0.001), .date(year: 1900, month: 1, day: 1),
                    .boolean(false),
                ],
                [.empty, "  espaces  ", .empty, .number(1e20), .date(year: 1900, month: 3, day: 1)],
                [],
                ["a & b <c> \"d\" 'e'", "Jeanne d'Arc", "Œuvre 🇫🇷"],
            ], header: true)
        writer.addSheet(name: "Sociétés (été)", rows: [["Société Générale", 552120222]])
        // act
        let reading = try XLSXPythonChecker.read(writer.data())
        // validate
        #expect(reading.sheets == ["Stock", "Sociétés (été)"])
        let stock = try #require(reading.rows["Stock"])
        #expect(stock.count == 6)
        #expect(stock[0] == ["Référence", "Désignation", "Quantité", "Prix HT", "Entrée", "Actif"].map { "text:" + $0 })
        #expect(stock[1] == ["text:REF-001", "text:Bœuf « bourguignon »", "num:12", "num:12.5", "date:2026-03-14", "bool:true"])
        #expect(stock[2] == ["text:=SUM(A1)", "text:Ligne 1\nLigne 2\r\nfin", "num:-3", "num:0.001", "date:1900-01-01", "bool:false"])
        #expect(stock[3] == [nil, "text:  espaces  ", nil, "num:1e+20", "date:1900-03-01", nil])
        #expect(stock[4] == [nil, nil, nil, nil, nil, nil])
        #expect(stock[5] == ["text:a & b <c> \"d\" 'e'", "text:Jeanne d'Arc", "text:Œuvre 🇫🇷", nil, nil, nil])
        #expect(reading.formats["Stock"]?[1][4] == "dd/mm/yyyy")
        #expect(reading.bold["Stock"] == [true, true, true, true, true, true])
        #expect(reading.freeze["Stock"] == "A2")
        #expect(reading.freeze["Sociétés (été)"] == .some(nil))
        #expect(reading.rows["Sociétés (été)"] == [["text:Société Générale", "num:552120222"]])
    }
}
