import ComptoirCore
import ComptoirDocuments
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// The PDF benchmark (#17): one 50-line invoice rendered as PDF/A-3b with its factur-x.xml (`FacturXPDF.render`), and
// the same content as HTML for WeasyPrint (`Benchmarks/PDF/run.sh` compares the two).
//
//   comptoir-pdfbench emit DIR            writes invoice.pdf, factur-x.xml and invoice.html (the same invoice)
//   comptoir-pdfbench one FILE            renders the invoice once in this fresh process (fonts read included)
//   comptoir-pdfbench batch N [DIR]       renders N invoices (numbers FA2026-00001…) one after the other; with DIR,
//                                         writes each one there
// Each prints one line: documents, seconds, ms per document, documents per second, bytes, peak RSS (MiB).

let clock = Date(timeIntervalSince1970: 1_796_000_000)
func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }
func euros(_ cents: Int64) -> Money { Money(minorUnits: cents) }

let seller = InvoiceParty(
    name: "Atelier Lœwy & Fils « Œuvres » SAS", siren: "123456782", siret: "12345678200017", vatNumber: "FR32123456782",
    legalInformation: "SAS au capital de 10 000 € — RCS Paris 123 456 782",
    address: .init(lines: ["12 rue de l'Église", "Bâtiment B"], postcode: "75011", city: "Paris"),
    electronicAddress: .init(scheme: "0225", value: "123456782"), email: "compta@atelier-loewy.fr")
let buyer = InvoiceParty(
    name: "Société Cœur d'Éléphant SARL", siren: "987654321", siret: "98765432100015", vatNumber: "FR12987654321",
    address: .init(lines: ["3 place de la Gare"], postcode: "69002", city: "Lyon"),
    electronicAddress: .init(scheme: "0225", value: "987654321"))
let mentions = [
    "Atelier Lœwy & Fils « Œuvres » SAS au capital de 10 000 € — RCS Paris 123 456 782 — SIRET 123 456 782 00017 — TVA FR32123456782",
    "12 rue de l'Église, 75011 Paris — compta@atelier-loewy.fr",
]

/// 50 lines: 40 at 20 % and 10 at 5,5 %, quantities 1 to 5, prices from 12,50 € up; every amount worked out here.
func invoice(number: String) -> InvoiceDocument {
    var lines: [InvoiceDocument.Line] = []
    var net: [Int: Int64] = [2000: 0, 550: 0]
    for index in 1...50 {
        let rate = index % 5 == 0 ? 550 : 2000
        let quantity = 1 + index % 5
        let price = Int64(1250 + index * 737)
        let amount = price * Int64(quantity)
        net[rate]! += amount
        lines.append(
            InvoiceDocument.Line(
                id: String(index), name: "Article n° \(index) — prestation « \(index % 2 == 0 ? "Cœur" : "Œuvre") » sur mesure",
                description: index % 3 == 0 ? "Fourniture et pose, garantie deux ans, déplacement compris" : nil,
                quantity: Quantity(units: quantity), netUnitPrice: euros(price), netAmount: euros(amount), vatRate: rate))
    }
    let vat = [2000, 550].map { rate -> InvoiceDocument.VATBreakdown in
        let base = net[rate]!
        return .init(rate: rate, taxableAmount: euros(base), taxAmount: euros((base * Int64(rate) + 5000) / 10_000))
    }
    let basis = vat.reduce(0) { $0 + $1.taxableAmount.minorUnits }
    let tax = vat.reduce(0) { $0 + $1.taxAmount.minorUnits }
    return InvoiceDocument(
        number: number, typeCode: .invoice, title: "Facture", issueDate: day(2026, 11, 30), dueDate: day(2026, 12, 30),
        deliveryDate: day(2026, 11, 28), seller: seller, buyer: buyer, buyerReference: "ACHAT-778", orderReference: "CO2026-0012",
        lines: lines, vatBreakdown: vat,
        totals: .init(
            lineTotal: euros(basis), taxBasis: euros(basis), taxTotal: euros(tax), grandTotal: euros(basis + tax), prepaid: euros(0),
            duePayable: euros(basis + tax)),
        notes: [
            .init(subject: "PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."),
            .init(subject: "PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
            .init(subject: "AAB", "Pas d'escompte pour paiement anticipé."), .init(subject: "BAR", "B2B"),
        ], paymentTerms: "30 jours date de facture", payment: .init(iban: "FR7630006000011234567890189", bic: "AGRIFRPP"),
        legalMentions: mentions)
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
        of: ">", with: "&gt;"
    ).replacingOccurrences(of: "\"", with: "&quot;")
}

