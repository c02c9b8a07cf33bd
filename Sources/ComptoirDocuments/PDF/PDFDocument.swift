import Foundation

/// An RGB colour, components from 0 to 1.
public struct PDFColor: Sendable, Equatable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }
    public static let black = PDFColor(red: 0, green: 0, blue: 0)
    public static let gray = PDFColor(red: 0.4, green: 0.4, blue: 0.4)
    public static let lightGray = PDFColor(red: 0.92, green: 0.92, blue: 0.92)
}

/// A file carried inside the PDF (PDF/A-3 associated file), e.g. Factur-X's `factur-x.xml`.
public struct PDFAttachment: Sendable {
    public enum Relationship: String, Sendable {
        case data = "Data", source = "Source", alternative = "Alternative", supplement = "Supplement"
    }
    public var name: String
    public var data: [UInt8]
    /// MIME type, written as the embedded file's /Subtype (`text/xml`).
    public var mimeType: String
    public var description: String
    public var relationship: Relationship
    public init(name: String, data: [UInt8], mimeType: String, description: String, relationship: Relationship) {
        self.name = name
        self.data = data
        self.mimeType = mimeType
        self.description = description
        self.relationship = relationship
    }
}

/// What the XMP metadata and the document information dictionary say. `date` comes from the injected clock.
public struct PDFMetadata: Sendable {
    public var title: String
    public var author: String?
    public var subject: String?
    public var creator: String
    public var producer: String
    public var date: Date
    /// More XMP: extension schemas and their properties (Factur-X adds its own), inserted in the rdf:RDF element.
    public var extraXMP: String
    public init(
        title: String, author: String? = nil, subject: String? = nil, creator: String = "Comptoir", producer: String = "Comptoir",
        date: Date, extraXMP: String = ""
    ) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.producer = producer
        self.date = date
        self.extraXMP = extraXMP
    }
}

/// A PDF/A-3b document being drawn: pages of text, lines, rectangles and images, fonts subset and embedded at
/// `write`, with an sRGB OutputIntent and XMP metadata. Coordinates in points from the bottom-left corner.
public final class PDFDocument {
    public static let a4 = (width: 595.276, height: 841.89)

