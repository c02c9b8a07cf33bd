import ComptoirCore
import ComptoirStore
import Foundation

/// A sales or purchase document as a form or the API submits it: strings, parsed and checked by `SalesDocumentService`.
public struct SalesDocumentInput: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        /// The product's id or reference, or empty for a free-text line.
        public var product: String
        /// Empty: the product's name.
        public var description: String
        public var quantity: String
        public var unit: String
        /// Excl. VAT per unit as typed (« 12,50 »); empty: the product's sale (or purchase) price.
        public var unitPrice: String
        /// Percent (« 10 », « 12,5 »); empty: none.
        public var discount: String
        /// « 20 », « 5,5 »…; empty: the product's rate.
        public var vatRate: String

        public init(
            product: String = "", description: String = "", quantity: String, unit: String = "", unitPrice: String = "",
            discount: String = "",
            vatRate: String = ""
        ) {
            self.product = product
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
            self.discount = discount
            self.vatRate = vatRate
        }

        var isBlank: Bool {
            [product, description, quantity, unit, unitPrice, discount, vatRate].allSatisfy { $0.fastTrimmed.isEmpty }
        }
    }

    public var kind: String
    public var subtype: String
    public var title: String
    /// Company id or name; contact id or name.
    public var company: String
    public var contact: String
    /// Empty: the company's (or contact's) own address, copied.
    public var billingAddress: String
    public var deliveryAddress: String
    public var project: String
    public var interaction: String
    /// dd/mm/yyyy or yyyy-mm-dd; empty issue date: today.
    public var issueDate: String
    public var deliveryDate: String
    public var dueDate: String
    public var validUntil: String
    /// Empty: the setting's default (« Paramètres ERP »).
    public var paymentTerms: String
    public var latePenaltyRate: String
    public var earlyPaymentDiscount: String
    /// `goods`, `services`, `both` or empty.
    public var nature: String
    public var notes: String
    public var supplierReference: String
    public var lines: [Line]

    public init(
        kind: String, subtype: String = "", title: String = "", company: String = "", contact: String = "", billingAddress: String = "",
        deliveryAddress: String = "", project: String = "", interaction: String = "", issueDate: String = "", deliveryDate: String = "",
        dueDate: String = "", validUntil: String = "", paymentTerms: String = "", latePenaltyRate: String = "",
        earlyPaymentDiscount: String = "", nature: String = "", notes: String = "", supplierReference: String = "", lines: [Line]
    ) {
        self.kind = kind
        self.subtype = subtype
        self.title = title
        self.company = company
        self.contact = contact
        self.billingAddress = billingAddress
        self.deliveryAddress = deliveryAddress
        self.project = project
        self.interaction = interaction
        self.issueDate = issueDate
        self.deliveryDate = deliveryDate
        self.dueDate = dueDate
        self.validUntil = validUntil
        self.paymentTerms = paymentTerms
        self.latePenaltyRate = latePenaltyRate
        self.earlyPaymentDiscount = earlyPaymentDiscount
        self.nature = nature
        self.notes = notes
        self.supplierReference = supplierReference
        self.lines = lines
    }
}

extension SalesDocumentService {
    /// Defaults of « Paramètres ERP » copied onto a new draft when its fields are left empty.
    public static let paymentTermsSetting = "sales.paymentTerms"
    public static let latePenaltyRateSetting = "sales.latePenaltyRate"
    public static let earlyPaymentDiscountSetting = "sales.earlyPaymentDiscount"
    /// Days from an invoice's date to its due date when none is typed (« Délai de paiement par défaut »); unset: none.
    public static let paymentDaysSetting = "sales.paymentDays"

    /// The default payment delay in days, when « Paramètres ERP » sets one.
    static func paymentDays(_ context: ServiceContext) async throws -> Int? {
        try await setting(context, paymentDaysSetting).flatMap(Int.init).flatMap { (0...365).contains($0) ? $0 : nil }
    }

