import Foundation
import Testing

@testable import ComptoirCore

@Suite struct RecurrenceRuleTests {
    @Test(arguments: [
        "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z",
        "FREQ=MONTHLY;BYDAY=2TU;COUNT=10",
        "FREQ=MONTHLY;BYDAY=5FR",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=YEARLY;BYDAY=20MO",
        "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
        "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;COUNT=4;WKST=SU",
    ])
    func canonicalTextRoundTrips(text: String) throws {
        // act
        let rule = try RecurrenceRule(parsing: text)
        // validate
        #expect(rule.rruleString == text)
        #expect(try RecurrenceRule(parsing: rule.rruleString) == rule)
    }

    @Test func parsesEveryPart() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z")
        #expect(rule.frequency == .weekly)
        #expect(rule.interval == 1)
        #expect(rule.byDay == [.init(.monday), .init(.wednesday)])
        #expect(rule.until == Date(timeIntervalSince1970: 1_782_856_799))  // 2026-06-30T21:59:59Z
        #expect(rule.count == nil)
        #expect(rule.weekStart == .monday)

        let monthly = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TU,-1FR;COUNT=10")
        #expect(monthly.byDay == [.init(.tuesday, ordinal: 2), .init(.friday, ordinal: -1)])
        #expect(monthly.byDay.map(\.code) == ["2TU", "-1FR"])
        #expect(monthly.count == 10)

