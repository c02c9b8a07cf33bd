/// An image ready to be drawn: JPEG kept as it is (DCTDecode), PNG re-encoded as Flate with its alpha channel,
/// if any, split into a soft mask (/SMask).
public struct PDFImage: Sendable, Equatable {
    public enum DecodeError: Error, Equatable {
        case notAnImage
        case unsupported(String)
        case corrupt(String)
    }

    public let width: Int
    public let height: Int
    let colorSpace: String
    let bitsPerComponent: Int
    let filter: String
    let data: [UInt8]
    let decodeParms: PDFDictionary?
    let palette: [UInt8]?
    let alpha: [UInt8]?

    /// Reads a PNG or a JPEG (by its signature).
    public init(data bytes: [UInt8]) throws {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = try Self.png(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8]) {
            self = try Self.jpeg(bytes)
        } else {
            throw DecodeError.notAnImage
        }
    }

    private init(
        width: Int, height: Int, colorSpace: String, bitsPerComponent: Int, filter: String, data: [UInt8],
        decodeParms: PDFDictionary? = nil, palette: [UInt8]? = nil, alpha: [UInt8]? = nil
    ) {
        self.width = width
        self.height = height
        self.colorSpace = colorSpace
        self.bitsPerComponent = bitsPerComponent
        self.filter = filter
        self.data = data
        self.decodeParms = decodeParms
        self.palette = palette
        self.alpha = alpha
    }

    private static func jpeg(_ bytes: [UInt8]) throws -> PDFImage {
        var position = 2
        while position + 4 <= bytes.count {
            guard bytes[position] == 0xFF else { throw DecodeError.corrupt("JPEG marker expected") }
            let marker = bytes[position + 1]
            if marker == 0xFF {
                position += 1
                continue
            }
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            // Start of frame: baseline, extended, progressive (not the lossless or arithmetic ones PDF readers lack).
            if [0xC0, 0xC1, 0xC2].contains(marker) {
                guard position + 9 < bytes.count else { throw DecodeError.corrupt("JPEG frame header truncated") }
                let height = Int(bytes[position + 5]) << 8 | Int(bytes[position + 6])
                let width = Int(bytes[position + 7]) << 8 | Int(bytes[position + 8])
                let components = Int(bytes[position + 9])
                let space: String
                switch components {
                case 1: space = "DeviceGray"
                case 3: space = "DeviceRGB"
                default: throw DecodeError.unsupported("JPEG with \(components) components (CMYK is not accepted)")
                }
                guard width > 0, height > 0 else { throw DecodeError.corrupt("JPEG without dimensions") }
                return PDFImage(width: width, height: height, colorSpace: space, bitsPerComponent: 8, filter: "DCTDecode", data: bytes)
            }
            if (0xC3...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                throw DecodeError.unsupported("JPEG coding process \(marker)")
            }
            position += 2 + length
        }
        throw DecodeError.corrupt("JPEG without a frame header")
    }

    private static func png(_ bytes: [UInt8]) throws -> PDFImage {
        let reader = ByteReader(bytes)
        var position = 8
        var header: [UInt8] = []
        var palette: [UInt8]?
        var compressed: [UInt8] = []
        var transparency: [UInt8]?
        while position + 8 <= bytes.count {
            guard let length = try? Int(reader.u32(position)), let kind = try? reader.bytes(position + 4, 4),
                let chunk = try? reader.bytes(position + 8, length)
            else { throw DecodeError.corrupt("PNG chunk truncated") }
            switch String(decoding: kind, as: UTF8.self) {
            case "IHDR": header = chunk
            case "PLTE": palette = chunk
            case "tRNS": transparency = chunk
            case "IDAT": compressed += chunk
            default: break
            }
            position += 12 + length
        }
        guard header.count == 13 else { throw DecodeError.corrupt("PNG without IHDR") }
        let headerReader = ByteReader(header)
        let width = Int(try headerReader.u32(0))
        let height = Int(try headerReader.u32(4))
        let depth = Int(header[8])
        let colorType = Int(header[9])
        guard width > 0, height > 0, width <= 20000, height <= 20000 else { throw DecodeError.corrupt("PNG dimensions") }
        guard header[12] == 0 else { throw DecodeError.unsupported("interlaced PNG") }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: throw DecodeError.corrupt("PNG colour type \(colorType)")
        }
        let hasAlpha = colorType == 4 || colorType == 6
        if colorType == 3 {
            guard let palette, !palette.isEmpty else { throw DecodeError.corrupt("indexed PNG without PLTE") }
        }
        if transparency != nil && colorType != 3 {
            transparency = nil  // a colour key on grey/RGB: drawn opaque
        }
        let colorSpace = [0: "DeviceGray", 2: "DeviceRGB", 3: "Indexed", 4: "DeviceGray", 6: "DeviceRGB"][colorType]!
        if !hasAlpha && transparency == nil {
            // The PNG's own zlib stream with its row filters: PDF's PNG predictors decode it as it is.
            let parms: PDFDictionary = [
                "Predictor": .int(15), "Colors": .int(channels), "BitsPerComponent": .int(depth), "Columns": .int(width),
            ]
            return PDFImage(
                width: width, height: height, colorSpace: colorSpace, bitsPerComponent: depth, filter: "FlateDecode",
                data: compressed, decodeParms: parms, palette: palette)
        }
        guard depth == 8 else { throw DecodeError.unsupported("PNG with transparency at \(depth) bits per sample") }
        guard let raw = Deflate.inflate(zlib: compressed) else { throw DecodeError.corrupt("PNG image data") }
        let pixels = try unfilter(raw, width: width, height: height, bytesPerPixel: channels)
        var color: [UInt8] = []
        var alpha: [UInt8] = []
        color.reserveCapacity(width * height * (channels - (hasAlpha ? 1 : 0)))
        alpha.reserveCapacity(width * height)
        if hasAlpha {
            for pixel in stride(from: 0, to: pixels.count, by: channels) {
                color.append(contentsOf: pixels[pixel..<(pixel + channels - 1)])
                alpha.append(pixels[pixel + channels - 1])
            }
        } else {
            let table = transparency ?? []
            color = pixels
            alpha = pixels.map { Int($0) < table.count ? table[Int($0)] : 255 }
        }
        return PDFImage(
            width: width, height: height, colorSpace: colorSpace, bitsPerComponent: 8, filter: "FlateDecode",
            data: Deflate.zlib(color), palette: palette, alpha: Deflate.zlib(alpha))
    }

    /// Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth).
    private static func unfilter(_ raw: [UInt8], width: Int, height: Int, bytesPerPixel: Int) throws -> [UInt8] {
        let stride = width * bytesPerPixel
        guard raw.count >= height * (stride + 1) else { throw DecodeError.corrupt("PNG image data too short") }
        var out = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for column in 0..<stride {
                let value = raw[source + column]
                let left = column >= bytesPerPixel ? Int(out[target + column - bytesPerPixel]) : 0
                let up = row > 0 ? Int(out[target - stride + column]) : 0
                let upLeft = row > 0 && column >= bytesPerPixel ? Int(out[target - stride + column - bytesPerPixel]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (dLeft, dUp, dUpLeft) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predicted = dLeft <= dUp && dLeft <= dUpLeft ? left : (dUp <= dUpLeft ? up : upLeft)
                default: throw DecodeError.corrupt("PNG row filter \(filter)")
                }
                out[target + column] = UInt8(truncatingIfNeeded: Int(value) + predicted)
            }
        }
        return out
    }

    /// The image XObject's dictionary (without /Length and /SMask, which the writer adds).
    func dictionary() -> PDFDictionary {
        var dictionary: PDFDictionary = [
            "Type": .name("XObject"), "Subtype": .name("Image"), "Width": .int(width), "Height": .int(height),
        ]
        if let palette {
            dictionary["ColorSpace"] = .array([.name("Indexed"), .name("DeviceRGB"), .int(palette.count / 3 - 1), .hex(palette)])
        } else {
            dictionary["ColorSpace"] = .name(colorSpace)
        }
        dictionary["BitsPerComponent"] = .int(bitsPerComponent)
        dictionary["Filter"] = .name(filter)
        if let decodeParms { dictionary["DecodeParms"] = .dictionary(decodeParms) }
        return dictionary
    }
}
