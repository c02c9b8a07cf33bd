/// EAN-13 (GTIN-13) product barcodes: 13 digits, the last one a check digit (weights 1 and 3 from the left).
public enum EAN13 {
    /// Returns the 13 digits without separators, or why they are not a valid EAN-13.
    public static func validate(_ raw: String) -> Result<String, IdentifierError> {
        let code = IdentifierText.stripSeparators(raw)
        if code.isEmpty { return .failure(.empty(.ean13)) }
        guard IdentifierText.isAllASCIIDigits(code) else { return .failure(.invalidCharacters(.ean13)) }
        guard code.utf8.count == 13 else { return .failure(.wrongLength(.ean13, expected: [13], got: code.utf8.count)) }
        let digits = code.utf8.map { Int($0 - UInt8(ascii: "0")) }
        guard checkDigit(of: digits.prefix(12)) == digits[12] else { return .failure(.checksumMismatch(.ean13)) }
        return .success(code)
    }

    /// The check digit of the first 12 digits.
    public static func checkDigit(of digits: some Collection<Int>) -> Int {
        var sum = 0
        for (index, digit) in digits.enumerated() { sum += index % 2 == 0 ? digit : 3 * digit }
        return (10 - sum % 10) % 10
    }

    /// A valid code from 12 digits (the generator and tests build codes with it).
    public static func complete(_ twelve: String) -> String {
        twelve + String(checkDigit(of: twelve.utf8.map { Int($0 - UInt8(ascii: "0")) }))
    }

    public static func isValid(_ raw: String) -> Bool {
        (try? validate(raw).get()) != nil
    }
}
