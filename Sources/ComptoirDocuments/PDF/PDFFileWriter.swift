/// Assembles numbered objects into a PDF 1.7 file: header, objects, a classic cross-reference table and a
/// trailer whose /ID is the MD5 of everything written before it (same objects → same bytes → same /ID).
struct PDFFileWriter {
    private var objects: [Int: [UInt8]] = [:]
    private(set) var count = 0

    /// Reserves the next object number.
    mutating func allocate() -> Int {
        count += 1
        return count
    }

    mutating func set(_ number: Int, _ object: PDFObject) {
        var out: [UInt8] = []
        object.write(into: &out)
        objects[number] = out
    }

    /// A stream object; `compress` deflates `data` and adds /Filter /FlateDecode.
    mutating func setStream(_ number: Int, _ dictionary: PDFDictionary, data: [UInt8], compress: Bool = true) {
        setStream(number, dictionary, body: compress ? Deflate.zlib(data) : data, deflated: compress)
    }

    /// A stream object whose body is written as it is; `deflated` says it is already a zlib stream (/FlateDecode).
    mutating func setStream(_ number: Int, _ dictionary: PDFDictionary, body: [UInt8], deflated: Bool) {
        var dictionary = dictionary
        if deflated { dictionary["Filter"] = .name("FlateDecode") }
        dictionary["Length"] = .int(body.count)
        var out: [UInt8] = []
        dictionary.write(into: &out)
        out += Array("\nstream\n".utf8)
        out += body
        out += Array("\nendstream".utf8)
        objects[number] = out
    }

    mutating func add(_ object: PDFObject) -> Int {
        let number = allocate()
        set(number, object)
        return number
    }

    /// A stream already deflated (a constant compressed once per process).
    mutating func addStream(_ dictionary: PDFDictionary, deflated body: [UInt8]) -> Int {
        let number = allocate()
        setStream(number, dictionary, body: body, deflated: true)
        return number
    }

    mutating func addStream(_ dictionary: PDFDictionary, data: [UInt8], compress: Bool = true) -> Int {
        let number = allocate()
        setStream(number, dictionary, data: data, compress: compress)
        return number
    }

    /// The file's bytes; `root` and `info` are object numbers.
    func finish(root: Int, info: Int?) -> [UInt8] {
        // The binary comment line tells transfer tools the file is binary (PDF/A requires 4 bytes above 127).
        var out: [UInt8] = Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for number in 1...max(count, 1) where count > 0 {
            offsets.append(out.count)
            out += Array("\(number) 0 obj\n".utf8)
            out += objects[number] ?? Array("null".utf8)
            out += Array("\nendobj\n".utf8)
        }
        let identifier = MD5.digest(out)
        let xrefOffset = out.count
        out += Array("xref\n0 \(count + 1)\n0000000000 65535 f\r\n".utf8)
        for offset in offsets {
            var digits = String(offset)
            while digits.count < 10 { digits = "0" + digits }
            out += Array("\(digits) 00000 n\r\n".utf8)
        }
        var trailer: PDFDictionary = ["Size": .int(count + 1), "Root": .reference(root)]
        if let info { trailer["Info"] = .reference(info) }
        trailer["ID"] = .array([.hex(identifier), .hex(identifier)])
        out += Array("trailer\n".utf8)
        trailer.write(into: &out)
        out += Array("\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
        return out
    }
}
