import ComptoirServices
import MultipartKit
import NIOCore
import Vapor

/// Multipart bodies checked before MultipartKit (4.7) reads them: its parser traps, taking the whole
/// server down, on an empty boundary and on a part header name holding a byte above 0x7F. The guard
/// refuses those bodies with a 400 instead. `SafeFormDataDecoder` applies it to every decoded
/// multipart body (`request.content`); the streaming import upload runs the scanner on each chunk.
enum MultipartGuard {
    static let malformed = AppError(
        .badRequest, code: "malformed_multipart", L("Envoi multipart mal formé.", "Malformed multipart body."))

    /// The boundary of a multipart content type, refused when MultipartKit cannot take it (RFC 2046: 1 to 70 characters).
    static func boundary(_ type: HTTPMediaType?) throws -> String {
        guard let boundary = type?.parameters["boundary"], (1...70).contains(boundary.utf8.count) else { throw malformed }
        return boundary
    }

    /// Follows the delimiters and part headers of a body fed in chunks; throws on a header name that is
    /// not ASCII.
    struct Scanner {
        private let delimiter: [UInt8]
        private var matched: Int
        private enum State { case body, delimiterLine, headerName, headerValue, headerEnd, epilogue }
        private var state = State.body
        private var nameLength = 0
        private var lineLength = 0

        init(boundary: String) {
            delimiter = Array("\r\n--\(boundary)".utf8)
            matched = 2  // The body may open with the delimiter, without the line break before it.
        }

        mutating func scan(_ buffer: ByteBuffer) throws {
            for byte in buffer.readableBytesView { try scan(byte) }
        }

        private mutating func scan(_ byte: UInt8) throws {
            switch state {
            case .body:
                if byte == delimiter[matched] {
                    matched += 1
                    if matched == delimiter.count { state = .delimiterLine; matched = 0; lineLength = 0 }
                } else {
                    matched = byte == delimiter[0] ? 1 : 0
                }
            case .delimiterLine:
                // `--boundary--` closes the body: what follows is an epilogue the parser ignores.
                lineLength += 1
                if lineLength == 1 && byte == UInt8(ascii: "-") { state = .epilogue }
                if byte == UInt8(ascii: "\n") { state = .headerName; nameLength = 0 }
            case .epilogue:
                break
            case .headerName:
                if byte == UInt8(ascii: ":") {
                    state = .headerValue
                } else if byte == UInt8(ascii: "\r") && nameLength == 0 {
                    state = .headerEnd
                } else {
                    guard byte < 0x80 else { throw MultipartGuard.malformed }
                    nameLength += 1
                }
            case .headerValue:
                if byte == UInt8(ascii: "\n") { state = .headerName; nameLength = 0 }
            case .headerEnd:
                state = .body
                matched = 0
            }
        }
    }

    /// Checks a whole multipart body.
    static func check(_ body: ByteBuffer, headers: HTTPHeaders) throws {
        var scanner = Scanner(boundary: try boundary(headers.contentType))
        try scanner.scan(body)
    }
}

/// Vapor's form-data decoder behind `MultipartGuard`: installed for `multipart/form-data`, so every
/// `request.content` read of a multipart body (CSRF field, attachments, logo, forms) is checked first.
struct SafeFormDataDecoder: ContentDecoder {
    let inner = FormDataDecoder()

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try MultipartGuard.check(body, headers: headers)
        return try inner.decode(D.self, from: body, headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable])
        throws -> D
    {
        try MultipartGuard.check(body, headers: headers)
        return try inner.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }
}
