import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// The card most tests start from: accents, an apostrophe, a multi-part ORG, two e-mails, two phones.
func jeanneDArc() -> VCard {
    VCard(
        uid: UUID(uuidString: "5F0C2D1E-8B7A-4C3D-9E2F-1A2B3C4D5E6F")!, civility: "Mme", givenName: "Jeanne",
        familyName: "d'Arc", organization: ["Cabinet Lefèvre & Associés", "Pôle assurances"],
        jobTitle: "Directrice commerciale", role: "Gérante",
        emails: [
            VCard.Email("jeanne.darc@lefevre-associes.fr", type: .work, isPreferred: true),
            VCard.Email("jeanne@exemple.fr", type: .home),
        ],
        phones: [
            VCard.Phone("06 12 34 56 78", types: [.cell]), VCard.Phone("+33 5 56 00 00 00", types: [.work, .voice]),
        ],
        addresses: [
            VCard.Address(
                streetLines: ["12 rue de la République", "Bât. B"], locality: "Arcachon", postalCode: "33120", type: .work)
        ],
        birthday: CalendarDay(year: 1980, month: 2, day: 29), note: "Rappeler lundi; voir devis n° 42, urgent",
        categories: ["Professionnel", "Assurance › Auto › Prospect"],
        revision: Date(timeIntervalSince1970: 1_774_747_800))  // 2026-03-29T01:30:00Z
}

/// The physical lines of a serialized card, without their CRLF.
func physicalLines(_ text: String) -> [String] {
    var lines = text.components(separatedBy: "\r\n")
    if lines.last == "" { lines.removeLast() }
    return lines
}

