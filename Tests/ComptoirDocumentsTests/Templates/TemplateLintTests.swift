import Foundation
import Testing

@testable import ComptoirDocuments

/// « Vérifier le modèle »: bad tags are listed, never thrown.
@Suite struct TemplateLintTests {
    typealias F = TemplateFixtures

    let schema = TagSchema(
        scalars: ["company.name", "today", "contact.company", "organization.name"],
        lists: ["lines": ["description", "quantity"]]
    )

    func lint(_ body: String, header: String = "<w:p/>") throws -> [TemplateIssue] {
        try TemplateEngine.lint(try F.docx(body: body, header: header), format: .docx, schema: schema)
    }

    @Test func aCleanTemplateHasNoIssue() throws {
        let body =
            F.wordSplit(before: "", tag: "company.name", after: "")
            + F.wordTable([["{{#lines}}{{description}}", "{{quantity}} {{today}}{{/lines}}"]])
            + F.wordParagraph("{{#if contact.company}}") + F.wordParagraph("x") + F.wordParagraph("{{/if}}")
        #expect(try lint(body).isEmpty)
    }

    @Test func unknownTagsAndListFieldsAreListedWithTheirPart() throws {
        let body =
            F.wordParagraph("{{company.nmae}}") + F.wordTable([["{{#lines}}{{price}}{{/lines}}"]]) + F.wordParagraph("{{description}}")
        let issues = try lint(body, header: F.wordParagraph("{{organisation.name}}"))
        #expect(issues.map(\.kind) == [.unknownTag, .unknownListField, .unknownTag, .unknownTag])
        #expect(issues.map(\.tag) == ["company.nmae", "price", "description", "organisation.name"])
        #expect(issues.map(\.part) == ["word/document.xml", "word/document.xml", "word/document.xml", "word/header1.xml"])
        #expect(issues[0].message == "Balise inconnue : {{company.nmae}}.")
    }

    @Test func unbalancedAndCrossedBlocksAreListed() throws {
        let crossed = try lint(
            F.wordParagraph("{{#if contact.company}}") + F.wordParagraph("{{#lines}}") + F.wordParagraph("{{/if}}")
                + F.wordParagraph("{{/lines}}")
        )
        #expect(crossed.contains { $0.kind == .unbalancedBlock && $0.tag == "#if contact.company" })
        let unclosed = try lint(F.wordParagraph("{{#lines}}") + F.wordParagraph("{{/if}}"))
        #expect(unclosed.map(\.kind) == [.unbalancedBlock, .unbalancedBlock])
        #expect(Set(unclosed.map(\.tag)) == ["/if", "#lines"])
    }

    @Test func misplacedTagsAreListed() throws {
        // A row block closing in another row, a tag in a field code, a list used as a scalar, invalid braces.
        let table = F.wordTable([["{{#lines}}{{description}}"], ["{{/lines}}"]])
        let field =
            #"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD {{company.name}} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
        let issues = try lint(table + field + F.wordParagraph("{{lines}} {{ a + b }}"))
        #expect(issues.filter { $0.kind == .misplacedTag }.map(\.tag) == ["lines", "#lines", "company.name"])
        #expect(issues.contains { $0.kind == .unknownTag && $0.tag == "a + b" })
        #expect(throws: TemplateError.unbalancedBlocks(["#lines"])) {
            try TemplateEngine.merge(try F.docx(body: table), format: .docx, values: [:])
        }
    }

    @Test func odtIsLintedToo() throws {
        let template = try F.odt(body: F.odfSplit(before: "", tag: "compagny.name", after: ""), header: "<text:p>{{today}}</text:p>")
        let issues = try TemplateEngine.lint(template, format: .odt, schema: schema)
        #expect(
            issues == [
                TemplateIssue(kind: .unknownTag, tag: "compagny.name", part: "content.xml", message: "Balise inconnue : {{compagny.name}}.")
            ])
    }
}
