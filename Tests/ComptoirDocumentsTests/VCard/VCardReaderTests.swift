import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct VCardRoundTripTests {
    @Test func readsBackEveryPropertyTheWriterWrites() throws {
        // setup
        let card = jeanneDArc()
        // act
        let read = try VCardReader.read(card.serialized())
        // validate: phones come back in E.164, the form the writer puts in the tel: URI.
        var expected = card
        expected.phones = [
            VCard.Phone("+33612345678", types: [.cell]), VCard.Phone("+33556000000", types: [.work, .voice]),
        ]
        #expect(read == [expected])
    }

    @Test func keepsCommasSemicolonsBackslashesAndNewlinesInNamesAndNotes() throws {
        // setup
        let card = VCard(
            uid: UUID(), civility: "M.", givenName: "Jean-Pierre, dit « JP »", familyName: "Da Silva; Müller",
            organization: ["Dupont, Durand & Fils; succursale", "Service \\ achats"], jobTitle: "Associé, gérant",
            emails: [VCard.Email("jp@exemple.fr")], note: "Ligne 1\nLigne 2, avec virgule; et point-virgule\n\nC:\\Clients\\",
            categories: ["Client auto", "Assurance › Auto › Prospect", "Virgule, dans un tag"])
        // act
        let read = try VCardReader.read(card.serialized())
        // validate
        #expect(read == [card])
    }

    @Test func windowsNewlinesInANoteComeBackAsLF() throws {
        let card = VCard(uid: UUID(), givenName: "Zoé", note: "un\r\ndeux\rtrois")
        let read = try VCardReader.read(card.serialized())
        #expect(read.first?.note == "un\ndeux\ntrois")
    }

    @Test func longLinesFoldedInsideMultiByteTextRoundTrip() throws {
        // setup
        let note = String(repeating: "Gaëlle Lefèvre – « d'Arc » €🇫🇷 ", count: 30)
        let card = VCard(
            uid: UUID(), givenName: String(repeating: "Marie-Hélène ", count: 10), familyName: "Müller-Dubois",
            addresses: [
                VCard.Address(
                    streetLines: ["3 bis avenue Jean-Jaurès", "Résidence « Les Chênes », bâtiment B; escalier C"],
                    locality: "Saint-Étienne", postalCode: "42000", type: .home)
            ],
            note: note)
        let text = card.serialized()
        #expect(text.components(separatedBy: "\r\n ").count > 10)
        // act
        let read = try VCardReader.read(text)
        // validate
        #expect(read == [card])
    }

    @Test func sampleContactsRoundTripThroughAMultiContactFile() throws {
        // setup
        let data = FrenchSampleData(seed: 7, companyCount: 1_000)
        let cards = (0..<200).map { index -> VCard in
            let contact = data.contact(index: index)
            return VCard(
                uid: UUID(uuidString: "00000000-0000-4000-8000-\(String(100_000_000_000 + index).suffix(12))")!,
                civility: contact.civility, givenName: contact.firstName, familyName: contact.lastName,
                organization: contact.companyIndex.map { [data.company(index: $0).name] } ?? [],
                jobTitle: contact.jobTitle, role: contact.role ?? "", emails: [VCard.Email(contact.email, type: .home)],
                phones: [VCard.Phone(contact.mobile, types: [.cell])],
                addresses: [
                    VCard.Address(
                        streetLines: [contact.address.line1] + (contact.address.line2.map { [$0] } ?? []),
                        locality: contact.address.city, region: contact.address.region,
                        postalCode: contact.address.postalCode, country: contact.address.country, type: .home)
                ],
                birthday: contact.birthDate, categories: contact.tags)
        }
        // act
        let read = try VCardReader.read(VCard.serialize(cards))
        // validate
        #expect(read == cards)
    }
}

