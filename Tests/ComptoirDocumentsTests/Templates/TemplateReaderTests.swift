import Foundation
import Testing

@testable import ComptoirDocuments

/// Merged documents opened by independent readers installed by `.ci/run`: python-docx and odfpy compare the text,
/// LibreOffice headless converts them to PDF. Skipped on a machine without them, never under CI.
@Suite struct TemplateReaderTests {
    typealias F = TemplateFixtures

    static let ci = ProcessInfo.processInfo.environment["CI"] != nil
    static let docxAvailable = PythonRunner.available("docx")
    static let odfAvailable = PythonRunner.available("odf")
    static let soffice: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/soffice"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    static let values: MergeData = [
        "company.name": .text("ACME & Fils <SA> \"l'atelier\""),
        "organization.name": .text("Comptoir SARL"),
        "organization.address": .text("1 rue de la Paix\n75002 Paris"),
        "today": .text("4 décembre 2026"),
        "contact.company": .text("oui"),
        "lines": .list((1...3).map { ["description": .text("Formation n°\($0) <avancée>"), "amount": .text("1 234,5\($0) €")] }),
    ]

    static func docxTemplate() throws -> Data {
        try F.docx(
            body: F.wordSplit(before: "Client : ", tag: "company.name", after: ".")
                + F.wordTable([["Désignation", "Montant"], ["{{#lines}}{{description}}", "{{amount}}{{/lines}}"]])
                + F.wordParagraph("{{#if contact.company}}") + F.wordParagraph("Adresse : {{organization.address}}")
                + F.wordParagraph("{{/if}}") + F.wordParagraph("{{#if project.title}}") + F.wordParagraph("caché")
                + F.wordParagraph("{{/if}}") + F.wordTextBox("Le {{today}}"),
            header: F.wordSplit(before: "", tag: "organization.name", after: " — en-tête"),
            footer: F.wordParagraph("Page {{today}}")
        )
    }

    static func odtTemplate() throws -> Data {
        try F.odt(
            body: F.odfSplit(before: "Client : ", tag: "company.name", after: ".")
                + F.odfTable([["Désignation", "Montant"], ["{{#lines}}{{description}}", "{{amount}}{{/lines}}"]])
                + "<text:p>{{#if contact.company}}</text:p><text:p>Adresse : {{organization.address}}</text:p><text:p>{{/if}}</text:p>"
                + "<text:p>{{#if project.title}}</text:p><text:p>caché</text:p><text:p>{{/if}}</text:p>" + F.odfTextBox("Le {{today}}"),
            header: "<text:p>{{organization.name}} — en-tête</text:p>"
        )
    }

    static let expectedBody = [
        "Client : ACME & Fils <SA> \"l'atelier\".", "Adresse : 1 rue de la Paix\n75002 Paris",
    ]
    static let expectedCells = [
        "Désignation", "Montant", "Formation n°1 <avancée>", "1 234,51 €", "Formation n°2 <avancée>", "1 234,52 €",
        "Formation n°3 <avancée>", "1 234,53 €",
    ]

    struct Extracted: Decodable {
        var body: [String]
        var cells: [String]
        var header: [String]
        var footer: [String]?
    }

    @Test(.enabled(if: docxAvailable)) func pythonDocxReadsTheMergedText() throws {
        let merged = try TemplateEngine.merge(try Self.docxTemplate(), format: .docx, values: Self.values)
        #expect(merged.missingTags == ["project.title"])
        let script = """
            import sys, io, json, docx
            d = docx.Document(io.BytesIO(sys.stdin.buffer.read()))
            s = d.sections[0]
            print(json.dumps({
                "body": [p.text for p in d.paragraphs if p.text],
                "cells": [c.text for t in d.tables for r in t.rows for c in r.cells],
                "header": [p.text for p in s.header.paragraphs], "footer": [p.text for p in s.footer.paragraphs]}))
            """
        let output = try PythonRunner.run(script, input: merged.document)
        let extracted = try JSONDecoder().decode(Extracted.self, from: Data(output.utf8))
        #expect(extracted.body == Self.expectedBody)
        #expect(extracted.cells == Self.expectedCells)
        #expect(extracted.header == ["Comptoir SARL — en-tête"])
        #expect(extracted.footer == ["Page 4 décembre 2026"])
    }

    @Test(.enabled(if: odfAvailable)) func odfpyReadsTheMergedText() throws {
        let merged = try TemplateEngine.merge(try Self.odtTemplate(), format: .odt, values: Self.values)
        let script = """
            import sys, io, json
            from odf.opendocument import load
            from odf import text, table, teletype
            d = load(io.BytesIO(sys.stdin.buffer.read()))
            cells = [teletype.extractText(c) for c in d.text.getElementsByType(table.TableCell)]
            def outside_tables(p):
                n = p.parentNode
                while n is not None:
                    if n.qname[1] in ("table-cell", "text-box"): return False
                    n = n.parentNode
                return True
            print(json.dumps({
                "body": [teletype.extractText(p) for p in d.text.getElementsByType(text.P) if outside_tables(p) and teletype.extractText(p)],
                "cells": cells,
                "header": [teletype.extractText(p) for p in d.masterstyles.getElementsByType(text.P)]}))
            """
        let output = try PythonRunner.run(script, input: merged.document)
        let extracted = try JSONDecoder().decode(Extracted.self, from: Data(output.utf8))
        // teletype reads the frame's text as part of the paragraph anchoring it.
        #expect(extracted.body == Self.expectedBody + ["Le 4 décembre 2026"])
        #expect(extracted.cells == Self.expectedCells)
        #expect(extracted.header == ["Comptoir SARL — en-tête"])
    }

    @Test(.enabled(if: ci || soffice != nil)) func libreOfficeConvertsTheMergedDocumentsToPDF() throws {
        let soffice = try #require(Self.soffice, "soffice (libreoffice-writer-nogui) is installed by .ci/run")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let docx = try TemplateEngine.merge(try Self.docxTemplate(), format: .docx, values: Self.values).document
        let odt = try TemplateEngine.merge(try Self.odtTemplate(), format: .odt, values: Self.values).document
        try docx.write(to: directory.appendingPathComponent("fusion.docx"))
        try odt.write(to: directory.appendingPathComponent("attestation.odt"))
        try PythonRunner.run(
            executable: soffice,
            arguments: [
                "-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "pdf", "--outdir",
                directory.path, directory.appendingPathComponent("fusion.docx").path,
                directory.appendingPathComponent("attestation.odt").path,
            ]
        )
        for name in ["fusion.pdf", "attestation.pdf"] {
            let pdf = try Data(contentsOf: directory.appendingPathComponent(name))
            #expect(pdf.starts(with: Data("%PDF-".utf8)), "\(name)")
            #expect(pdf.count > 1_000, "\(name)")
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") {
            for name in ["fusion.pdf", "attestation.pdf"] {
                let text = try PythonRunner.run(
                    executable: "/usr/bin/pdftotext", arguments: ["-enc", "UTF-8", directory.appendingPathComponent(name).path, "-"]
                )
                #expect(text.contains("ACME & Fils <SA>"), "\(name)")
                // Narrow cells wrap "Formation n°3 <avancée>" over two lines.
                #expect(text.contains("Formation n°3") && text.contains("<avancée>"), "\(name)")
                #expect(text.contains("Comptoir SARL"), "\(name)")
                #expect(!text.contains("{{"), "\(name)")
            }
        }
    }
}
