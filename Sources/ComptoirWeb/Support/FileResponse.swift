import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// Every file the app serves (attachments, exports, feeds, logos) goes out through here, so none can run as a
/// page or script of the app's origin: `private, no-store`, and `attachment` unless the bytes themselves (not the
/// declared type, not the name) are a PNG, JPEG, GIF, WebP or PDF. `nosniff` and the sandbox CSP come from
/// `SecurityHeaders`, which gives them to every response that is not a page.
enum FileResponse {
    /// Types that browsers never run as script or page: only these may be shown inline.
    static func inlineType(_ data: Data) -> String? {
        let bytes = data.prefix(12)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes.dropFirst(8).prefix(4)) == Array("WEBP".utf8) {
            return "image/webp"
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// A user's file: shown inline when its bytes are an image or a PDF, otherwise downloaded as opaque bytes.
    static func userFile(_ data: Data, name: String) -> Response {
        if let type = inlineType(data) {
            return Response(status: .ok, headers: headers(name: name, type: type, inline: true), body: .init(data: data))
        }
        return Response(status: .ok, headers: headers(name: name, type: "application/octet-stream"), body: .init(data: data))
    }

    /// A file the app wrote itself (CSV, vCard, iCalendar, XLSX), always as a download.
    static func download(_ data: Data, name: String, type: String) -> Response {
        Response(status: .ok, headers: headers(name: name, type: type), body: .init(data: data))
    }

    static func download(_ text: String, name: String, type: String) -> Response {
        download(Data(text.utf8), name: name, type: type)
    }

    /// The headers of a file response; `inline` only for the types `inlineType` returns.
    static func headers(name: String, type: String, inline: Bool = false) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(name, inline: inline))
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return headers
    }

    /// RFC 6266: an ASCII fallback name and the UTF-8 name; quotes, controls and path marks never reach the header.
    static func contentDisposition(_ name: String, inline: Bool = false) -> String {
        let ascii = name.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).map {
            $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) ? $0 : "_"
        }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? String(ascii)
        return "\(inline ? "inline" : "attachment"); filename=\"\(String(ascii))\"; filename*=UTF-8''\(encoded)"
    }
}
