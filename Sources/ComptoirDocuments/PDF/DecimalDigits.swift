/// `value` in decimal, left-padded with zeros to `width` digits (dates in XML and PDF; cheaper than `String(format:)`).
func digits(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