    enum Operation {
        case text(x: Double, y: Double, style: PDFFontStyle, size: Double, color: PDFColor, characters: [UInt32])
        case fillRect(x: Double, y: Double, width: Double, height: Double, color: PDFColor)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, color: PDFColor)
        case image(index: Int, x: Double, y: Double, width: Double, height: Double)
    }

    struct Page {
        var width: Double
        var height: Double
        var operations: [Operation] = []
    }

    public let fonts: PDFFontFamily
    private(set) var pages: [Page] = []
    private var images: [PDFImage] = []
    /// Per style (by raw value), the glyph of each character drawn.
    private var usedCharacters: [CharacterTable?] = Array(repeating: nil, count: PDFFontStyle.allCases.count)
    private var attachments: [PDFAttachment] = []

    public init(fonts: PDFFontFamily = .dejaVuSans) {
        self.fonts = fonts
    }

    public var pageCount: Int { pages.count }

    /// Adds a page and returns its index.
    @discardableResult
    public func addPage(width: Double = PDFDocument.a4.width, height: Double = PDFDocument.a4.height) -> Int {
        pages.append(Page(width: width, height: height))
        return pages.count - 1
    }

    /// Draws `text` on one line with its baseline at `y`.
    public func drawText(
        _ text: String, page: Int, x: Double, y: Double, style: PDFFontStyle = .regular, size: Double, color: PDFColor = .black
    ) {
        let shaped = fonts.face(style).shape(text)
        guard !shaped.isEmpty else { return }
        // Mutated in place: taking the dictionary out and putting it back copied it at every call.
        if usedCharacters[style.rawValue] == nil { usedCharacters[style.rawValue] = CharacterTable() }
        for item in shaped { usedCharacters[style.rawValue]![item.scalar] = item.glyph }
        pages[page].operations.append(.text(x: x, y: y, style: style, size: size, color: color, characters: shaped.map(\.scalar)))
    }

    public func width(of text: String, style: PDFFontStyle = .regular, size: Double) -> Double {
        fonts.face(style).width(of: text, size: size)
    }

    public func fillRect(page: Int, x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        pages[page].operations.append(.fillRect(x: x, y: y, width: width, height: height, color: color))
    }

    public func drawLine(page: Int, from start: (Double, Double), to end: (Double, Double), width: Double = 0.5, color: PDFColor = .black) {
        pages[page].operations.append(.line(x1: start.0, y1: start.1, x2: end.0, y2: end.1, width: width, color: color))
    }

    public func drawImage(_ image: PDFImage, page: Int, x: Double, y: Double, width: Double, height: Double) {
        let index =
            images.firstIndex(of: image)
            ?? {
                images.append(image)
                return images.count - 1
            }()
        pages[page].operations.append(.image(index: index, x: x, y: y, width: width, height: height))
    }

    /// The text drawn on each page, one string per drawing call, in drawing order (what a reader would extract).
    public func pageTexts() -> [[String]] {
        pages.map { page in
            page.operations.compactMap { operation in
                guard case .text(_, _, _, _, _, let characters) = operation else { return nil }
                return String(String.UnicodeScalarView(characters.compactMap(Unicode.Scalar.init)))
            }
        }
    }

    public func attach(_ attachment: PDFAttachment) {
        attachments.append(attachment)
    }

    /// The PDF/A-3b file. The same drawing and metadata always give the same bytes.
    public func write(metadata: PDFMetadata) -> [UInt8] {
        var file = PDFFileWriter()
        let catalog = file.allocate()
        let pageTree = file.allocate()

        // Fonts: one subset per style used, glyphs renumbered; codes are one per character (see PDFFontEmbedder).
        var fontObjects: [PDFFontStyle: Int] = [:]
        var codes: [CharacterTable] = Array(repeating: CharacterTable(), count: PDFFontStyle.allCases.count)
        for style in PDFFontStyle.allCases {
            guard let used = usedCharacters[style.rawValue] else { continue }
            let embedded = PDFFontEmbedder.embed(face: fonts.face(style), characters: used.dictionary, into: &file)
            fontObjects[style] = embedded.font
            for (character, code) in embedded.codes { codes[style.rawValue][character] = code }
        }
        var imageObjects: [Int] = []
        for image in images {
            var dictionary = image.dictionary()
            if let alpha = image.alpha {
                let mask: PDFDictionary = [
                    "Type": .name("XObject"), "Subtype": .name("Image"), "Width": .int(image.width), "Height": .int(image.height),
                    "ColorSpace": .name("DeviceGray"), "BitsPerComponent": .int(8), "Filter": .name("FlateDecode"),
                ]
                dictionary["SMask"] = .reference(file.addStream(mask, data: alpha, compress: false))
            }
            imageObjects.append(file.addStream(dictionary, data: image.data, compress: false))
        }
        var fontResources = PDFDictionary()
        for style in PDFFontStyle.allCases {
            if let object = fontObjects[style] { fontResources["F\(style.rawValue)"] = .reference(object) }
        }
        var imageResources = PDFDictionary()
        for (index, object) in imageObjects.enumerated() { imageResources["Im\(index)"] = .reference(object) }
        var resources: PDFDictionary = [
            "ProcSet": .array([.name("PDF"), .name("Text"), .name("ImageB"), .name("ImageC"), .name("ImageI")])
        ]
        if !fontResources.entries.isEmpty { resources["Font"] = .dictionary(fontResources) }
        if !imageResources.entries.isEmpty { resources["XObject"] = .dictionary(imageResources) }

        var kids: [PDFObject] = []
        for page in pages.isEmpty ? [Page(width: Self.a4.width, height: Self.a4.height)] : pages {
            let content = file.addStream([:], data: Self.content(of: page, codes: codes))
            let object = file.add(
                .dictionary([
                    "Type": .name("Page"), "Parent": .reference(pageTree),
                    "MediaBox": .array([.int(0), .int(0), .real(page.width), .real(page.height)]),
                    "Resources": .dictionary(resources), "Contents": .reference(content),
                ]))
            kids.append(.reference(object))
        }
        file.set(pageTree, .dictionary(["Type": .name("Pages"), "Kids": .array(kids), "Count": .int(kids.count)]))

        let xmp = PDFAMetadata.xmp(metadata)
        let metadataObject = file.addStream(["Type": .name("Metadata"), "Subtype": .name("XML")], data: Array(xmp.utf8), compress: false)
        let profile = file.addStream(["N": .int(3)], deflated: SRGBProfile.deflated)
        let outputIntent = file.add(
            .dictionary([
                "Type": .name("OutputIntent"), "S": .name("GTS_PDFA1"), "OutputConditionIdentifier": .text("sRGB IEC61966-2.1"),
                "Info": .text("sRGB IEC61966-2.1"), "DestOutputProfile": .reference(profile),
            ]))

        var catalogDictionary: PDFDictionary = [
            "Type": .name("Catalog"), "Pages": .reference(pageTree), "Metadata": .reference(metadataObject),
            "OutputIntents": .array([.reference(outputIntent)]),
        ]
        if !attachments.isEmpty {
            var specs: [PDFObject] = []
            var names: [PDFObject] = []
            let modified = PDFAMetadata.pdfDate(metadata.date)
            for attachment in attachments.sorted(by: { $0.name < $1.name }) {
                let stream = file.addStream(
                    [
                        "Type": .name("EmbeddedFile"), "Subtype": .name(attachment.mimeType),
                        "Params": .dictionary(["ModDate": .text(modified), "Size": .int(attachment.data.count)]),
                    ], data: attachment.data)
                let spec = file.add(
                    .dictionary([
                        "Type": .name("Filespec"), "F": .text(attachment.name), "UF": .text(attachment.name),
                        "Desc": .text(attachment.description), "AFRelationship": .name(attachment.relationship.rawValue),
                        "EF": .dictionary(["F": .reference(stream), "UF": .reference(stream)]),
                    ]))
                specs.append(.reference(spec))
                names += [.text(attachment.name), .reference(spec)]
            }
            catalogDictionary["Names"] = .dictionary(["EmbeddedFiles": .dictionary(["Names": .array(names)])])
            catalogDictionary["AF"] = .array(specs)
        }
        file.set(catalog, .dictionary(catalogDictionary))
        var info: PDFDictionary = ["Title": .text(metadata.title)]
        if let author = metadata.author { info["Author"] = .text(author) }
        if let subject = metadata.subject { info["Subject"] = .text(subject) }
        info["Creator"] = .text(metadata.creator)
        info["Producer"] = .text(metadata.producer)
        info["CreationDate"] = .text(PDFAMetadata.pdfDate(metadata.date))
        info["ModDate"] = .text(PDFAMetadata.pdfDate(metadata.date))
        let infoObject = file.add(.dictionary(info))
        return file.finish(root: catalog, info: infoObject)
    }

    /// The page's content stream, written straight as bytes (the writer's hot loop). Colours, font, size and line
    /// width are graphics state that lasts across text objects: each is written only when it changes. Text is a
    /// literal string of two-byte codes (Identity-H), half the size of the same codes in hexadecimal.
    private static func content(of page: Page, codes: [CharacterTable]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(page.operations.count * 48)
        func text(_ literal: StaticString) { literal.withUTF8Buffer { out.append(contentsOf: $0) } }
        func number(_ value: Double) {
            PDFNumber.append(value, to: &out)
            out.append(0x20)
        }
        var fillColor: PDFColor?
        var strokeColor: PDFColor?
        var lineWidth: Double?
        var font: (style: PDFFontStyle, size: Double)?
        func fill(_ color: PDFColor) {
            guard color != fillColor else { return }
            fillColor = color
            number(color.red)
            number(color.green)
            number(color.blue)
            text("rg ")
        }
        func byte(_ value: UInt8) {
            // A literal string's delimiters and escape character, and line ends (read as a newline), are escaped.
            switch value {
            case 0x28, 0x29, 0x5C: out += [0x5C, value]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            default: out.append(value)
            }
        }
        for operation in page.operations {
            switch operation {
            case .text(let x, let y, let style, let size, let color, let characters):
                let mapping = codes[style.rawValue]
                text("BT ")
                fill(color)
                if font?.style != style || font?.size != size {
                    font = (style, size)
                    text("/F")
                    PDFNumber.append(Double(style.rawValue), to: &out)
                    out.append(0x20)
                    number(size)
                    text("Tf ")
                }
                number(x)
                number(y)
                text("Td (")
                for character in characters {
                    let code = mapping[character]
                    byte(UInt8(code >> 8))
                    byte(UInt8(code & 0xFF))
                }
                text(") Tj ET\n")
            case .fillRect(let x, let y, let width, let height, let color):
                fill(color)
                for value in [x, y, width, height] { number(value) }
                text("re f\n")
            case .line(let x1, let y1, let x2, let y2, let width, let stroke):
                if stroke != strokeColor {
                    strokeColor = stroke
                    number(stroke.red)
                    number(stroke.green)
                    number(stroke.blue)
                    text("RG ")
                }
                if width != lineWidth {
                    lineWidth = width
                    number(width)
                    text("w ")
                }
                number(x1)
                number(y1)
                text("m ")
                number(x2)
                number(y2)
                text("l S\n")
            case .image(let index, let x, let y, let width, let height):
                // q … Q: the image's matrix does not outlive it, and the state above is left as it was.
                text("q ")
                number(width)
                text("0 0 ")
                number(height)
                number(x)
                number(y)
                text("cm /Im")
                PDFNumber.append(Double(index), to: &out)
                text(" Do Q\n")
            }
        }
        return out
    }
}

/// Character → glyph or code for one face, 0 standing for none: an array below U+2200 (Latin, punctuation, €: what
/// invoices are written in), a dictionary above. Every character drawn is looked up here, twice.
struct CharacterTable {
    private static let lowCount = 0x2200
    private var low: [UInt16] = []
    private var high: [UInt32: UInt16] = [:]

    subscript(character: UInt32) -> UInt16 {
        get {
            if character < Self.lowCount { return character < low.count ? low[Int(character)] : 0 }
            return high[character] ?? 0
        }
        set {
            if character < Self.lowCount {
                if low.isEmpty { low = Array(repeating: 0, count: Self.lowCount) }
                low[Int(character)] = newValue
            } else {
                high[character] = newValue
            }
        }
    }

    /// The entries that are not 0.
    var dictionary: [UInt32: UInt16] {
        var result = high
        for (character, value) in low.enumerated() where value != 0 { result[UInt32(character)] = value }
        return result
    }
}
