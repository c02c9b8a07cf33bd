import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// Demo: two sample files to try « Import assisté » (a French Excel CSV and an XLSX workbook) in
/// `<data>/exemples/`, and one saved configuration that matches the CSV. The program loads it as the last part of
/// the demo (`comptoir serve --demo`), after ComptoirDemo's.
public enum ImportsDemo {
    static let header = [
        "Raison sociale", "SIRET", "Code postal", "Ville", "Téléphone", "Civilité", "Prénom", "Nom", "Fonction", "E-mail",
        "Centres d'intérêt",
    ]
    static let rows: [[String]] = [
        [
            "Cabinet Lemaître & Associés", "73282932000074", "69002", "Lyon", "04 78 12 34 56", "Mme", "Hélène", "Lemaître", "Gérante",
            "helene.lemaitre@exemple.fr", "Assurance › Habitation",
        ],
        [
            "Cabinet Lemaître & Associés", "73282932000074", "69002", "Lyon", "04 78 12 34 56", "M.", "Frédéric", "Noël", "Comptable",
            "frederic.noel@exemple.fr", "",
        ],
        [
            "Boulangerie Saint-Éloi", "", "44000", "Nantes", "02 40 11 22 33", "M.", "Jérôme", "d'Arc", "Artisan boulanger",
            "jerome.darc@exemple.fr", "Client auto",
        ],
        ["", "", "75011", "Paris", "", "Mme", "Zoé", "Müller", "", "zoe.muller@exemple.fr", "Particulier"],
        [
            "Garage des Côteaux", "12345678901234", "33000", "Bordeaux", "05 56 00 00 00", "M.", "Loïc", "Nguyen", "Gérant",
            "loic.nguyen@exemple", "Prospect habitation",
        ],
    ]

    @Sendable public static func load(_ app: Application) async throws -> [String] {
        let folder = URL(fileURLWithPath: app.comptoir.dataDirectory).appendingPathComponent("exemples")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // What French Excel writes: Windows-1252, semicolons, CRLF.
        let text =
            ([header] + rows).map { row in
                row.map { $0.contains(";") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                    .joined(separator: ";")
            }.joined(separator: "\r\n") + "\r\n"
        let csv = folder.appendingPathComponent("clients-excel.csv")
        try Data(TextDecoding.windows1252Bytes(text)).write(to: csv)
        var workbook = XLSXWriter()
        try workbook.addSheet(
            name: "Contacts", rows: [header.map { XLSXCell.text($0) }] + rows.map { $0.map { XLSXCell.text($0) } }, header: true)
        let xlsx = folder.appendingPathComponent("contacts.xlsx")
        try workbook.write(to: xlsx)

        let name = "Clients (export Excel)"
        if try await ImportProfileStore.named(name, on: app.db) == nil {
            let targets = try await ImportTargets.all(on: app.db)
            let settings = ImportSettings(
                encoding: .windows1252, separator: ";", hasHeader: true,
                columns: ImportService.suggestedColumns(header, targets: targets), updateExisting: false)
            try await ImportProfileStore.create(
                id: app.comptoir.ids.next(), name: name, settings: try ImportJSON.encode(settings), by: nil,
                at: app.comptoir.clock.now(), on: app.db)
        }
        return ["Import assisté : fichiers d'exemple dans \(folder.path) (configuration « \(name) »)"]
    }
}
