// comptoir-templatebench: the document-template benchmark (#18), run by Benchmarks/Templates/run.sh, which runs
// docxtpl on the same template (docxtpl_bench.py) in the same run.
//
//   comptoir-templatebench --out DIR [--rows 200] [--runs 30] [--bulk 1000] [--bulk-rows 20]
//
// Writes DIR/template.docx (about three pages of text with tags, some split across runs the way Word leaves them, a
// header and a footer, and a table whose row block repeats per line), DIR/template-docxtpl.docx (the same document
// in docxtpl's syntax: `{%tr for l in lines %}` rows, `{{l.description}}`), DIR/single.json and DIR/bulk-N.json
// (the values, for docxtpl), DIR/comptoir-single.docx (our merge, for the text comparison); then merges the template
// `--runs` times with `--rows` lines, and `--bulk` documents with `--bulk-rows` lines each (a different record each),
// and prints the figures as `key=value` lines.
import ComptoirDocuments
import Foundation
import ZIPFoundation

var outDirectory = ""
var rows = 200, runs = 30, bulk = 1000, bulkRows = 20
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--out": outDirectory = arguments.next() ?? ""
    case "--rows": rows = Int(arguments.next() ?? "") ?? rows
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--bulk": bulk = Int(arguments.next() ?? "") ?? bulk
    case "--bulk-rows": bulkRows = Int(arguments.next() ?? "") ?? bulkRows
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
guard !outDirectory.isEmpty else {
    FileHandle.standardError.write(Data("usage: comptoir-templatebench --out DIR [--rows 200] [--runs 30] [--bulk 1000]\n".utf8))
    exit(2)
}
let out = URL(fileURLWithPath: outDirectory)
try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

// MARK: - The template

let namespaces =
    #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
    + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"

func paragraph(_ text: String, bold: Bool = false) -> String {
    #"<w:p w:rsidR="00A12B34" w:rsidRDefault="00C56D78"><w:pPr><w:jc w:val="both"/></w:pPr><w:r w:rsidRPr="00E9F012">"#
        + (bold ? "<w:rPr><w:b/></w:rPr>" : "") + #"<w:t xml:space="preserve">\#(text)</w:t></w:r></w:p>"#
}

/// A tag as Word leaves it after spell-check: the braces and the name over four runs, with proofing marks.
func splitTag(_ before: String, _ tag: String, _ after: String) -> String {
    let cut = tag.index(tag.startIndex, offsetBy: tag.count / 2)
    return #"<w:p w:rsidR="00A12B34" w:rsidRDefault="00C56D78"><w:r><w:t xml:space="preserve">\#(before){{</w:t></w:r>"#
        + #"<w:proofErr w:type="spellStart"/><w:r w:rsidR="00B11C22"><w:rPr><w:b/></w:rPr><w:t>\#(tag[..<cut])</w:t></w:r>"#
        + #"<w:r w:rsidR="00D33E44"><w:rPr><w:b/></w:rPr><w:t>\#(tag[cut...])</w:t></w:r><w:proofErr w:type="spellEnd"/>"#
        + #"<w:r><w:t xml:space="preserve">}}\#(after)</w:t></w:r></w:p>"#
}

func cell(_ text: String, width: Int) -> String {
    #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr>\#(paragraph(text))</w:tc>"#
}

func row(_ cells: [String]) -> String {
    "<w:tr>" + zip(cells, [4500, 1200, 1600, 1700]).map { cell($0, width: $1) }.joined() + "</w:tr>"
}

let lorem =
    "Le présent contrat définit les conditions dans lesquelles le prestataire réalise pour le client les prestations "
    + "décrites ci-dessous, conformément à la proposition commerciale acceptée et aux conditions générales de vente, dont "
    + "le client reconnaît avoir pris connaissance. Toute modification fera l’objet d’un avenant écrit signé des deux parties."

func document(docxtpl: Bool) -> String {
    var body = paragraph("CONTRAT DE PRESTATION DE SERVICES", bold: true)
    body += splitTag("Entre la société ", "organization.name", ", SIRET {{organization.siret}}, ci-après « le prestataire »,")
    body += paragraph("et {{company.name}}, {{company.address}}, représentée par {{contact.first_name}} {{contact.last_name}},")
    body += splitTag("Référence du projet : ", "project.title", " — signé le {{today}}.")
    for index in 1...14 {
        body += paragraph("Article \(index). " + lorem)
        if index % 3 == 0 { body += splitTag("Pour le client ", "company.name", " : " + lorem) }
    }
    body += paragraph("Détail des prestations", bold: true)
    var table =
        #"<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:insideH w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>"#
    table += #"<w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="1200"/><w:gridCol w:w="1600"/><w:gridCol w:w="1700"/></w:tblGrid>"#
    table += row(["Désignation", "Quantité", "Prix unitaire", "Montant"])
    if docxtpl {
        table += row(["{%tr for l in lines %}", "", "", ""])
        table += row(["{{l.description}}", "{{l.quantity}}", "{{l.unit_price}}", "{{l.amount}}"])
        table += row(["{%tr endfor %}", "", "", ""])
    } else {
        table += row(["{{#lines}}{{description}}", "{{quantity}}", "{{unit_price}}", "{{amount}}{{/lines}}"])
    }
    table += row(["Total HT", "", "", "{{total}}"])
    body += table + "</w:tbl>"
    for index in 15...22 { body += paragraph("Article \(index). " + lorem) }
    body += paragraph("Fait à {{organization.city}}, le {{today}}, en deux exemplaires.")
    return declaration + "<w:document \(namespaces)><w:body>" + body
        + #"<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>"#
        + #"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>"#
        + "</w:sectPr></w:body></w:document>"
}