func date(_ day: CalendarDay) -> String { String(format: "%02d/%02d/%04d", day.day, day.month, day.year) }

func rate(_ basisPoints: Int) -> String {
    basisPoints % 100 == 0 ? "\(basisPoints / 100)\u{00A0}%" : "\(basisPoints / 100),\(basisPoints % 100 / 10)\u{00A0}%"
}

/// The same content as `InvoiceLayout` draws, as HTML for WeasyPrint: DejaVu Sans from our resources, A4, the lines
/// table's header repeated on each page (thead), the legal mentions and « Page X/Y » in the page's bottom margin.
func html(_ invoice: InvoiceDocument, fontDirectory: String) -> String {
    func party(_ party: InvoiceParty, _ label: String) -> String {
        var lines = ["<div class=label>\(label)</div>", "<b>\(escape(party.name))</b>"]
        lines += party.address.lines.map(escape)
        lines.append("\(party.address.postcode) \(escape(party.address.city))")
        if let siret = party.siret { lines.append("<small>SIRET\u{00A0}: \(siret)</small>") }
        if let vat = party.vatNumber { lines.append("<small>N° TVA\u{00A0}: \(vat)</small>") }
        if let email = party.email { lines.append("<small>\(escape(email))</small>") }
        return "<div class=party>" + lines.joined(separator: "<br>") + "</div>"
    }
    let rows = invoice.lines.map { line in
        let name = escape(line.name) + (line.description.map { "<br>" + escape($0) } ?? "")
        return
            "<tr><td>\(name)</td><td class=n>\(line.quantity.formatted())</td><td class=n>\(line.netUnitPrice.formatted())</td><td class=n>\(rate(line.vatRate))</td><td class=n>\(line.netAmount.formatted())</td></tr>"
    }.joined(separator: "\n")
    let vat = invoice.vatBreakdown.map {
        "<tr><td>\(rate($0.rate))</td><td class=n>\($0.taxableAmount.formatted())</td><td class=n>\($0.taxAmount.formatted())</td></tr>"
    }.joined()
    let footer = invoice.legalMentions.map(escape).joined(separator: "\\A ")
    let notes = invoice.notes.filter { $0.subject != "BAR" }.map { "<p class=note>\(escape($0.text))</p>" }.joined()
    return """
        <!doctype html><html lang=fr><head><meta charset=utf-8><title>\(escape(invoice.title)) \(escape(invoice.number))</title>
        <meta name=author content="\(escape(invoice.seller.name))">
        <style>
        @font-face { font-family: DejaVu; src: url("file://\(fontDirectory)/DejaVuSans.ttf"); }
        @font-face { font-family: DejaVu; font-weight: bold; src: url("file://\(fontDirectory)/DejaVuSans-Bold.ttf"); }
        @font-face { font-family: DejaVu; font-style: italic; src: url("file://\(fontDirectory)/DejaVuSans-Oblique.ttf"); }
        @page { size: A4; margin: 15mm 15mm 25mm;
          @bottom-center { content: "\(footer)"; white-space: pre-wrap; font: 7pt DejaVu; color: #666; }
          @bottom-right { content: "Page " counter(page) "/" counter(pages); font: 7pt DejaVu; color: #666; } }
        body { font: 9pt/1.3 DejaVu; }
        h1 { font-size: 18pt; margin: 0 0 2pt; }
        .parties { display: flex; } .party { width: 50%; } .label { font-size: 7.5pt; color: #666; }
        table { width: 100%; border-collapse: collapse; margin: 8pt 0; } thead { display: table-header-group; }
        th { background: #ebebeb; text-align: left; } th, td { padding: 3pt; border-bottom: 0.3pt solid #666; vertical-align: top; }
        .n { text-align: right; } tr { break-inside: avoid; }
        .totals { margin-left: 55%; } .totals td { border: 0; } .note { font-size: 7.5pt; font-style: italic; color: #666; margin: 1pt 0; }
        </style></head><body>
        <h1>\(escape(invoice.title))</h1>
        <p><b>N°\u{00A0}\(escape(invoice.number))   Date\u{00A0}: \(date(invoice.issueDate))   Échéance\u{00A0}: \(invoice.dueDate.map(date) ?? "")</b></p>
        <div class=parties>\(party(invoice.seller, "Émetteur"))\(party(invoice.buyer, "Client"))</div>
        <p><small>Commande\u{00A0}: \(escape(invoice.orderReference ?? ""))<br>Référence client\u{00A0}: \(escape(invoice.buyerReference ?? ""))</small></p>
        <table><thead><tr><th style="width:46%">Désignation</th><th class=n>Qté</th><th class=n>PU HT</th><th class=n>TVA</th><th class=n>Total HT</th></tr></thead>
        <tbody>
        \(rows)
        </tbody></table>
        <table><thead><tr><th>Taux de TVA</th><th class=n>Base HT</th><th class=n>Montant TVA</th></tr></thead><tbody>\(vat)</tbody></table>
        <table class=totals><tr><td>Total HT</td><td class=n>\(invoice.totals.taxBasis.formatted())</td></tr>
        <tr><td>Total TVA</td><td class=n>\(invoice.totals.taxTotal.formatted())</td></tr>
        <tr><td><b>Total TTC</b></td><td class=n><b>\(invoice.totals.grandTotal.formatted())</b></td></tr></table>
        <p><small>Conditions de paiement\u{00A0}: \(escape(invoice.paymentTerms ?? ""))<br>Règlement par virement\u{00A0}: IBAN \(invoice.payment?.iban ?? "") — BIC \(invoice.payment?.bic ?? "")</small></p>
        \(notes)
        </body></html>

        """
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // KiB on Linux
    #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1024 / 1024  // bytes on macOS
    #endif
}

