import Foundation
import Testing

@testable import ComptoirDocuments

/// Tags found through Word's and LibreOffice's splitting, values escaped, rows repeated, paragraphs kept or dropped.
@Suite struct TemplateMergeTests {
    typealias F = TemplateFixtures

    let values: MergeData = [
        "company.name": .text("ACME & Fils <SA> \"l'atelier\""),
        "organization.name": .text("Comptoir SARL"),
        "organization.address": .text("1 rue de la Paix\n75002 Paris"),
        "today": .text("04/12/2026"),
        "contact.first_name": .text("Jeanne"),
    ]

    @Test func aTagWordSplitAcrossRunsIsMergedInTheFirstRun() throws {
        // setup
        let template = try F.docx(body: F.wordSplit(before: "Client : ", tag: "company.name", after: " — fin"))
        // act
        let tags = try TemplateEngine.tags(in: template, format: .docx)
        let result = try TemplateEngine.merge(template, format: .docx, values: values)
        // validate
        #expect(tags == ["company.name"])
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == ["Client : ACME & Fils <SA> \"l'atelier\" — fin"])
        let xml = try F.part(result.document, "word/document.xml")
        #expect(
            xml.contains(
                #"<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Client : ACME &amp; Fils &lt;SA&gt; &quot;l&apos;atelier&quot;</w:t>"#))
        #expect(!xml.contains("{{") && !xml.contains("company"))
        #expect(xml.contains(#"<w:bookmarkStart w:id="0" w:name="_GoBack"/>"#))
        #expect(result.missingTags.isEmpty)
    }

