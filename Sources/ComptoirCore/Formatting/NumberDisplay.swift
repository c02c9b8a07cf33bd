/// Numbers as French screens show them: "1 234 567" (no-break space), "0,4 s", "12,5 %", "12,5 Mo"; English screens
/// keep the point and the comma ("0.4 s", "1,234.5"). Every decimal a user reads goes through `decimal`.
public enum NumberDisplay {
    /// The space between a number and its unit (« 0,4 s », « 12 % »).
    public static let unitSpace = "\u{00A0}"
    /// The thousands separator of decimals in French: a narrow no-break space (« 1 234,5 »).
    public static let thousandsSpace = "\u{202F}"

    public static func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + group(String(value.magnitude), separator: "\u{00A0}")
    }

    /// `value` rounded to `digits` decimals: « 1 234,5 » in French (decimal comma, narrow no-break space between
    /// thousands), "1,234.5" in English. `trimmingZeros` drops trailing zeros of the fraction (« 2 » rather than « 2,0 »).
    /// Not a number or an infinity shows « — ».
    public static func decimal(_ value: Double, digits: Int = 1, locale: DisplayLocale = .fr, trimmingZeros: Bool = false) -> String {
        guard value.isFinite else { return "—" }
        let digits = min(max(digits, 0), 9)
        var scale: Double = 1
        for _ in 0..<digits { scale *= 10 }
        let scaledDouble = (value.magnitude * scale).rounded()
        guard scaledDouble < 9.0e18 else { return "—" }
        let scaled = UInt64(scaledDouble)
        let unit = UInt64(scale)
        let whole = group(String(scaled / unit), separator: locale == .fr ? thousandsSpace : ",")
        var fraction = digits == 0 ? "" : String(scaled % unit)
        while fraction.count < digits { fraction = "0" + fraction }
        if trimmingZeros { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : (locale == .fr ? "," : ".") + fraction)
    }

    /// A percentage of `value` (12.5 → « 12,5 % », "12.5%").
    public static func percent(_ value: Double, digits: Int = 1, locale: DisplayLocale = .fr) -> String {
        let number = decimal(value, digits: digits, locale: locale)
        return locale == .fr ? number + unitSpace + "%" : number + "%"
    }

    /// A duration in seconds (« 0,4 s », « 12,0 s »).
    public static func seconds(_ value: Double, digits: Int = 1, locale: DisplayLocale = .fr) -> String {
        decimal(value, digits: digits, locale: locale) + unitSpace + "s"
    }

    /// A file size in octets (Ko, Mo, Go in French; B, KB, MB, GB in English), one decimal at most.
    public static func bytes(_ value: Int, locale: DisplayLocale = .fr) -> String {
        let units = locale == .fr ? ["o", "Ko", "Mo", "Go"] : ["B", "KB", "MB", "GB"]
        var size = Double(value)
        var unit = 0
        while size >= 1024, unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        if unit == 0 { return integer(value) + unitSpace + units[0] }
        return decimal(size, digits: 1, locale: locale, trimmingZeros: true) + unitSpace + units[unit]
    }

    /// Digits in groups of three from the right.
    static func group(_ digits: String, separator: String) -> String {
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return groups.joined(separator: separator)
    }
}