func template(docxtpl: Bool) throws -> Data {
    let types =
        declaration
        + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        + #"<Default Extension="xml" ContentType="application/xml"/>"#
        + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
        + #"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#
        + #"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#
        + "</Types>"
    let rels =
        declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
        + "</Relationships>"
    let documentRels =
        declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#
        + #"<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#
        + "</Relationships>"
    let header = declaration + "<w:hdr \(namespaces)>" + paragraph("{{organization.name}} — {{organization.city}}") + "</w:hdr>"
    let footer = declaration + "<w:ftr \(namespaces)>" + paragraph("SIRET {{organization.siret}} · {{today}}") + "</w:ftr>"
    let archive = try Archive(accessMode: .create)
    for (path, text) in [
        ("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document(docxtpl: docxtpl)),
        ("word/_rels/document.xml.rels", documentRels), ("word/header1.xml", header), ("word/footer1.xml", footer),
    ] {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return archive.data!
}

// MARK: - Values (the same flat values go to docxtpl as JSON, nested there by the dots)

func record(_ index: Int, lines count: Int) -> (MergeData, [String: Any]) {
    var flat: [String: String] = [
        "organization.name": "Comptoir SARL", "organization.siret": "123 456 789 00012", "organization.city": "Lyon",
        "company.name": "Société \(index) & Fils <SA>", "company.address": "\(index) rue de la République, 69002 Lyon",
        "contact.first_name": "Jeanne", "contact.last_name": "Martin-\(index)", "project.title": "Projet n°\(index)",
        "today": "04/12/2026",
    ]
    var total = 0
    var lines: [[String: String]] = []
    for line in 1...max(count, 1) where line <= count {
        let quantity = 1 + (index + line) % 9, cents = 1_250 + (line * 731) % 90_000
        total += quantity * cents
        lines.append([
            "description": "Prestation \(line) — journée de formation « \(index) »", "quantity": "\(quantity)",
            "unit_price": euros(cents), "amount": euros(quantity * cents),
        ])
    }
    flat["total"] = euros(total)
    var merge: MergeData = flat.mapValues { .text($0) }
    merge["lines"] = .list(lines.map { $0.mapValues { .text($0) } })
    var json: [String: Any] = flat
    json["lines"] = lines
    return (merge, json)
}

func euros(_ cents: Int) -> String {
    let units = String(cents / 100)
    var grouped = ""
    for (offset, character) in units.enumerated() {
        if offset > 0, (units.count - offset) % 3 == 0 { grouped += "\u{202F}" }
        grouped.append(character)
    }
    return grouped + "," + String(format: "%02d", cents % 100) + "\u{00A0}€"
}

let ours = try template(docxtpl: false)
try ours.write(to: out.appendingPathComponent("template.docx"))
try template(docxtpl: true).write(to: out.appendingPathComponent("template-docxtpl.docx"))
let (single, singleJSON) = record(1, lines: rows)
try JSONSerialization.data(withJSONObject: singleJSON).write(to: out.appendingPathComponent("single.json"))
let records = (1...bulk).map { record($0, lines: bulkRows) }
try JSONSerialization.data(withJSONObject: records.map(\.1)).write(to: out.appendingPathComponent("bulk.json"))

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Single: the template with `rows` lines, `runs` times (after one warm-up), median and minimum.
var merged = try TemplateEngine.merge(ours, format: .docx, values: single)
try merged.document.write(to: out.appendingPathComponent("comptoir-single.docx"))
var timings: [Double] = []
for _ in 0..<runs {
    let elapsed = try clock.measure { merged = try TemplateEngine.merge(ours, format: .docx, values: single) }
    timings.append(seconds(elapsed) * 1000)
}
timings.sort()
print("single_rows=\(rows)")
print("single_runs=\(runs)")
print(String(format: "single_median_ms=%.2f", timings[timings.count / 2]))
print(String(format: "single_min_ms=%.2f", timings[0]))
print("single_bytes=\(merged.document.count)")
print("single_missing=\(merged.missingTags.joined(separator: ","))")

// Bulk: one document per record, each merged from the template's bytes (as the service does), kept in memory.
var bytes = 0
let bulkElapsed = try clock.measure {
    for (values, _) in records { bytes += try TemplateEngine.merge(ours, format: .docx, values: values).document.count }
}
print("bulk_documents=\(bulk)")
print("bulk_rows=\(bulkRows)")
print(String(format: "bulk_seconds=%.3f", seconds(bulkElapsed)))
print(String(format: "bulk_docs_per_second=%.1f", Double(bulk) / seconds(bulkElapsed)))
print("bulk_bytes=\(bytes)")