    @Test func trackedInsertionsJoinTheTagAndDeletionsAreIgnored() throws {
        let paragraph =
            #"<w:p><w:r><w:t xml:space="preserve">Nom : {{company</w:t></w:r>"#
            + #"<w:ins w:id="1" w:author="Jeanne" w:date="2026-01-01T00:00:00Z"><w:r><w:t>.name}}</w:t></w:r></w:ins>"#
            + #"<w:del w:id="2" w:author="Jeanne" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>{{old.tag}}</w:delText></w:r></w:del></w:p>"#
        let template = try F.docx(body: paragraph)
        #expect(try TemplateEngine.tags(in: template, format: .docx) == ["company.name"])
        let result = try TemplateEngine.merge(template, format: .docx, values: ["company.name": .text("ACME")])
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == ["Nom : ACME"])
        #expect(try F.part(result.document, "word/document.xml").contains("<w:delText>{{old.tag}}</w:delText>"))
    }

    @Test func spacesInsideBracesAreTolerated() throws {
        let template = try F.docx(body: F.wordParagraph("Bonjour {{ contact.first_name }}, le {{today}}."))
        let result = try TemplateEngine.merge(template, format: .docx, values: values)
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == ["Bonjour Jeanne, le 04/12/2026."])
    }

    @Test func headersFootersAndTextBoxesAreMerged() throws {
        let template = try F.docx(
            body: F.wordTextBox("Boîte : {{company.name}}") + F.wordParagraph("Corps"),
            header: F.wordSplit(before: "", tag: "organization.name", after: ""),
            footer: F.wordParagraph("{{organization.address}}")
        )
        let result = try TemplateEngine.merge(template, format: .docx, values: values)
        let body = try F.paragraphs(result.document, part: "word/document.xml")
        // The text box's paragraph twice (DrawingML and its VML fallback), then the paragraph anchoring it, then the body.
        #expect(body.filter { $0 == "Boîte : ACME & Fils <SA> \"l'atelier\"" }.count == 2)
        #expect(try F.paragraphs(result.document, part: "word/header1.xml") == ["Comptoir SARL"])
        #expect(try F.paragraphs(result.document, part: "word/footer1.xml") == ["1 rue de la Paix\n75002 Paris"])
        #expect(
            try F.part(result.document, "word/footer1.xml").contains("1 rue de la Paix</w:t><w:br/><w:t xml:space=\"preserve\">75002 Paris")
        )
    }

    @Test func lineBreaksTabsAndLeadingSpacesSurvive() throws {
        let template = try F.docx(body: "<w:p><w:r><w:t>{{note}}</w:t></w:r></w:p>")
        let result = try TemplateEngine.merge(template, format: .docx, values: ["note": .text("  a\tb\r\nc ")])
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == ["  a\tb\nc "])
        #expect(try F.part(result.document, "word/document.xml").contains(#"<w:t xml:space="preserve">  a</w:t><w:tab/>"#))
    }

    @Test func missingTagsAreMergedEmptyAndListed() throws {
        let template = try F.docx(body: F.wordParagraph("{{company.custom.segment}}|{{today}}|{{project.title}}|{{project.title}}"))
        let result = try TemplateEngine.merge(template, format: .docx, values: values)
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == ["|04/12/2026||"])
        #expect(result.missingTags == ["company.custom.segment", "project.title"])
    }

    static func lines(_ count: Int) -> MergeValue {
        .list((1...max(count, 1)).prefix(count).map { ["description": .text("Article \($0)"), "quantity": .text("\($0)")] })
    }

    @Test(arguments: [0, 1, 200]) func aRowBlockRepeatsItsRowPerItem(count: Int) throws {
        // setup: the markers in the first and last cells, an outer tag inside the row, Word-split item tag
        let table = F.wordTable([
            ["Désignation", "Qté", "Client"],
            ["{{#lines}}{{description}}", "{{quantity}}", "{{company.name}}{{/lines}}"],
            ["Total", "", ""],
        ])
        let template = try F.docx(body: F.wordParagraph("Avant") + table + F.wordParagraph("Après"))
        var data = values
        data["lines"] = Self.lines(count)
        // act
        let result = try TemplateEngine.merge(template, format: .docx, values: data)
        // validate
        let paragraphs = try F.paragraphs(result.document, part: "word/document.xml")
        let expectedRows = (0..<count).flatMap { ["Article \($0 + 1)", "\($0 + 1)", "ACME & Fils <SA> \"l'atelier\""] }
        #expect(paragraphs == ["Avant", "Désignation", "Qté", "Client"] + expectedRows + ["Total", "", "", "Après"])
        let xml = try F.part(result.document, "word/document.xml")
        #expect(xml.components(separatedBy: "<w:tr>").count - 1 == count + 2)
        #expect(result.missingTags.isEmpty)
    }

    @Test func aParagraphBlockRepeatsWholeParagraphs() throws {
        let body =
            F.wordParagraph("Participants :") + F.wordParagraph("{{#lines}}") + F.wordParagraph("- {{description}}")
            + F.wordParagraph("  quantité {{quantity}}") + F.wordParagraph("{{/lines}}") + F.wordParagraph("Fin")
        let result = try TemplateEngine.merge(try F.docx(body: body), format: .docx, values: ["lines": Self.lines(2)])
        #expect(
            try F.paragraphs(result.document, part: "word/document.xml")
                == ["Participants :", "- Article 1", "  quantité 1", "- Article 2", "  quantité 2", "Fin"]
        )
    }

    @Test func conditionalsKeepOrDropWholeParagraphs() throws {
        let body =
            F.wordParagraph("Début") + F.wordSplit(before: "", tag: "#if contact.company", after: "")
            + F.wordParagraph("Société : {{company.name}}") + F.wordParagraph("Deuxième ligne") + F.wordParagraph("{{/if}}")
            + F.wordParagraph("{{#if project.title}}Projet {{project.title}}{{/if}}") + F.wordParagraph("Fin")
        let template = try F.docx(body: body)
        let kept = try TemplateEngine.merge(
            template, format: .docx, values: ["contact.company": .text("oui"), "company.name": .text("ACME"), "project.title": .text("P1")]
        )
        #expect(
            try F.paragraphs(kept.document, part: "word/document.xml") == ["Début", "Société : ACME", "Deuxième ligne", "Projet P1", "Fin"])
        let dropped = try TemplateEngine.merge(template, format: .docx, values: ["contact.company": .text("")])
        #expect(try F.paragraphs(dropped.document, part: "word/document.xml") == ["Début", "Fin"])
        #expect(dropped.missingTags == ["project.title"])
        let emptyList = try TemplateEngine.merge(template, format: .docx, values: ["contact.company": .list([])])
        #expect(try F.paragraphs(emptyList.document, part: "word/document.xml") == ["Début", "Fin"])
    }

    @Test func otherEntriesStayByteIdentical() throws {
        let picture = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let template = try F.docx(body: F.wordParagraph("{{today}}"), extra: [("word/media/image1.png", picture)])
        let result = try TemplateEngine.merge(template, format: .docx, values: values)
        let archive = try TemplateArchive(result.document, limits: .default)
        #expect(archive.data("word/media/image1.png") == picture)
        #expect(
            archive.data("word/_rels/document.xml.rels")
                == (try TemplateArchive(template, limits: .default)).data("word/_rels/document.xml.rels"))
        #expect(archive.paths == (try TemplateArchive(template, limits: .default)).paths)
    }

    @Test func odtFolderEntriesAreKept() throws {
        let template = try F.odt(body: "<text:p>{{today}}</text:p>", extra: [("Configurations2/accelerator/", Data())])
        let result = try TemplateEngine.merge(template, format: .odt, values: values)
        let script = "import sys, io, zipfile; print('\\n'.join(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist()))"
        let names = try PythonRunner.run(script, input: result.document).split(separator: "\n").map(String.init)
        #expect(names.first == "mimetype")
        #expect(names.contains("Configurations2/accelerator/"))
        #expect(try F.paragraphs(result.document, part: "content.xml") == ["04/12/2026"])
    }

    @Test func unbalancedBlocksAreRefusedByTheMerge() throws {
        let template = try F.docx(body: F.wordParagraph("{{#lines}}") + F.wordParagraph("{{description}}"))
        #expect(throws: TemplateError.unbalancedBlocks(["#lines"])) {
            try TemplateEngine.merge(template, format: .docx, values: [:])
        }
    }

    @Test func tooManyRepeatedRowsIsTooLarge() throws {
        let template = try F.docx(body: F.wordTable([["{{#lines}}{{description}}{{/lines}}"]]))
        var limits = TemplateLimits.default
        limits.maxRepeatedRows = 100
        #expect(throws: TemplateError.tooLarge("rows")) {
            try TemplateEngine.merge(template, format: .docx, values: ["lines": Self.lines(101)], limits: limits)
        }
    }

    @Test func valuesAreNeverReadAsTags() throws {
        let template = try F.docx(body: F.wordParagraph("{{company.name}}") + F.wordTable([["{{#lines}}{{description}}{{/lines}}"]]))
        let hostile = "{{organization.name}} {{#lines}}x{{/lines}} <w:p/>"
        let result = try TemplateEngine.merge(
            template, format: .docx,
            values: [
                "company.name": .text(hostile), "organization.name": .text("NON"), "lines": .list([["description": .text("{{today}}")]]),
            ]
        )
        #expect(try F.paragraphs(result.document, part: "word/document.xml") == [hostile, "{{today}}"])
        #expect(try F.part(result.document, "word/document.xml").contains("&lt;w:p/&gt;"))
    }

    @Test func tagsAreListedInDocumentOrderThenHeadersAndFooters() throws {
        let template = try F.docx(
            body: F.wordSplit(before: "", tag: "company.name", after: "")
                + F.wordTable([["{{#lines}}{{description}}", "{{quantity}}{{/lines}}"]])
                + F.wordParagraph("{{#if contact.company}}{{company.name}}{{/if}}"),
            header: F.wordParagraph("{{organization.name}}"), footer: F.wordParagraph("{{today}} {{ company.name }}")
        )
        #expect(
            try TemplateEngine.tags(in: template, format: .docx)
                == ["company.name", "#lines", "description", "quantity", "#if contact.company", "organization.name", "today"]
        )
    }

    @Test func blocksNest() throws {
        // A conditional around a table whose row repeats, and a conditional inside the repeated row's cell.
        let table = F.wordTable([["{{#lines}}{{description}}", "{{#if quantity}}x {{quantity}}{{/if}}{{/lines}}"]])
        let body = F.wordParagraph("{{#if show}}") + table + F.wordParagraph("{{/if}}") + F.wordParagraph("Fin")
        let template = try F.docx(body: body)
        let lines: MergeValue = .list([["description": .text("A"), "quantity": .text("2")], ["description": .text("B")]])
        let shown = try TemplateEngine.merge(template, format: .docx, values: ["show": .text("1"), "lines": lines])
        // B's second cell lost its only paragraph: it gets an empty one (Word refuses a cell without a paragraph).
        #expect(try F.paragraphs(shown.document, part: "word/document.xml") == ["A", "x 2", "B", "", "Fin"])
        #expect(try F.part(shown.document, "word/document.xml").contains("</w:tcPr><w:p/></w:tc>"))
        #expect(shown.missingTags == ["quantity"])
        let hidden = try TemplateEngine.merge(template, format: .docx, values: ["lines": lines])
        #expect(try F.paragraphs(hidden.document, part: "word/document.xml") == ["Fin"])
        #expect(!(try F.part(hidden.document, "word/document.xml")).contains("<w:tbl>"))
    }

    // MARK: - ODT

    @Test func odtSpansHeadersRowsAndFramesAreMerged() throws {
        let body =
            F.odfSplit(before: "Client : ", tag: "company.name", after: " !")
            + F.odfTable([["Désignation", "Qté"], ["{{#lines}}{{description}}", "{{quantity}}{{/lines}}"]])
            + F.odfTextBox("{{organization.address}}") + "<text:p>{{#if missing}}</text:p><text:p>caché</text:p><text:p>{{/if}}</text:p>"
            + "<text:h text:outline-level=\"1\">{{ note }}</text:h>"
        let template = try F.odt(body: body, header: "<text:p>{{organization.name}}</text:p>")
        #expect(try TemplateEngine.detectFormat(template, fileName: "modele.odt") == .odt)
        var data = values
        data["lines"] = Self.lines(3)
        data["note"] = .text("  deux  espaces")
        let result = try TemplateEngine.merge(template, format: .odt, values: data)
        let paragraphs = try F.paragraphs(result.document, part: "content.xml")
        #expect(
            paragraphs == [
                "Client : ACME & Fils <SA> \"l'atelier\" !", "Désignation", "Qté", "Article 1", "1", "Article 2", "2", "Article 3", "3",
                "1 rue de la Paix\n75002 Paris", "", "  deux  espaces",
            ]
        )
        #expect(try F.paragraphs(result.document, part: "styles.xml") == ["Comptoir SARL"])
        // The tag started in the paragraph's own text (its first brace), so the value lands there; the spans are emptied.
        #expect(try F.part(result.document, "content.xml").contains(#"<text:p text:style-name="Standard">Client : ACME &amp; Fils"#))
        #expect(try F.part(result.document, "content.xml").contains(#"<text:span text:style-name="T1"></text:span>"#))
        #expect(result.missingTags == ["missing"])
        // mimetype first and stored, as ODF requires.
        #expect(result.document[30..<38] == Data("mimetype".utf8))
        #expect(result.document[8] == 0 && result.document[9] == 0)
    }
}
