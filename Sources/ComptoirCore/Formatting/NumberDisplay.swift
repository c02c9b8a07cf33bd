/// Counts and sizes as French screens show them: "1 234 567" (no-break space), "12,5 Mo".
public enum NumberDisplay {
    public static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: "\u{00A0}")
    }

    /// A file size in octets (Ko, Mo, Go), one decimal with a comma.
    public static func bytes(_ value: Int) -> String {
        let units = ["o", "Ko", "Mo", "Go"]
        var size = Double(value)
        var unit = 0
        while size >= 1024, unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        if unit == 0 { return "\(value)\u{00A0}o" }
        let rounded = (size * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded).replacingOccurrences(of: ".", with: ",")
        return text + "\u{00A0}" + units[unit]
    }
}