    /// The due date of a customer invoice without one: its date plus the default delay, if any.
    static func defaultDueDate(_ document: SalesDocument, _ context: ServiceContext) async throws -> CalendarDay? {
        guard document.kind == .invoice, document.dueDate == nil, let days = try await paymentDays(context) else {
            return document.dueDate
        }
        return document.issueDate.adding(days: days)
    }
    /// « TVA non applicable, art. 293 B du CGI »: the organisation is under the VAT franchise.
    public static let vatFranchiseSetting = "sales.vatFranchise"

    /// Parses and checks a draft: every problem named by its field or line; nothing is written.
    func parse(_ input: SalesDocumentInput, id: UUID, existing: SalesDocument?, _ context: ServiceContext) async throws -> SalesDocument {
        var errors: [String: [Localized]] = [:]
        func fail(_ key: String, _ message: Localized) { errors[key, default: []].append(message) }
        func text(_ raw: String, _ key: String, max: Int) -> String? {
            let trimmed = raw.fastTrimmed
            if trimmed.unicodeScalars.count > max { fail(key, L("\(max) caractères au plus.", "At most \(max) characters.")) }
            return trimmed.isEmpty ? nil : trimmed
        }
        func day(_ raw: String, _ key: String) -> CalendarDay? {
            let trimmed = raw.fastTrimmed
            guard !trimmed.isEmpty else { return nil }
            guard let parsed = CalendarDay(parsing: trimmed) else {
                fail(key, L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
                return nil
            }
            return parsed
        }

        let kind = existing?.kind ?? SalesDocument.Kind(rawValue: input.kind.fastTrimmed)
        if kind == nil { fail("kind", L("Choisissez le type de document.", "Choose the kind of document.")) }
        if kind == .creditNote && existing?.creditedID == nil {
            fail(
                "kind",
                L(
                    "Un avoir se prépare depuis la facture validée qu'il annule.",
                    "A credit note is prepared from the validated invoice it cancels."))
        }
        var subtype = SalesDocument.Subtype.standard
        if !input.subtype.fastTrimmed.isEmpty {
            if let parsed = SalesDocument.Subtype(rawValue: input.subtype.fastTrimmed), parsed == .standard || kind == .invoice {
                subtype = parsed
            } else {
                fail("subtype", L("Modèle de facture inconnu.", "Unknown invoice template."))
            }
        }
        let issue = day(input.issueDate, "issueDate") ?? CalendarDay(context.now)
        let delivery = day(input.deliveryDate, "deliveryDate")
        let due = day(input.dueDate, "dueDate")
        let validUntil = day(input.validUntil, "validUntil")
        if let due, due < issue {
            fail("dueDate", L("L'échéance ne peut précéder la date d'émission.", "The due date cannot precede the issue date."))
        }
        if let validUntil, validUntil < issue {
            fail("validUntil", L("La validité ne peut précéder la date d'émission.", "Validity cannot precede the issue date."))
        }
        var nature: SalesDocument.Nature?
        if !input.nature.fastTrimmed.isEmpty {
            nature = SalesDocument.Nature(rawValue: input.nature.fastTrimmed)
            if nature == nil { fail("nature", L("Choisissez biens, services ou les deux.", "Choose goods, services or both.")) }
        }

        var company: UUID?
        if !input.company.fastTrimmed.isEmpty {
            switch try await DirectoryReference.resolve(input.company, .companies, context) {
            case .success(let id): company = id
            case .failure(let message): fail("company", message)
            }
        }
        var contact: UUID?
        if !input.contact.fastTrimmed.isEmpty {
            switch try await DirectoryReference.resolve(input.contact, .contacts, context) {
            case .success(let id): contact = id
            case .failure(let message): fail("contact", message)
            }
        }
        if input.company.fastTrimmed.isEmpty && input.contact.fastTrimmed.isEmpty {
            fail(
                "company",
                kind?.isPurchase == true
                    ? L("Choisissez le fournisseur.", "Choose the supplier.")
                    : L("Choisissez une société ou un contact.", "Choose a company or a contact."))
        }
        func record(_ raw: String, _ table: String, _ key: String) async throws -> UUID? {
            let trimmed = raw.fastTrimmed
            guard !trimmed.isEmpty else { return nil }
            guard let id = UUID(uuidString: trimmed), try await TableStore.exists(table, id: id, on: context.db) else {
                fail(key, L("Cette fiche n'existe pas.", "This record does not exist."))
                return nil
            }
            return id
        }
        let project = try await record(input.project, "projects", "project")
        let interaction = try await record(input.interaction, "interactions", "interaction")

        // Lines: a product (by id or reference) gives what is left blank.
        let submitted = input.lines.filter { !$0.isBlank }
        if submitted.count > 1_000 { fail("lines", L("1 000 lignes au plus.", "At most 1,000 lines.")) }
        var productIDs: [UUID?] = []
        for line in submitted.prefix(1_000) {
            let reference = line.product.fastTrimmed
            if reference.isEmpty {
                productIDs.append(nil)
            } else if let id = UUID(uuidString: reference) {
                productIDs.append(id)
            } else {
                productIDs.append(try await ProductStore.id(reference: reference, on: context.db))
            }
        }
        let products = try await SalesPartyStore.products(productIDs.compactMap { $0 }, on: context.db)
        let franchise = try await Settings.string(Self.vatFranchiseSetting, on: context.db) == "true"
        var lines: [SalesDocument.Line] = []
        for (index, line) in submitted.prefix(1_000).enumerated() {
            let prefix = SalesDocument.linePrefix(index)
            let key = { SalesDocument.lineKey(index, $0) }
            var product: SalesProductInfo?
            if !line.product.fastTrimmed.isEmpty {
                if let id = productIDs[index], let found = products[id] {
                    product = found
                } else {
                    fail(key("product"), prefix + L("ce produit n'existe pas.", "this product does not exist."))
                }
            }
            let description = line.description.fastTrimmed.isEmpty ? (product?.name ?? "") : line.description.fastTrimmed
            if description.isEmpty {
                fail(
                    key("description"),
                    prefix + L("saisissez une désignation ou choisissez un produit.", "enter a description or choose a product."))
            } else if description.unicodeScalars.count > 4_000 {
                fail(key("description"), prefix + L("4 000 caractères au plus.", "at most 4,000 characters."))
            }
            var quantity = Quantity.zero
            if let parsed = Quantity(parsing: line.quantity), parsed <= Quantity.maximum, -parsed <= Quantity.maximum {
                quantity = parsed
                if parsed <= .zero {
                    fail(
                        key("quantity"),
                        prefix
                            + (kind?.isLegalInvoice == true || kind == nil
                                ? L(
                                    "la quantité doit être positive ; pour annuler ou rembourser, établissez un avoir.",
                                    "the quantity must be positive; to cancel or refund, issue a credit note.")
                                : L("la quantité doit être positive.", "the quantity must be positive.")))
                }
            } else {
                fail(
                    key("quantity"),
                    prefix + L("quantité invalide (trois décimales au plus).", "invalid quantity (at most three decimals)."))
            }
            var unitPrice: Int64 = 0
            if line.unitPrice.fastTrimmed.isEmpty {
                if let price = kind?.isPurchase == true ? product?.purchasePrice : product?.salePrice {
                    unitPrice = price
                } else {
                    fail(key("unitPrice"), prefix + L("saisissez le prix unitaire HT.", "enter the unit price excl. VAT."))
                }
            } else if let money = Money(parsing: line.unitPrice), money.minorUnits <= 100_000_000_000 {
                unitPrice = money.minorUnits
                if unitPrice < 0 {
                    fail(
                        key("unitPrice"),
                        prefix
                            + L(
                                "le prix unitaire ne peut être négatif (utilisez une remise ou un avoir).",
                                "the unit price cannot be negative (use a discount or a credit note)."))
                }
            } else {
                fail(key("unitPrice"), prefix + L("montant invalide.", "invalid amount."))
            }
            let discount = Discount(parsing: line.discount)
            if discount == nil {
                fail(key("discount"), prefix + L("remise invalide (entre 0 et 100 %).", "invalid discount (between 0 and 100%)."))
            }
            let rateText = line.vatRate.fastTrimmed.isEmpty ? (product?.vatRate ?? "") : line.vatRate
            var rate = VATRate(parsing: rateText)
            if rateText.fastTrimmed.isEmpty {
                fail(key("vatRate"), prefix + L("choisissez le taux de TVA.", "choose the VAT rate."))
            } else if rate == nil {
                fail(
                    key("vatRate"),
                    prefix + L("taux de TVA non autorisé (20, 10, 5,5, 2,1 ou 0 %).", "VAT rate not allowed (20, 10, 5.5, 2.1 or 0%)."))
            }
            if rate != nil && rate != .zero && franchise && kind?.isPurchase == false {
                fail(
                    key("vatRate"),
                    prefix
                        + L(
                            "franchise en base de TVA (art. 293 B du CGI) : le taux est 0 %.",
                            "VAT franchise (art. 293 B du CGI): the rate is 0%."))
                rate = nil
            }
            let unit = text(line.unit, key("unit"), max: 20) ?? product?.unit
            let amount = SalesLineAmount(quantity: quantity, unitPrice: unitPrice, vatRate: .zero)
            if !amount.isWithinLimits {
                fail(
                    key("quantity"),
                    prefix
                        + L(
                            "le montant de la ligne dépasse 100 milliards d'euros : vérifiez la quantité et le prix.",
                            "the line amount exceeds 100 billion euros: check the quantity and price."))
                quantity = .zero
            }
            lines.append(
                SalesDocument.Line(
                    id: context.newID(), productID: product?.id, description: description, quantity: quantity, unit: unit,
                    unitPrice: unitPrice,
                    discount: discount ?? .none, vatRate: rate ?? .zero))
        }

        var document = SalesDocument(id: id, kind: kind ?? .quote, subtype: subtype, issueDate: issue, lines: lines)
        document.title = text(input.title, "title", max: 200) ?? subtype.title?.fr
        document.companyID = company
        document.contactID = contact
        document.billingAddress = text(input.billingAddress, "billingAddress", max: 1_000)
        document.deliveryAddress = text(input.deliveryAddress, "deliveryAddress", max: 1_000)
        document.projectID = project
        document.interactionID = interaction
        document.deliveryDate = delivery
        document.dueDate = due
        document.validUntil = validUntil
        // Our own terms are for what we sell: a supplier's document keeps only what it states.
        let ownTerms = kind?.isPurchase != true
        let defaultTerms = ownTerms ? try await Self.setting(context, Self.paymentTermsSetting) : nil
        let defaultPenalty = ownTerms ? try await Self.setting(context, Self.latePenaltyRateSetting) : nil
        let defaultDiscount = ownTerms ? try await Self.setting(context, Self.earlyPaymentDiscountSetting) : nil
        document.paymentTerms = text(input.paymentTerms, "paymentTerms", max: 500) ?? defaultTerms
        document.latePenaltyRate = text(input.latePenaltyRate, "latePenaltyRate", max: 500) ?? defaultPenalty
        document.earlyPaymentDiscount = text(input.earlyPaymentDiscount, "earlyPaymentDiscount", max: 500) ?? defaultDiscount
        document.nature = nature
        document.dueDate = try await Self.defaultDueDate(document, context)
        document.notes = text(input.notes, "notes", max: 20_000)
        document.supplierReference = text(input.supplierReference, "supplierReference", max: 100)
        document.sourceID = existing?.sourceID
        document.creditedID = existing?.creditedID
        document.createdBy = existing?.createdBy ?? context.actor?.userID
        if !errors.isEmpty { throw AppError.validation(errors) }
        return document
    }

    static func setting(_ context: ServiceContext, _ key: String) async throws -> String? {
        let value = try await Settings.string(key, on: context.db)?.fastTrimmed
        return value?.isEmpty == false ? value : nil
    }
}
