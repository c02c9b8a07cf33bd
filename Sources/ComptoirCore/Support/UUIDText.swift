import Foundation

extension UUID {
    /// The 36-character text form, upper-case (`uuidString`, which SQLite rows store) or lower-case (PostgreSQL's
    /// text form), written directly: Foundation formats `uuidString` through C's `sprintf`, which bulk writers of
    /// millions of ids felt.
    public func text(uppercase: Bool = true) -> String {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                let hex = digits.utf8Start
                var offset = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[offset] = UInt8(ascii: "-")
                        offset += 1
                    }
                    let byte = bytes[index]
                    buffer[offset] = hex[Int(byte >> 4)]
                    buffer[offset + 1] = hex[Int(byte & 0x0F)]
                    offset += 2
                }
                return offset
            }
        }
    }
}
