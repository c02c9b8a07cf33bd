import Foundation
import Testing

@testable import ComptoirDocuments

@Suite struct XLSXCellTextTests {
    @Test(arguments: [
        ("42", "42"), ("-7", "-7"), ("-0", "0"), ("12.5", "12.5"), ("12.0", "12"), ("12.50", "12.5"), ("1E-3", "0.001"),
        ("1.0000000000000001E-3", "0.001"), ("0.30000000000000004", "0.3"), ("-1.25E+2", "-125"), ("1.5E+20", "150000000000000000000"),
        ("3.14159265358979", "3.14159265358979"), ("123456789012345678", "123456789012345678"), ("2.5e-10", "0.00000000025"),
        ("1066714367.5", "1066714367.5"), ("0.1", "0.1"), ("abc", "abc"), ("0.0", "0"),
    ])
    func normalisesNumbers(stored: String, expected: String) {
        #expect(XLSXCellText.number(stored) == expected)
    }

    @Test(
        arguments: [
            ("dd/mm/yyyy", XLSXDateKind.date), ("DD/MM/YYYY", .date), ("yyyy-mm-dd h:mm:ss", .dateTime), ("mmm yy", .date),
            ("[$-40C]d\\ mmmm\\ yyyy;@", .date), ("\"Le \"dd/mm/yyyy", .date), ("h:mm AM/PM", .time), ("mm:ss", .time),
            ("dd/mm/yyyy\\ hh:mm", .dateTime), ("[h]:mm:ss", nil), ("[Red]0.00", nil), ("0.00\" days\"", nil), ("General", nil),
            ("#,##0.00 [$€-40C]", nil), ("0.00E+00", nil), ("@", nil), ("_-* #,##0.00\\ \"€\"_-;\\-* #,##0.00\\ \"€\"", nil),
        ] as [(String, XLSXDateKind?)])
    func classifiesCustomFormats(code: String, expected: XLSXDateKind?) {
        #expect(XLSXDateKind.custom(code) == expected)
    }

    @Test func classifiesBuiltInFormats() {
        #expect((14...17).allSatisfy { XLSXDateKind.builtIn($0) == .date })
        #expect(XLSXDateKind.builtIn(22) == .dateTime)
        #expect([18, 19, 20, 21, 45, 47].allSatisfy { XLSXDateKind.builtIn($0) == .time })
        #expect([0, 1, 2, 4, 9, 10, 11, 12, 13, 46, 49].allSatisfy { XLSXDateKind.builtIn($0) == nil })
    }

    @Test func convertsSerialsInBothDateSystems() {
        func date(_ serial: Double, _ kind: XLSXDateKind = .date, mac: Bool = false) -> String? {
            XLSXCellText.date(serial: serial, kind: kind, date1904: mac)
        }
        #expect(date(1) == "1900-01-01")
        #expect(date(59) == "1900-02-28")
        #expect(date(60) == "1900-02-28")
        #expect(date(61) == "1900-03-01")
        #expect(date(46095) == "2026-03-14")
        #expect(date(46095.5) == "2026-03-14T12:00:00", "a time of day under a date format is kept")
        #expect(date(46095, .dateTime) == "2026-03-14T00:00:00")
        #expect(date(0.75, .time) == "18:00:00")
        #expect(date(1.25, .time) == "1900-01-01T06:00:00")
        #expect(date(46095.99999999) == "2026-03-15", "rounded to the second, carried to the next day")
        #expect(date(2_958_465) == "9999-12-31")
        #expect(date(2_958_466) == nil)
        #expect(date(-1) == nil)
        #expect(date(0, mac: true) == "1904-01-01")
        #expect(date(44633, mac: true) == "2026-03-14")
    }

    @Test func writerSerialsReadBackAsTheSameDates() {
        for days in stride(from: XLSXCellText.daysFromCivil(1900, 1, 1), through: XLSXCellText.daysFromCivil(2100, 12, 31), by: 17) {
            let (year, month, day) = XLSXCellText.civil(fromDays: days)
            let serial = XLSXCellText.serial(year: year, month: month, day: day)!
            let iso = String(format: "%04d-%02d-%02d", year, month, day)
            #expect(XLSXCellText.date(serial: Double(serial), kind: .date, date1904: false) == iso)
        }
        #expect(XLSXCellText.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(XLSXCellText.serial(year: 1899, month: 12, day: 31) == nil)
    }

    @Test func decodesOOXMLEscapes() {
        #expect("a_x000D_b".decodingOOXMLEscapes == "a\rb")
        #expect("_x005F_x000D_".decodingOOXMLEscapes == "_x000D_")
        #expect("mon_xylophone_".decodingOOXMLEscapes == "mon_xylophone_")
        #expect("_x00E9_t_x00e9_".decodingOOXMLEscapes == "été")
    }
}
