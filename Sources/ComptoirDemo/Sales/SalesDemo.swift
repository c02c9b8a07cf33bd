import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation

/// The sales demo: « Paramètres ERP » filled in (deposits on), quotes in each state, an order invoiced in three
/// installments (deposit paid, intermediate validated, balance to validate), invoices paid, overdue and partially paid,
/// an invoice cancelled by its credit note, and supplier invoices on two projects. Validations run in the order of their
/// dates, as the law's « no backdating » rule wants; everything goes through the services the pages call.
enum SalesDemo {
    @Sendable static func load(_ context: ServiceContext) async throws -> [String] {
        guard
            try await SalesDocumentService(context).list(SalesDocumentFilter(kinds: SalesDocument.Kind.allCases.map(\.rawValue)), limit: 1)
                .isEmpty
        else { return [] }
        guard let user = try await DemoData.staff(context).first(where: { !$0.readOnly && $0.role == User.Role.user.rawValue }) else {
            return []
        }
        return try await context.transaction { context in
            try await SalesSettingsService(context).update(
                .init(
                    deposits: true, paymentTerms: "Paiement à 30 jours à réception de facture, par virement",
                    latePenaltyRate: "Taux directeur de la BCE majoré de 10 points",
                    earlyPaymentDiscount: "Pas d'escompte pour paiement anticipé", paymentDays: "30",
                    patterns: Dictionary(uniqueKeysWithValues: SalesDocument.Kind.allCases.map { ($0.rawValue, $0.defaultPattern.text) })))
            return try await create(try context.writing(as: user, .sales))
        }
    }