@Suite struct VCardWriterTests {
    @Test func writesEveryPropertyInOrder() {
        // act
        let text = jeanneDArc().serialized()
        // validate
        #expect(
            physicalLines(text) == [
                "BEGIN:VCARD",
                "VERSION:4.0",
                "UID:urn:uuid:5f0c2d1e-8b7a-4c3d-9e2f-1a2b3c4d5e6f",
                "FN:Jeanne d'Arc",
                "N:d'Arc;Jeanne;;Mme;",
                "ORG:Cabinet Lefèvre & Associés;Pôle assurances",
                "TITLE:Directrice commerciale",
                "ROLE:Gérante",
                "EMAIL;TYPE=work;PREF=1:jeanne.darc@lefevre-associes.fr",
                "EMAIL;TYPE=home:jeanne@exemple.fr",
                "TEL;VALUE=uri;TYPE=cell:tel:+33612345678",
                "TEL;VALUE=uri;TYPE=work,voice:tel:+33556000000",
                #"ADR;TYPE=work:;;12 rue de la République\nBât. B;Arcachon;;33120;France"#,
                "BDAY:19800229",
                #"NOTE:Rappeler lundi\; voir devis n° 42\, urgent"#,
                "CATEGORIES:Professionnel,Assurance › Auto › Prospect",
                "REV:20260329T013000Z",
                "END:VCARD",
            ])
    }

    @Test func usesCRLFLineEndingsOnly() {
        let text = jeanneDArc().serialized()
        let bytes = Array(text.utf8)
        #expect(text.hasSuffix("END:VCARD\r\n"))
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A)
        }
    }

    @Test func escapesBackslashCommaSemicolonAndNewlines() {
        #expect(VCardWriter.escape(#"a\b, c; d"#) == #"a\\b\, c\; d"#)
        #expect(VCardWriter.escape("un\ndeux\r\ntrois\rquatre") == #"un\ndeux\ntrois\nquatre"#)
        #expect(VCardWriter.escape("« Lefèvre »") == "« Lefèvre »")
    }

    @Test func writesAnInvalidNumberAsText() {
        // setup
        let card = VCard(uid: UUID(), givenName: "Paul", phones: [VCard.Phone("poste 12; standard", types: [.work])])
        // act
        let lines = physicalLines(card.serialized())
        // validate
        #expect(lines.contains(#"TEL;TYPE=work:poste 12\; standard"#))
    }

    @Test func writesOverseasNumbersInE164() {
        let card = VCard(uid: UUID(), givenName: "Léa", phones: [VCard.Phone("0262 12 34 56", types: [.work])])
        #expect(physicalLines(card.serialized()).contains("TEL;VALUE=uri;TYPE=work:tel:+262262123456"))
    }

    @Test func anOrganisationCardUsesItsNameAsFN() {
        // setup
        let card = VCard(
            uid: UUID(), kind: .org, organization: ["Boulangerie Lefèvre"], emails: [VCard.Email("contact@boulangerie-lefevre.fr")])
        // act
        let lines = physicalLines(card.serialized())
        // validate
        #expect(lines.contains("KIND:org"))
        #expect(lines.contains("FN:Boulangerie Lefèvre"))
        #expect(!lines.contains { $0.hasPrefix("N:") })
    }

    @Test func formattedNameFallsBackToOrganisationThenEmail() {
        #expect(VCard(uid: UUID(), givenName: "Zoé", familyName: "Nguyen").formattedName == "Zoé Nguyen")
        #expect(VCard(uid: UUID(), organization: ["Garage du Centre"]).formattedName == "Garage du Centre")
        #expect(VCard(uid: UUID(), emails: [VCard.Email("a@b.fr")]).formattedName == "a@b.fr")
    }

    @Test func foldsLongASCIILinesAt75Octets() throws {
        // setup
        let card = VCard(uid: UUID(), givenName: "Loïc", note: String(repeating: "abcdefghij", count: 20))
        // act
        let lines = physicalLines(card.serialized())
        // validate
        let start = try #require(lines.firstIndex { $0.hasPrefix("NOTE:") })
        #expect(lines[start].utf8.count == 75)
        #expect(lines[start + 1].utf8.count == 75)
        #expect(lines[start + 1].hasPrefix(" "))
        #expect(lines[start + 2].hasPrefix(" "))
        let unfolded = lines[start] + lines[start + 1].dropFirst() + lines[start + 2].dropFirst()
        #expect(unfolded == "NOTE:" + String(repeating: "abcdefghij", count: 20))
        #expect(lines[start + 2].utf8.count == 1 + 205 - 75 - 74)
        #expect(!lines[start + 3].hasPrefix(" "))
    }

    @Test(arguments: ["é", "€", "🇫🇷", "aé", "a€", "ab€", "a🇫🇷", "Zoé Müller-Dubois « d'Arc » "])
    func neverSplitsAMultiByteCharacter(unit: String) {
        // setup
        let card = VCard(uid: UUID(), givenName: "Gaëlle", note: "x" + String(repeating: unit, count: 60))
        // act
        let lines = physicalLines(card.serialized())
        // validate
        for line in lines {
            #expect(line.utf8.count <= 75)
            #expect(!line.contains("\u{FFFD}"))
        }
        let noteStart = lines.firstIndex { $0.hasPrefix("NOTE:") }!
        #expect(lines[noteStart + 1].hasPrefix(" "))
        var unfolded = lines[noteStart]
        var next = noteStart + 1
        while next < lines.count, lines[next].hasPrefix(" ") {
            unfolded += lines[next].dropFirst()
            next += 1
        }
        #expect(unfolded == "NOTE:x" + String(repeating: unit, count: 60))
    }

    @Test func foldBacksOffToTheFirstByteOfACharacter() {
        // "NOTE:a" is 6 bytes, each "é" 2: the 75th byte would be the first half of an "é".
        let line = "NOTE:a" + String(repeating: "é", count: 40)
        let folded = VCardWriter.fold(line).components(separatedBy: "\r\n")
        #expect(folded.count == 2)
        #expect(folded[0].utf8.count == 74)
        #expect(folded[1] == " " + String(repeating: "é", count: 6))
    }

    @Test func serializeConcatenatesCards() {
        // setup
        let cards = [jeanneDArc(), VCard(uid: UUID(), givenName: "Loïc", familyName: "Le Goff")]
        // act
        let text = VCard.serialize(cards)
        // validate
        #expect(text == cards[0].serialized() + cards[1].serialized())
        #expect(text.components(separatedBy: "BEGIN:VCARD\r\n").count == 3)
    }

    @Test func revisionIsWrittenInUTCToTheSecond() {
        #expect(VCardWriter.timestamp(Date(timeIntervalSince1970: 0.75)) == "19700101T000000Z")
        #expect(VCardWriter.timestamp(Date(timeIntervalSince1970: 951_825_599)) == "20000229T115959Z")
        #expect(VCardWriter.timestamp(Date(timeIntervalSince1970: -1)) == "19691231T235959Z")
    }
}
