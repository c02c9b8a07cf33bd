/// The Luhn (mod 10) check used by SIREN, SIRET and payment card numbers.
public enum Luhn {
    /// Whether `digits` (ASCII digits only, non-empty) passes the Luhn check.
    public static func isValid(_ digits: String) -> Bool {
        guard IdentifierText.isAllASCIIDigits(digits) else { return false }
        var sum = 0
        for (index, byte) in digits.utf8.reversed().enumerated() {
            var value = Int(byte - 0x30)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }
}
