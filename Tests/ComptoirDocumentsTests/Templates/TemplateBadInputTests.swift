import Foundation
import Testing

@testable import ComptoirDocuments

/// Wrong, damaged and hostile files end in the right `TemplateError`, quickly and with bounded memory.
@Suite struct TemplateBadInputTests {
    typealias F = TemplateFixtures

    @Test func formatsAreSniffedFromTheContentNotTheName() throws {
        let docx = try F.docx(body: F.wordParagraph("x"))
        let odt = try F.odt(body: "<text:p>x</text:p>")
        #expect(try TemplateEngine.detectFormat(docx, fileName: "contrat.docx") == .docx)
        #expect(try TemplateEngine.detectFormat(docx, fileName: "contrat.odt") == .docx)
        #expect(try TemplateEngine.detectFormat(odt, fileName: "attestation.docx") == .odt)
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.tags(in: odt, format: .docx) }
    }

    @Test func aTextFileOrAnEmptyFileIsNotATemplate() {
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.detectFormat(Data("Bonjour {{x}}".utf8), fileName: "a.docx") }
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.detectFormat(Data(), fileName: "a.docx") }
        let pdf = Data("%PDF-1.7\n".utf8)
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.detectFormat(pdf, fileName: "a.docx") }
    }

    @Test func aTruncatedOrGarbledZipIsCorrupt() throws {
        let docx = try F.docx(body: F.wordParagraph("{{company.name}}"))
        for length in [30, docx.count / 2, docx.count - 10] {
            #expect(throws: TemplateError.corruptArchive, "\(length) bytes") {
                try TemplateEngine.detectFormat(docx.prefix(length), fileName: "a.docx")
            }
        }
        let brokenXML = try F.zip([
            ("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document><w:body><w:p></w:body>"),
        ])
        #expect(try TemplateEngine.detectFormat(brokenXML, fileName: "a.docx") == .docx)
        #expect(throws: TemplateError.corruptArchive) { try TemplateEngine.tags(in: brokenXML, format: .docx) }
        let doctype = try F.zip([
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", #"<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document>&a;</w:document>"#),
        ])
        #expect(throws: TemplateError.corruptArchive) { try TemplateEngine.merge(doctype, format: .docx, values: [:]) }
    }

    @Test func aSpreadsheetIsNotATemplate() throws {
        var writer = XLSXWriter()
        writer.addSheet(name: "Feuille", rows: [[.text("{{company.name}}")]])
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.detectFormat(try writer.data(), fileName: "a.docx") }
        let ods = try F.zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<a/>")])
        #expect(throws: TemplateError.notATemplate) { try TemplateEngine.detectFormat(ods, fileName: "a.odt") }
    }

    @Test func macroEnabledDocumentsAreRefused() throws {
        let docm = try F.docx(
            body: F.wordParagraph("x"), contentType: "document.macroEnabled.main+xml",
            extra: [("word/vbaProject.bin", Data([0xD0, 0xCF, 0x11, 0xE0]))]
        )
        #expect(throws: TemplateError.macroEnabled) { try TemplateEngine.detectFormat(docm, fileName: "contrat.docx") }
        let renamed = try F.docx(body: F.wordParagraph("x"), extra: [("word/vbaProject.bin", Data([1]))])
        #expect(throws: TemplateError.macroEnabled) { try TemplateEngine.detectFormat(renamed, fileName: "contrat.docx") }
        let plain = try F.docx(body: F.wordParagraph("x"))
        #expect(throws: TemplateError.macroEnabled) { try TemplateEngine.detectFormat(plain, fileName: "Contrat.DOCM") }
        let basic = try F.odt(body: "<text:p>x</text:p>", extra: [("Basic/Standard/Module1.xml", Data("<x/>".utf8))])
        #expect(throws: TemplateError.macroEnabled) { try TemplateEngine.detectFormat(basic, fileName: "a.odt") }
        #expect(throws: TemplateError.macroEnabled) { try TemplateEngine.merge(basic, format: .odt, values: [:]) }
    }

    /// 200 MB of zeros deflate to about 200 kB: refused from the declared size, without inflating.
    @Test func aZipBombIsTooLargeQuickly() throws {
        let zeros = Data(count: 200 << 20)
        let bomb = try F.docx(body: F.wordParagraph("x"), extra: [("word/media/zeros.bin", zeros)])
        #expect(bomb.count < 1 << 20)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: TemplateError.tooLarge("expanded")) { try TemplateEngine.detectFormat(bomb, fileName: "a.docx") }
        }
        #expect(elapsed < .seconds(2))
    }

    /// The same bomb whose headers claim 1 000 bytes: the inflation stops at the limit (checked by counting, not trusting).
    @Test func aZipBombLyingAboutItsSizeStopsAtTheLimit() throws {
        let zeros = Data(count: 50 << 20)
        var bomb = [UInt8](try F.zip([("[Content_Types].xml", Data("<Types/>".utf8)), ("word/media/zeros.bin", zeros)]))
        // Patch the uncompressed size in the local header (offset 22) and the central directory header (offset 24).
        func patch(signature: [UInt8], sizeOffset: Int) {
            var index = 0
            while index + 4 <= bomb.count {
                if Array(bomb[index..<index + 4]) == signature {
                    let nameLength =
                        Int(bomb[index + (signature[2] == 3 ? 26 : 28)]) | Int(bomb[index + (signature[2] == 3 ? 27 : 29)]) << 8
                    let nameStart = index + (signature[2] == 3 ? 30 : 46)
                    if nameStart + nameLength <= bomb.count,
                        String(decoding: bomb[nameStart..<nameStart + nameLength], as: UTF8.self) == "word/media/zeros.bin"
                    {
                        bomb.replaceSubrange(index + sizeOffset..<index + sizeOffset + 4, with: [0xE8, 0x03, 0, 0])
                    }
                }
                index += 1
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], sizeOffset: 22)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], sizeOffset: 24)
        var limits = TemplateLimits.default
        limits.maxExpandedBytes = 4 << 20
        #expect(throws: TemplateError.tooLarge("expanded")) {
            try TemplateEngine.detectFormat(Data(bomb), fileName: "a.docx", limits: limits)
        }
    }

    @Test func archiveAndEntryLimits() throws {
        let docx = try F.docx(body: F.wordParagraph("x"))
        var limits = TemplateLimits.default
        limits.maxArchiveBytes = docx.count - 1
        #expect(throws: TemplateError.tooLarge("archive")) { try TemplateEngine.detectFormat(docx, fileName: "a.docx", limits: limits) }
        let many = try F.docx(body: F.wordParagraph("x"), extra: (0..<2_001).map { ("word/media/\($0).txt", Data([1])) })
        #expect(throws: TemplateError.tooLarge("entries")) { try TemplateEngine.detectFormat(many, fileName: "a.docx") }
        #expect(TemplateError.tooLarge("entries").message.contains("trop"))
    }
}

