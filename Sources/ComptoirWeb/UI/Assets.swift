import ComptoirServices
import Foundation
import Vapor

/// The stylesheet, script and icons, shipped in the package resources and served by the app itself
/// (no CDN). Loaded once at start; served with a validator so browsers revalidate cheaply.
enum Assets {
    struct Asset: Sendable {
        var data: Data
        var contentType: String
        var etag: String
    }

    static let files: [String: Asset] = {
        var result: [String: Asset] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        for name in ["app.css", "app.js", "icons.svg", "favicon.svg"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets"),
                let data = try? Data(contentsOf: url)
            else { continue }
            let ext = String(name.split(separator: ".").last ?? "")
            result[name] = Asset(
                data: data, contentType: types[ext] ?? "application/octet-stream",
                etag: "\"" + SecureTokens.sha256Hex(String(decoding: data, as: UTF8.self)).prefix(16) + "\"")
        }
        return result
    }()

    static func register(_ app: Application) {
        app.get("assets", ":name") { request -> Response in
            guard let name = request.parameters.get("name"), let asset = files[name] else { throw AppError.notFound }
            if request.headers.first(name: .ifNoneMatch) == asset.etag {
                return Response(status: .notModified)
            }
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: asset.contentType)
            headers.replaceOrAdd(name: .eTag, value: asset.etag)
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
            headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            return Response(status: .ok, headers: headers, body: .init(data: asset.data))
        }
    }
}