@Suite struct VCardReaderTests {
    @Test func unfoldsLFAndTabContinuationsAndReadsOtherWritersSpelling() throws {
        // setup: lowercase names, a group, quoted parameter lists, vCard 3.0 "TYPE=pref", LF line ends.
        let text = """
            BEGIN:VCARD
            VERSION:3.0
            uid:urn:uuid:0B6B7D5C-0000-4000-8000-000000000001
            FN:Loïc Le Goff
            n:Le Goff;Loïc;;M.;
            item1.EMAIL;type=INTERNET,WORK,pref:loic.legoff@exemple.fr
            TEL;TYPE="cell,voice";VALUE=uri:tel:+33712345678;ext=12
            NOTE:Première ligne\\nsuite d'une note très long
            \tue et repliée
            END:VCARD

            """
        // act
        let cards = try VCardReader.read(text)
        // validate
        #expect(cards.count == 1)
        let card = try #require(cards.first)
        #expect(card.uid == UUID(uuidString: "0B6B7D5C-0000-4000-8000-000000000001"))
        #expect(card.familyName == "Le Goff")
        #expect(card.givenName == "Loïc")
        #expect(card.civility == "M.")
        #expect(card.emails == [VCard.Email("loic.legoff@exemple.fr", type: .work, isPreferred: true)])
        #expect(card.phones == [VCard.Phone("+33712345678", types: [.cell, .voice])])
        #expect(card.note == "Première ligne\nsuite d'une note très longue et repliée")
    }

    @Test func exposesPropertiesWithTheirParameters() throws {
        // act
        let properties = try VCardReader.properties("ADR;TYPE=work;LABEL=\"12 rue X; Paris\":;;12 rue X\\, bât. A;Paris;;75001;France\r\n")
        // validate
        let adr = try #require(properties.first)
        #expect(adr.name == "ADR")
        #expect(adr.parameter("type") == ["work"])
        #expect(adr.parameter("LABEL") == ["12 rue X; Paris"])
        #expect(adr.components == ["", "", "12 rue X, bât. A", "Paris", "", "75001", "France"])
        #expect(adr.line == 1)
    }

    @Test func aCardWithoutUUIDGetsOneFromTheInjectedGenerator() throws {
        let fixed = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
        let cards = try VCardReader.read("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anne\r\nEND:VCARD\r\n", newID: { fixed })
        #expect(cards.map(\.uid) == [fixed])
        #expect(cards.first?.familyName == "Anne")  // Without N, FN is kept as the name.
    }

    @Test func unescapeResolvesEveryEscape() {
        #expect(VCardReader.unescape(#"a\\b\,c\;d\ne\Nf\x"#) == "a\\b,c;d\ne\nfx")
        #expect(VCardReader.unescape("fin\\") == "fin\\")
    }

    @Test func rejectsAnUnterminatedCard() {
        #expect(throws: VCardReadError.unterminatedCard) {
            try VCardReader.read("BEGIN:VCARD\r\nFN:Anne\r\n")
        }
    }

    @Test func rejectsPropertiesOutsideACardAndNestedCards() {
        #expect(throws: VCardReadError.outsideCard(line: 1)) {
            try VCardReader.read("FN:Anne\r\nBEGIN:VCARD\r\nEND:VCARD\r\n")
        }
        #expect(throws: VCardReadError.nestedCard(line: 2)) {
            try VCardReader.read("BEGIN:VCARD\r\nBEGIN:VCARD\r\n")
        }
    }

    @Test func rejectsALineWithoutColon() {
        #expect(throws: VCardReadError.malformedLine(line: 2)) {
            try VCardReader.read("BEGIN:VCARD\r\nFN Anne\r\nEND:VCARD\r\n")
        }
    }

    @Test func ignoresPartialBirthdaysAndReadsExtendedDates() throws {
        let cards = try VCardReader.read(
            "BEGIN:VCARD\r\nBDAY:--0229\r\nEND:VCARD\r\nBEGIN:VCARD\r\nBDAY:1975-12-31\r\nREV:2026-03-29T01:30:00Z\r\nEND:VCARD\r\n")
        #expect(cards.map(\.birthday) == [nil, CalendarDay(year: 1975, month: 12, day: 31)])
        #expect(cards.last?.revision == Date(timeIntervalSince1970: 1_774_747_800))
    }
}