/// Damaged XML inside a valid ZIP: every cut and every flipped byte of a template's document ends in a result or a
/// `TemplateError`, never a crash.
@Suite struct TemplateMutationTests {
    typealias F = TemplateFixtures

    @Test func mutatedDocumentsNeverCrash() throws {
        let body =
            F.wordSplit(before: "A & B ", tag: "company.name", after: " &lt;")
            + F.wordTable([["{{#lines}}{{description}}", "{{#if quantity}}{{quantity}}{{/if}}{{/lines}}"]]) + F.wordTextBox("{{today}}")
        let document = Array(
            try TemplateFixtures.part(try F.docx(body: body), "word/document.xml").utf8
        )
        let values: MergeData = ["company.name": .text("x"), "lines": .list([["description": .text("d")]])]
        let schema = TagSchema(scalars: ["company.name"], lists: ["lines": ["description"]])
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = Array("<>/{}#&;\"= ".utf8)
        var outcomes = [0, 0]
        for round in 0..<300 {
            var bytes = document
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            } else {
                for _ in 0..<(1 + round % 4) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = interesting.randomElement(using: &generator)!
                }
            }
            let template = try F.zip([("[Content_Types].xml", Data("<Types/>".utf8)), ("word/document.xml", Data(bytes))])
            do {
                _ = try TemplateEngine.tags(in: template, format: .docx)
                _ = try TemplateEngine.lint(template, format: .docx, schema: schema)
                _ = try TemplateEngine.merge(template, format: .docx, values: values)
                outcomes[0] += 1
            } catch let error as TemplateError {
                #expect(error == .corruptArchive || { if case .unbalancedBlocks = error { return true } else { return false } }())
                outcomes[1] += 1
            }
        }
        #expect(outcomes[0] + outcomes[1] == 300)
        #expect(outcomes[1] > 0)
    }
}