        let yearly = try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
        #expect(yearly.byMonth == [2])
        #expect(yearly.byMonthDay == [29])
    }

    @Test func writesTheCanonicalFormOfLooseInput() throws {
        // Lower case, "RRULE:" prefix, unsorted and repeated lists, "+" signs, INTERVAL=1, WKST=MO, trailing ";".
        let rule = try RecurrenceRule(
            parsing: "rrule:byday=we,mo,we;freq=weekly;interval=1;wkst=MO;until=20260630T215959Z;")
        #expect(rule.rruleString == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z")
        let monthly = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTHDAY=+15,-1,1;BYDAY=+2TU")
        #expect(monthly.rruleString == "FREQ=MONTHLY;BYMONTHDAY=-1,1,15;BYDAY=2TU")
    }

    @Test func buildsRulesInCode() throws {
        let rule = try RecurrenceRule(
            frequency: .weekly, interval: 2, byDay: [.init(.wednesday), .init(.monday)],
            until: Date(timeIntervalSince1970: 1_782_856_799.75))
        #expect(rule.rruleString == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20260630T215959Z")
        // UNTIL is kept to the second, as written.
        #expect(rule.until == Date(timeIntervalSince1970: 1_782_856_799))
        #expect(throws: RecurrenceError.invalidValue(part: "INTERVAL", value: "0")) {
            try RecurrenceRule(frequency: .daily, interval: 0)
        }
        #expect(throws: RecurrenceError.countAndUntil) {
            try RecurrenceRule(frequency: .daily, count: 3, until: Date(timeIntervalSince1970: 0))
        }
    }

    @Test func untilAsADateForAllDayEvents() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z")
        #expect(rule.rruleString(untilDateIn: .paris) == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630")
        #expect(rule.rruleString(untilDateIn: TimeZone(identifier: "Asia/Tokyo")!) == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260701")
    }

    @Test func encodesAsItsRRuleText() throws {
        // setup
        let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TU;COUNT=10")
        // act
        let json = String(decoding: try JSONEncoder().encode([rule]), as: UTF8.self)
        let decoded = try JSONDecoder().decode([RecurrenceRule].self, from: Data(json.utf8))
        // validate
        #expect(json == #"["FREQ=MONTHLY;BYDAY=2TU;COUNT=10"]"#)
        #expect(decoded == [rule])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RecurrenceRule].self, from: Data(#"["FREQ=HOURLY"]"#.utf8))
        }
    }

    @Test(arguments: [
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", RecurrenceError.unsupported("BYSETPOS")),
        ("FREQ=DAILY;BYHOUR=9,14", .unsupported("BYHOUR")),
        ("FREQ=DAILY;BYMINUTE=30", .unsupported("BYMINUTE")),
        ("FREQ=YEARLY;BYWEEKNO=20", .unsupported("BYWEEKNO")),
        ("FREQ=YEARLY;BYYEARDAY=100", .unsupported("BYYEARDAY")),
        ("FREQ=SECONDLY", .unsupported("FREQ=SECONDLY")),
        ("FREQ=HOURLY;INTERVAL=2", .unsupported("FREQ=HOURLY")),
        ("FREQ=WEEKLY;X-NAME=1", .unknownPart("X-NAME")),
        ("FREQ=FORTNIGHTLY", .invalidValue(part: "FREQ", value: "FORTNIGHTLY")),
        ("BYDAY=MO", .missingFrequency),
        ("", .missingFrequency),
        ("FREQ=DAILY;COUNT", .malformed("COUNT")),
        ("FREQ=DAILY;;COUNT=2", .malformed("")),
        ("FREQ=DAILY;FREQ=WEEKLY", .duplicatePart("FREQ")),
        ("FREQ=DAILY;COUNT=3;UNTIL=20260630T215959Z", .countAndUntil),
        ("FREQ=DAILY;INTERVAL=0", .invalidValue(part: "INTERVAL", value: "0")),
        ("FREQ=DAILY;INTERVAL=10000", .invalidValue(part: "INTERVAL", value: "10000")),
        ("FREQ=DAILY;INTERVAL=two", .invalidValue(part: "INTERVAL", value: "TWO")),
        ("FREQ=DAILY;COUNT=0", .invalidValue(part: "COUNT", value: "0")),
        ("FREQ=DAILY;UNTIL=20260631T000000Z", .invalidValue(part: "UNTIL", value: "20260631T000000Z")),
        ("FREQ=DAILY;UNTIL=20260630", .invalidValue(part: "UNTIL", value: "20260630")),
        ("FREQ=DAILY;UNTIL=20260630T235959", .invalidValue(part: "UNTIL", value: "20260630T235959")),
        ("FREQ=MONTHLY;BYMONTHDAY=0", .invalidValue(part: "BYMONTHDAY", value: "0")),
        ("FREQ=MONTHLY;BYMONTHDAY=32", .invalidValue(part: "BYMONTHDAY", value: "32")),
        ("FREQ=YEARLY;BYMONTH=13", .invalidValue(part: "BYMONTH", value: "13")),
        ("FREQ=WEEKLY;BYDAY=XX", .invalidValue(part: "BYDAY", value: "XX")),
        ("FREQ=WEEKLY;BYDAY=MO,", .invalidValue(part: "BYDAY", value: "")),
        ("FREQ=MONTHLY;BYDAY=6FR", .invalidValue(part: "BYDAY", value: "6FR")),
        ("FREQ=MONTHLY;BYDAY=0FR", .invalidValue(part: "BYDAY", value: "0FR")),
        ("FREQ=YEARLY;BYMONTH=2;BYDAY=20MO", .invalidValue(part: "BYDAY", value: "20MO")),
        ("FREQ=YEARLY;BYDAY=54MO", .invalidValue(part: "BYDAY", value: "54MO")),
        ("FREQ=WEEKLY;WKST=XX", .invalidValue(part: "WKST", value: "XX")),
        ("FREQ=WEEKLY;BYDAY=2TU", .notAllowed(part: "BYDAY=2TU", frequency: .weekly)),
        ("FREQ=DAILY;BYDAY=-1FR", .notAllowed(part: "BYDAY=-1FR", frequency: .daily)),
        ("FREQ=WEEKLY;BYMONTHDAY=1", .notAllowed(part: "BYMONTHDAY=1", frequency: .weekly)),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", .neverOccurs),
        ("FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31,-31", .neverOccurs),
    ])
    func rejectsRulesOutsideTheSubset(text: String, expected: RecurrenceError) {
        #expect(throws: expected) { try RecurrenceRule(parsing: text) }
    }

    @Test func errorMessagesInFrenchAndEnglish() {
        let nbsp = "\u{00A0}"
        func messages(_ text: String) -> [String] {
            do {
                _ = try RecurrenceRule(parsing: text)
                return []
            } catch {
                return [error.message(french: true), error.message(french: false), error.code]
            }
        }
        #expect(
            messages("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1") == [
                "La règle de répétition n'est pas prise en charge\(nbsp): BYSETPOS",
                "This repeat rule is not supported: BYSETPOS", "unsupported",
            ])
        #expect(
            messages("FREQ=DAILY;INTERVAL=0") == [
                "La valeur «\(nbsp)0\(nbsp)» n'est pas valide pour INTERVAL (attendu\(nbsp): un entier de 1 à 9999).",
                "The value \"0\" is not valid for INTERVAL (expected: a whole number from 1 to 9999).", "invalid_value",
            ])
        #expect(
            messages("FREQ=WEEKLY;BYDAY=2TU") == [
                "BYDAY=2TU n'est pas possible dans une répétition hebdomadaire (un rang comme 2TU ou -1FR n'a de sens que dans une répétition mensuelle ou annuelle).",
                "BYDAY=2TU cannot be used in a weekly repeat (an ordinal such as 2TU or -1FR only makes sense monthly or yearly).",
                "not_allowed",
            ])
        #expect(
            messages("FREQ=DAILY;COUNT=3;UNTIL=20260630T215959Z") == [
                "Une règle de répétition ne peut pas avoir à la fois un nombre d'occurrences (COUNT) et une date de fin (UNTIL).",
                "A repeat rule cannot have both a number of occurrences (COUNT) and an end date (UNTIL).", "count_and_until",
            ])
        #expect(
            messages("FREQ=DAILY;X-NAME=1") == [
                "La règle de répétition contient un élément inconnu\(nbsp): X-NAME",
                "The repeat rule contains an unknown part: X-NAME", "unknown_part",
            ])
        #expect(
            messages("BYDAY=MO") == [
                "La règle de répétition doit indiquer une fréquence (FREQ).", "The repeat rule must give a frequency (FREQ).",
                "missing_frequency",
            ])
        #expect(
            messages("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30") == [
                "Cette règle de répétition ne tombe sur aucune date (par exemple un 30\(nbsp)février).",
                "This repeat rule never falls on a date (for example 30 February).", "never_occurs",
            ])
        #expect(RecurrenceError.duplicatePart("COUNT").message(french: true) == "La règle de répétition indique COUNT plusieurs fois.")
        #expect(
            RecurrenceError.malformed("COUNT").message(french: true)
                == "La règle de répétition est mal formée\(nbsp): «\(nbsp)COUNT\(nbsp)» (attendu\(nbsp): NOM=valeur).")
        #expect(RecurrenceError.unsupported("BYHOUR").description == "This repeat rule is not supported: BYHOUR")
    }
}