    private static func create(_ context: ServiceContext) async throws -> [String] {
        let today = CalendarDay(context.now)
        let companies = try await EntityService(CompaniesEntity.definition, context).list(.init(sort: "name", limit: 12)).rows
            .filter { ($0["siren"].textValue ?? "").count == 9 && !($0["billing_city"].textValue ?? "").isEmpty }
            .map(\.id)
        guard companies.count >= 6 else { return [] }
        // The sapins' extranet (in profit) and the HTML training (at a loss), when the projects' demo made them.
        let projectRows = try await EntityService(ProjectsEntity.definition, context).list(.init(sort: "title", limit: 20)).rows
        let named = ["EXT-SAPINS", "FORM-HTML"].compactMap { code in projectRows.first { $0["code"].textValue == code }?.id }
        let projects = named.count == 2 ? named : Array(projectRows.prefix(2).map(\.id))
        let documents = SalesDocumentService(context)
        let payments = SalesPaymentService(context)
        func day(_ offset: Int) -> String { today.adding(days: offset).isoString }
        func draft(
            _ kind: SalesDocument.Kind, _ company: UUID, date: Int, due: Int? = nil, valid: Int? = nil, project: UUID? = nil,
            title: String = "", nature: String = "both", _ lines: [SalesDocumentInput.Line]
        ) async throws -> UUID {
            try await documents.createDraft(
                SalesDocumentInput(
                    kind: kind.rawValue, title: title, company: company.uuidString, project: project?.uuidString ?? "",
                    issueDate: day(date), dueDate: due.map(day) ?? "", validUntil: valid.map(day) ?? "", nature: nature,
                    lines: lines))
        }
        func pay(_ invoice: UUID, _ amount: String, _ wording: String, date: Int, method: String = "transfer") async throws {
            _ = try await payments.record(
                SalesPaymentInput(
                    wording: wording, amount: amount, date: day(date), method: method, allocations: [.init(document: invoice.uuidString)]))
        }
        let laptops: [SalesDocumentInput.Line] = [
            .init(product: "PC-PRO14", quantity: "3"), .init(product: "ECR-24", quantity: "3"),
            .init(description: "Installation et paramétrage sur site", quantity: "1,5", unit: "day", unitPrice: "650", vatRate: "20"),
        ]
        let audit: [SalesDocumentInput.Line] = [
            .init(description: "Audit patrimonial — bilan et préconisations", quantity: "1", unitPrice: "1800", vatRate: "20"),
            .init(description: "Suivi trimestriel", quantity: "4", unitPrice: "240", discount: "10", vatRate: "20"),
        ]
        let supplies: [SalesDocumentInput.Line] = [
            .init(product: "PAP-A4-80", quantity: "20"),
            .init(description: "Livraison express", quantity: "1", unitPrice: "35", vatRate: "20"),
        ]

        // Quotes: a draft, one sent, one accepted, one refused.
        _ = try await draft(.quote, companies[0], date: -2, valid: 28, title: "Renouvellement du parc informatique", laptops)
        let sent = try await draft(.quote, companies[1], date: -9, valid: 21, nature: "services", audit)
        _ = try await documents.validate(sent)
        let accepted = try await draft(.quote, companies[2], date: -45, valid: -15, laptops)
        _ = try await documents.validate(accepted)
        try await documents.decideQuote(accepted, accepted: true)
        let refused = try await draft(.quote, companies[3], date: -70, valid: -40, nature: "services", audit)
        _ = try await documents.validate(refused)
        try await documents.decideQuote(refused, accepted: false)

        // The accepted quote's order, invoiced in three installments.
        let order = try await documents.convert(accepted)
        try await documents.updateDraft(
            order,
            SalesDocumentInput(
                kind: "order", company: companies[2].uuidString, issueDate: day(-44), dueDate: day(-14), nature: "both", lines: laptops))
        _ = try await documents.validate(order)

        // Invoices, validated in the order of their dates.
        let paid = try await draft(.invoice, companies[4], date: -60, due: -30, supplies)
        _ = try await documents.validate(paid)
        // The overdue invoice is the first project's (its margin then reads invoices against a supplier invoice).
        let overdue = try await draft(.invoice, companies[5], date: -50, due: -20, project: projects.first, nature: "services", audit)
        _ = try await documents.validate(overdue)
        let plan = try await documents.invoiceInInstallments(
            order,
            [
                InstallmentInput(template: "deposit", percentage: "30", issueDate: day(-40), dueDate: day(-40)),
                InstallmentInput(template: "intermediate", percentage: "40", issueDate: day(-20), dueDate: day(10)),
                InstallmentInput(template: "balance", issueDate: day(0), dueDate: day(30)),
            ])
        _ = try await documents.validate(plan[0])
        let partial = try await draft(.invoice, companies[0], date: -35, due: -5, supplies)
        _ = try await documents.validate(partial)
        let wrong = try await draft(.invoice, companies[1], date: -30, due: 0, nature: "services", audit)
        _ = try await documents.validate(wrong)
        let credit = try await documents.createCreditNote(for: wrong)
        try await documents.updateDraft(
            credit,
            SalesDocumentInput(
                kind: "credit_note", company: companies[1].uuidString, issueDate: day(-29), dueDate: day(-29), nature: "services",
                lines: audit))
        _ = try await documents.validate(credit)
        _ = try await documents.validate(plan[1])

        // Payments: one invoice settled, the deposit paid, half of another.
        if let invoice = try await documents.find(paid) {
            try await pay(paid, Money(minorUnits: invoice.totals.gross).decimalString, "Règlement", date: -28)
        }
        if let deposit = try await documents.find(plan[0]) {
            try await pay(plan[0], Money(minorUnits: deposit.totals.gross).decimalString, "Acompte", date: -39)
        }
        if let invoice = try await documents.find(partial) {
            try await pay(
                partial, Money(minorUnits: invoice.totals.gross / 2).decimalString, "Premier versement", date: -10, method: "cheque")
        }

        // Purchases on two projects: the first stays in profit, the second (« Formation HTML ») is at a loss.
        for (index, project) in projects.enumerated() {
            let purchase = try await draft(
                .supplierInvoice, companies[index + 3], date: -15 + index, due: 15, project: project, nature: "goods",
                [.init(description: "Sous-traitance", quantity: "1", unitPrice: index == 0 ? "450" : "6800", vatRate: "20")])
            _ = try await documents.validate(purchase)
        }
        return ["  Ventes : 4 devis, 1 commande facturée en 3 fois, 5 factures (payée, en retard, partiellement payée), 1 avoir, 2 achats."]
    }
}
