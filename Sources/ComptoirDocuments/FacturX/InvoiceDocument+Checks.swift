extension InvoiceDocument {
    /// A rule of EN 16931 or of the French CTC that this document breaks, named by the field it concerns.
    public struct Problem: Sendable, Equatable {
        public var field: String
        public var message: String
    }

    /// What would make the e-invoice refused, checked before writing it, so Sales can tell the user instead of
    /// issuing an invalid file: number (≤ 35 characters: letters, digits, + - _ /), seller SIREN, both electronic
    /// addresses, the PMT, PMD and AAB notes once each, at least one line, the VAT breakdown, an allowed type code.
    public var facturXProblems: [Problem] {
        var problems: [Problem] = []
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-_/")
        if number.isEmpty || number.count > 35 || !number.allSatisfy(allowed.contains) {
            problems.append(Problem(field: "number", message: "BR-FR-01/02: 1 to 35 characters among letters, digits and + - _ /"))
        }
        for reference in precedingInvoices where reference.number.count > 35 || !reference.number.allSatisfy(allowed.contains) {
            problems.append(Problem(field: "precedingInvoices", message: "BR-FR-01/02: \(reference.number)"))
        }
        if seller.siren.map({ $0.count == 9 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) != true {
            problems.append(Problem(field: "seller.siren", message: "BR-FR-10: the seller's SIREN (9 digits) is required"))
        }
        if seller.electronicAddress == nil { problems.append(Problem(field: "seller.electronicAddress", message: "BR-FR-13: required")) }
        if buyer.electronicAddress == nil { problems.append(Problem(field: "buyer.electronicAddress", message: "BR-FR-12: required")) }
        for subject in ["PMT", "PMD", "AAB"] where notes.filter({ $0.subject == subject }).count != 1 {
            problems.append(Problem(field: "notes", message: "BR-FR-05/06: exactly one \(subject) note"))
        }
        if lines.isEmpty { problems.append(Problem(field: "lines", message: "BR-16: at least one line")) }
        if vatBreakdown.isEmpty { problems.append(Problem(field: "vatBreakdown", message: "BR-CO-18: at least one VAT breakdown")) }
        return problems
    }
}
