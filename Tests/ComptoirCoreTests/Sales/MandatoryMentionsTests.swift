import Testing

@testable import ComptoirCore

@Suite struct MandatoryMentionsTests {
    static let complete = InvoiceMentions(
        sellerName: "Atelier Dupont", sellerAddress: "12 rue de la Paix, 75002 Paris", sellerSIREN: "732829320",
        sellerVATNumber: "FR44732829320", sellerLegalForm: "SARL", sellerShareCapital: 1_000_000, customerName: "Garage Martin",
        customerAddress: "3 avenue Foch, 69006 Lyon", customerIsBusiness: true, customerSIREN: "552100554", nature: .goods,
        issueDate: CalendarDay(year: 2026, month: 11, day: 18), dueDate: CalendarDay(year: 2026, month: 12, day: 18),
        paymentTerms: "30 jours", latePenaltyRate: "3 fois le taux d'intérêt légal", recoveryIndemnity: true,
        earlyPaymentDiscount: "Néant")

    @Test func aCompleteInvoiceMissesNothing() {
        #expect(Self.complete.missing == [])
    }

    @Test func namesEachMissingMention() {
        // setup
        var mentions = Self.complete
        mentions.sellerVATNumber = " "
        mentions.sellerShareCapital = nil
        mentions.customerSIREN = nil
        mentions.deliveryDiffers = true
        mentions.nature = nil
        mentions.recoveryIndemnity = false
        mentions.earlyPaymentDiscount = ""
        // act, validate
        #expect(
            mentions.missing == [
                .sellerVATNumber, .sellerShareCapital, .customerSIREN, .deliveryAddress, .nature, .recoveryIndemnity, .earlyPaymentDiscount,
            ])
        #expect(InvoiceMentions.Mention.recoveryIndemnity.label(french: true).contains("40 €"))
    }

    @Test func franchiseAndPrivateCustomersNeedLess() {
        // setup: an individual entrepreneur under the VAT franchise, selling to a private person
        var mentions = Self.complete
        mentions.vatFranchise = true
        mentions.sellerVATNumber = nil
        mentions.sellerLegalForm = "EI"
        mentions.sellerShareCapital = nil
        mentions.customerIsBusiness = false
        mentions.customerSIREN = nil
        mentions.recoveryIndemnity = false
        // validate
        #expect(mentions.missing == [])
        mentions.sellerSIREN = nil
        #expect(mentions.missing == [.sellerSIREN])
        mentions.sellerSIRET = "73282932000074"
        #expect(mentions.missing == [])
    }
}
