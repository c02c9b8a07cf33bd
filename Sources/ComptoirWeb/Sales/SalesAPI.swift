import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/quotes`, `/orders`, `/invoices`, `/credit-notes`, `/supplier-orders`, `/supplier-invoices` (drafts, validation,
/// transitions) and `/api/v1/payments`; `/api/v1/sales-chain/verification` recomputes the inalterability chain. Bodies are
/// read strictly: unknown members and wrong JSON types are 422 before the service sees them.
enum SalesAPI {
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
    static let nullableText: JSONValue = ["type": ["string", "null"]]
    static let nullableDate: JSONValue = ["type": ["string", "null"], "format": "date"]
    static let amount: JSONValue = ["type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{2})?$"]
    static let moneyPattern = "^[0-9]{1,12}([.,][0-9]{1,2})?$"
    static let percentPattern = "^[0-9]{1,3}([.,][0-9]{1,2})?$"
    static let states = SalesDocument.State.allCases.map { JSONValue.string($0.rawValue) }
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    /// What the schema states of the header's members, checked before the service reads them (an empty string included).
    static let memberPatterns: [String: String] = [
        "subtype": "^(standard|deposit|intermediate|balance)$", "nature": "^(goods|services|both)$", "issueDate": datePattern,
        "deliveryDate": datePattern, "dueDate": datePattern, "validUntil": datePattern,
    ]
    static let linePatterns: [String: String] = [
        "product": "^.{1,100}$", "quantity": "^[0-9]{1,12}([.,][0-9]{1,3})?$", "unitPrice": moneyPattern, "discount": percentPattern,
        "vatRate": "^(20|10|5\\.5|2\\.1|0)$",
    ]
    static let paymentPatterns: [String: String] = [
        "direction": "^(received|sent)$", "amount": moneyPattern, "date": datePattern,
        "method": "^(transfer|card|cheque|cash|direct_debit)$", "wording": "^.{1,200}$",
    ]
    static let installmentPatterns: [String: String] = [
        "template": "^(deposit|intermediate|balance)$", "amount": moneyPattern, "percentage": percentPattern, "issueDate": datePattern,
        "dueDate": datePattern,
    ]

    /// The API resource of each kind.
    static let resources: [(path: String, kind: SalesDocument.Kind)] = [
        ("quotes", .quote), ("orders", .order), ("invoices", .invoice), ("credit-notes", .creditNote),
        ("supplier-orders", .supplierOrder), ("supplier-invoices", .supplierInvoice),
    ]

    static let lineSchema: JSONValue = [
        "type": "object", "required": ["id", "productId", "description", "quantity", "unit", "unitPrice", "discount", "vatRate", "net"],
        "properties": [
            "id": uuid, "productId": nullableUUID, "description": ["type": "string"], "quantity": ["type": "string"], "unit": nullableText,
            "unitPrice": amount, "discount": ["type": "string"], "vatRate": ["type": "string", "enum": ["20", "10", "5.5", "2.1", "0"]],
            "net": amount,
        ],
    ]
    static let documentSchema: JSONValue = [
        "type": "object",
        "required": [
            "id", "kind", "subtype", "state", "reference", "issueDate", "currency", "totalNet", "totalTax", "totalGross", "vat", "lines",
        ],
        "properties": [
            "id": uuid, "kind": ["type": "string", "enum": .array(SalesDocument.Kind.allCases.map { .string($0.rawValue) })],
            "subtype": ["type": "string", "enum": ["standard", "deposit", "intermediate", "balance"]],
            "state": ["type": "string", "enum": .array(states)], "reference": nullableText, "title": nullableText,
            "companyId": nullableUUID, "contactId": nullableUUID, "customerName": nullableText, "billingAddress": nullableText,
            "deliveryAddress": nullableText, "projectId": nullableUUID, "interactionId": nullableUUID,
            "issueDate": ["type": "string", "format": "date"], "deliveryDate": nullableDate, "dueDate": nullableDate,
            "validUntil": nullableDate, "paymentTerms": nullableText, "latePenaltyRate": nullableText, "earlyPaymentDiscount": nullableText,
            "nature": ["type": ["string", "null"], "enum": ["goods", "services", "both", .null]], "notes": nullableText,
            "supplierReference": nullableText, "currency": ["type": "string"], "totalNet": amount, "totalTax": amount, "totalGross": amount,
            "vat": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["rate", "base", "tax"],
                    "properties": ["rate": ["type": "string"], "base": amount, "tax": amount],
                ],
            ],
            "lines": ["type": "array", "items": lineSchema], "sourceId": nullableUUID, "creditedId": nullableUUID,
            "validatedAt": ["type": ["string", "null"], "format": "date-time"],
        ],
    ]
    static let textMembers: [String: Int] = [
        "title": 200, "billingAddress": 1_000, "deliveryAddress": 1_000, "issueDate": 10, "deliveryDate": 10, "dueDate": 10,
        "validUntil": 10, "paymentTerms": 500, "latePenaltyRate": 500, "earlyPaymentDiscount": 500, "notes": 20_000,
        "supplierReference": 100,
    ]
    static let documentInput: JSONValue = {
        var properties: [String: JSONValue] = [
            "subtype": ["type": "string", "enum": ["standard", "deposit", "intermediate", "balance"]],
            "companyId": ["type": "string", "format": "uuid"], "contactId": ["type": "string", "format": "uuid"],
            "projectId": ["type": "string", "format": "uuid"], "interactionId": ["type": "string", "format": "uuid"],
            "nature": ["type": "string", "enum": ["goods", "services", "both"]],
            "lines": [
                "type": "array", "maxItems": 1_000,
                "items": [
                    "type": "object", "required": ["quantity"], "additionalProperties": false,
                    "properties": [
                        "product": ["type": "string", "minLength": 1, "maxLength": 100, "description": "The product's id or reference"],
                        "description": ["type": "string", "maxLength": 4_000],
                        "quantity": ["type": "string", "pattern": "^[0-9]{1,12}([.,][0-9]{1,3})?$"],
                        "unit": ["type": "string", "maxLength": 20],
                        "unitPrice": [
                            "type": "string", "pattern": .string(moneyPattern), "description": "Excl. VAT; empty: the product's",
                        ],
                        "discount": ["type": "string", "pattern": .string(percentPattern), "description": "Percent"],
                        "vatRate": ["type": "string", "enum": ["20", "10", "5.5", "2.1", "0"]],
                    ],
                ],
            ],
        ]
        for (name, length) in textMembers {
            properties[name] =
                ["issueDate", "deliveryDate", "dueDate", "validUntil"].contains(name)
                ? ["type": "string", "format": "date"] : ["type": "string", "maxLength": .int(Int64(length))]
        }
        return ["type": "object", "additionalProperties": false, "properties": .object(properties)]
    }()

    static let paymentSchema: JSONValue = [
        "type": "object", "required": ["id", "direction", "wording", "amount", "currency", "date", "method", "allocations", "creditLeft"],
        "properties": [
            "id": uuid, "direction": ["type": "string", "enum": ["received", "sent"]], "wording": ["type": "string"], "amount": amount,
            "currency": ["type": "string"], "date": ["type": "string", "format": "date"],
            "method": ["type": "string", "enum": ["transfer", "card", "cheque", "cash", "direct_debit"]], "reference": nullableText,
            "companyId": nullableUUID, "keepsCredit": ["type": "boolean"], "creditLeft": amount,
            "allocations": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["documentId", "amount"], "properties": ["documentId": uuid, "amount": amount],
                ],
            ],
        ],
    ]
    static let paymentInput: JSONValue = [
        "type": "object", "required": ["wording", "amount", "method"], "additionalProperties": false,
        "properties": [
            "direction": ["type": "string", "enum": ["received", "sent"]], "wording": ["type": "string", "minLength": 1, "maxLength": 200],
            "amount": ["type": "string", "pattern": .string(moneyPattern)], "date": ["type": "string", "format": "date"],
            "method": ["type": "string", "enum": ["transfer", "card", "cheque", "cash", "direct_debit"]],
            "reference": ["type": "string", "maxLength": 100], "companyId": ["type": "string", "format": "uuid"],
            "keepCredit": ["type": "boolean", "description": "Keep what exceeds the invoices' dues as the customer's credit"],
            "allocations": [
                "type": "array", "maxItems": 500,
                "items": [
                    "type": "object", "required": ["documentId"], "additionalProperties": false,
                    "properties": [
                        "documentId": ["type": "string", "format": "uuid"],
                        "amount": ["type": "string", "pattern": .string(moneyPattern), "description": "Empty: what the invoice has due"],
                    ],
                ],
            ],
        ],
    ]
    static let installmentsInput: JSONValue = [
        "type": "object", "required": ["installments"], "additionalProperties": false,
        "properties": [
            "installments": [
                "type": "array", "minItems": 2, "maxItems": 36,
                "items": [
                    "type": "object", "required": ["template"], "additionalProperties": false,
                    "properties": [
                        "template": ["type": "string", "enum": ["deposit", "intermediate", "balance"]],
                        "amount": ["type": "string", "pattern": .string(moneyPattern), "description": "Excl. VAT"],
                        "percentage": [
                            "type": "string", "pattern": .string(percentPattern), "description": "Of the order's total excl. VAT",
                        ],
                        "issueDate": ["type": "string", "format": "date"], "dueDate": ["type": "string", "format": "date"],
                    ],
                ],
            ]
        ],
    ]
    static let billingSchema: JSONValue = [
        "type": "object", "required": ["ordered", "invoiced", "planned", "paid", "remainingToInvoice", "invoices"],
        "properties": [
            "ordered": amount, "invoiced": amount, "planned": amount, "paid": amount, "remainingToInvoice": amount,
            "invoices": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["id", "reference", "subtype", "state", "totalGross"],
                    "properties": [
                        "id": uuid, "reference": nullableText, "subtype": ["type": "string"], "state": ["type": "string"],
                        "totalGross": amount,
                    ],
                ],
            ],
        ],
    ]
    static let verificationSchema: JSONValue = [
        "type": "object", "required": ["intact", "checked", "broken"],
        "properties": [
            "intact": ["type": "boolean"], "checked": ["type": "integer"],
            "broken": [
                "type": ["object", "null"],
                "properties": [
                    "sequence": ["type": "integer"], "recordType": ["type": "string"], "recordId": uuid, "label": ["type": "string"],
                    "reason": ["type": "string"], "changedFields": ["type": "array", "items": ["type": "string"]],
                ],
            ],
        ],
    ]

    static func id(_ value: UUID?) -> JSONValue { value.map { .string($0.uuidString.lowercased()) } ?? .null }
    static func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    static func money(_ cents: Int64) -> JSONValue { .string(Money(minorUnits: cents).decimalString) }

    static func json(_ document: SalesDocument) -> JSONValue {
        [
            "id": id(document.id), "kind": .string(document.kind.rawValue), "subtype": .string(document.subtype.rawValue),
            "state": .string(document.state.rawValue), "reference": text(document.reference), "title": text(document.title),
            "companyId": id(document.companyID), "contactId": id(document.contactID), "customerName": text(document.customerName),
            "billingAddress": text(document.billingAddress), "deliveryAddress": text(document.deliveryAddress),
            "projectId": id(document.projectID), "interactionId": id(document.interactionID),
            "issueDate": .string(document.issueDate.isoString), "deliveryDate": text(document.deliveryDate?.isoString),
            "dueDate": text(document.dueDate?.isoString), "validUntil": text(document.validUntil?.isoString),
            "paymentTerms": text(document.paymentTerms), "latePenaltyRate": text(document.latePenaltyRate),
            "earlyPaymentDiscount": text(document.earlyPaymentDiscount), "nature": text(document.nature?.rawValue),
            "notes": text(document.notes), "supplierReference": text(document.supplierReference), "currency": .string(document.currency),
            "totalNet": money(document.totals.net), "totalTax": money(document.totals.tax), "totalGross": money(document.totals.gross),
            "vat": .array(
                document.totals.breakdown.map {
                    ["rate": .string($0.rate.decimalString), "base": money($0.base), "tax": money($0.tax)]
                }),
            "lines": .array(
                document.lines.map {
                    [
                        "id": id($0.id), "productId": id($0.productID), "description": .string($0.description),
                        "quantity": .string($0.quantity.decimalString), "unit": text($0.unit), "unitPrice": money($0.unitPrice),
                        "discount": .string($0.discount.decimalString), "vatRate": .string($0.vatRate.decimalString), "net": money($0.net),
                    ]
                }),
            "sourceId": id(document.sourceID), "creditedId": id(document.creditedID),
            "validatedAt": document.validatedAt.map { .string(ISO8601.string($0)) } ?? .null,
        ]
    }

    static func json(_ payment: SalesPaymentRecord, allocations: [SalesAllocationRecord]) -> JSONValue {
        let used = allocations.reduce(Int64(0)) { $0 + $1.amount }
        return [
            "id": id(payment.id), "direction": .string(payment.direction), "wording": .string(payment.wording),
            "amount": money(payment.amount),
            "currency": .string(payment.currency), "date": .string(payment.paymentDate), "method": .string(payment.method),
            "reference": text(payment.reference), "companyId": id(payment.companyID), "keepsCredit": .bool(payment.keepsCredit),
            "creditLeft": money(payment.keepsCredit ? payment.amount - used : 0),
            "allocations": .array(allocations.map { ["documentId": id($0.documentID), "amount": money($0.amount)] }),
        ]
    }
}