/// CPU time (user + system) of this process so far, in seconds: less sensitive than wall time to a busy machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func report(documents: Int, seconds: Double, cpu: Double, bytes: Int) {
    print(
        String(
            format:
                "documents=%d seconds=%.4f ms_per_document=%.3f cpu_ms_per_document=%.3f documents_per_second=%.1f bytes=%d peak_rss_mib=%.1f",
            documents, seconds, seconds * 1000 / Double(documents), cpu * 1000 / Double(documents), Double(documents) / seconds, bytes,
            peakRSSMiB()))
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: comptoir-pdfbench emit DIR | one FILE | batch N [DIR]\n".utf8))
    exit(2)
}
switch arguments[1] {
case "emit":
    let directory = URL(fileURLWithPath: arguments[2])
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let sample = invoice(number: "FA2026-00001")
    try Data(FacturXPDF.render(sample, createdAt: clock)).write(to: directory.appendingPathComponent("invoice.pdf"))
    try Data(FacturXCII.xml(sample).utf8).write(to: directory.appendingPathComponent("factur-x.xml"))
    // The same DejaVu Sans files our writer embeds (the checkout's resources, or the directory given).
    let fontDirectory =
        arguments.count > 3 ? arguments[3] : FileManager.default.currentDirectoryPath + "/Sources/ComptoirDocuments/PDF/Fonts"
    try Data(html(sample, fontDirectory: fontDirectory).utf8).write(to: directory.appendingPathComponent("invoice.html"))
    print("wrote invoice.pdf, factur-x.xml, invoice.html to \(directory.path)")
case "one":
    let cpu = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    let bytes = FacturXPDF.render(invoice(number: "FA2026-00001"), createdAt: clock)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    try Data(bytes).write(to: URL(fileURLWithPath: arguments[2]))
    report(documents: 1, seconds: seconds, cpu: cpuSeconds() - cpu, bytes: bytes.count)
case "batch":
    let count = Int(arguments[2]) ?? 1000
    let directory = arguments.count > 3 ? URL(fileURLWithPath: arguments[3]) : nil
    if let directory { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    var total = 0
    let cpu = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 1...count {
        let number = String(format: "FA2026-%05d", index)
        let bytes = FacturXPDF.render(invoice(number: number), createdAt: clock)
        total += bytes.count
        if let directory { try Data(bytes).write(to: directory.appendingPathComponent("\(number).pdf")) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    report(documents: count, seconds: seconds, cpu: cpuSeconds() - cpu, bytes: total)
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
}
