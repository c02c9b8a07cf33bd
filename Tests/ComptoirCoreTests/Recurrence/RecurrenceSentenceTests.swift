import Foundation
import Testing

@testable import ComptoirCore

/// The record page says the rule in words (issue #14: « Toutes les semaines le mardi, 10 fois », not the RRULE).
@Suite struct RecurrenceSentenceTests {
    @Test(arguments: [
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=10", "Toutes les semaines le mardi, 10 fois", "Every week on Tuesday, 10 times"),
        (
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T215959Z", "Toutes les semaines le lundi et mercredi, jusqu'au 30/06/2026",
            "Every week on Monday and Wednesday, until 30/06/2026"
        ),
        ("FREQ=DAILY", "Tous les jours", "Every day"),
        ("FREQ=DAILY;INTERVAL=3;COUNT=1", "Tous les 3 jours, une fois", "Every 3 days, once"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", "Tous les 2 mois le 1er lundi", "Every 2 months on the 1st Monday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Tous les mois le dernier vendredi", "Every month on the last Friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "Tous les mois le 1er et 15", "Every month on day 1 and 15"),
        (
            "FREQ=YEARLY;BYMONTH=3,9;BYDAY=2TH", "Tous les ans en mars et septembre le 2e jeudi",
            "Every year in March and September on the 2nd Thursday"
        ),
    ])
    func aRuleReadsAsASentence(rrule: String, french: String, english: String) throws {
        let rule = try RecurrenceRule(parsing: rrule)
        #expect(rule.sentence(locale: .fr) == french)
        #expect(rule.sentence(locale: .en) == english)
    }
}
