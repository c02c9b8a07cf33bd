import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import ComptoirWeb

/// A fresh application on a fresh database for one test: SQLite in a temporary directory, or a
/// throwaway PostgreSQL schema when `TEST_DATABASE_URL` is set (CI runs the suite on both).
struct TestApp {
    let app: Application
    let clock: FixedClock
    let dataDirectory: String

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    static var usesPostgres: Bool { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil }

    /// Runs `body` with a migrated application, then tears everything down.
    static func run(baseURL: String? = nil, _ body: (TestApp) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-test-\(UUID().uuidString)").path
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let location: DatabaseLocation
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
            location = .postgres(url: url, searchPath: String(schema))
        } else {
            location = .sqlite(path: directory + "/comptoir.sqlite")
        }
        let clock = FixedClock(start)
        let config = AppConfig(database: location, dataDirectory: directory, baseURL: baseURL, bcryptCost: 4, clock: clock)
        let app = try await buildApplication(config, environment: .testing)
        app.logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG"] != nil ? .debug : .warning
        do {
            if location.isPostgres {
                try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: String(schema))").run()
            }
            try await migrate(app)
            try await body(TestApp(app: app, clock: clock, dataDirectory: directory))
        } catch {
            await teardown(app, location, schema: String(schema), directory: directory)
            throw error
        }
        await teardown(app, location, schema: String(schema), directory: directory)
    }

    private static func teardown(_ app: Application, _ location: DatabaseLocation, schema: String, directory: String) async {
        if location.isPostgres {
            try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var db: any Database { app.db }

    @discardableResult
    func createUser(
        _ email: String, password: String = "correct-horse-battery", role: User.Role = .user, readOnly: Bool = false,
        mustChange: Bool = false, name: String? = nil
    ) async throws -> User {
        let service = AccountService(db: app.db, clock: clock, bcryptCost: 4)
        return try await service.createUser(
            email: email, name: name, password: password, role: role, readOnly: readOnly, mustChangePassword: mustChange, by: .system)
    }

    func token(for user: User) async throws -> String {
        let service = AccountService(db: app.db, clock: clock, bcryptCost: 4)
        return try await service.mintToken(for: user, name: "test", by: .system).token
    }

    func browser() -> Browser { Browser(app: app) }

    /// A browser signed in as a new user.
    func signedIn(role: User.Role = .admin, readOnly: Bool = false, email: String = "alice@example.fr") async throws -> (Browser, User) {
        let user = try await createUser(email, role: role, readOnly: readOnly)
        var browser = browser()
        let response = try await browser.signIn(email: email, password: "correct-horse-battery")
        #expect(response.status == .seeOther)
        return (browser, user)
    }

    func auditEntries(entity: String? = nil) async throws -> [AuditEntry] {
        var query = AuditEntry.query(on: app.db).sort(\.$at).sort(\.$id)
        if let entity { query = query.filter(\.$entity == entity) }
        return try await query.all()
    }
}

/// A response as tests read it.
struct Page {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: String
    /// The body's bytes as sent (files: `body` would mangle them).
    var bytes: Data = Data()

    var json: JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
    }

    var location: String? { headers.first(name: .location) }

    /// The value of the first `_csrf` hidden field.
    var csrf: String? { Browser.attribute("value", after: "name=\"_csrf\"", in: body) }
}

/// A cookie-keeping client over the in-memory tester, the way a browser would use the pages.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]

    init(app: Application) { self.app = app }

    mutating func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> Page
    {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let request = TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body ?? ByteBuffer())
        let response = try await app.testing().performTest(request: request)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count >= 1 else { continue }
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") {
                cookies.removeValue(forKey: parts[0])
            } else {
                cookies[parts[0]] = value
            }
        }
        return Page(
            status: response.status, headers: response.headers, body: String(buffer: response.body), bytes: Data(buffer: response.body))
    }

    mutating func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Page {
        try await send(.GET, path, headers: headers)
    }

    /// Posts a form; `csrf: nil` sends the token of the current session or cookie, `csrf: ""` sends none.
    mutating func post(_ path: String, _ fields: [String: String], csrf: String? = nil) async throws -> Page {
        var fields = fields
        let token = csrf ?? currentCSRF()
        if let token, !token.isEmpty { fields["_csrf"] = token }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a form whose fields may repeat (`contactIds[]` twice), in order; the session's token is added.
    mutating func post(_ path: String, pairs: [(String, String)]) async throws -> Page {
        var pairs = pairs
        if let token = currentCSRF() { pairs.append(("_csrf", token)) }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Signs in through the form; on success, loads a page so later posts carry the session's token.
    mutating func signIn(email: String, password: String) async throws -> Page {
        lastCSRF = nil
        _ = try await get("/login")
        let response = try await post("/login", ["email": email, "password": password])
        if response.status == .seeOther {
            try await open("/account/password")
        }
        return response
    }

    /// The token forms of the current session carry: read from a fresh page.
    var lastCSRF: String?

    mutating func currentCSRF() -> String? {
        lastCSRF ?? cookies["comptoir_csrf"]
    }

    /// Loads a page and remembers its form token.
    @discardableResult
    mutating func open(_ path: String) async throws -> Page {
        let page = try await get(path)
        if let token = page.csrf { lastCSRF = token }
        return page
    }

    /// Uploads a file through a record's attachment form (multipart, the CSRF token in the action URL as the page's form has it).
    mutating func upload(_ kind: String, _ id: UUID, _ bytes: [UInt8], name: String, type: String = "application/pdf") async throws -> Page
    {
        let boundary = "----comptoir-attachment"
        var buffer = ByteBuffer()
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(
            .POST, "/attachments/\(kind)/\(id.uuidString.lowercased())?_csrf=\(lastCSRF ?? "")", headers: headers, body: buffer)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func attribute(_ name: String, after marker: String, in html: String) -> String? {
        guard let range = html.range(of: marker) else { return nil }
        let rest = html[range.upperBound...]
        guard let start = rest.range(of: "\(name)=\"") else { return nil }
        let valueStart = rest[start.upperBound...]
        guard let end = valueStart.firstIndex(of: "\"") else { return nil }
        return String(valueStart[..<end])
    }
}

/// API calls with a bearer token.
struct APIClient {
    let app: Application
    let token: String?
    /// Through a real server on loopback instead of in memory (body limits apply only there).
    var live = false

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: HTTPHeaders = [:]) async throws -> Page {
        var headers = extra
        if let token { headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)") }
        if json != nil, headers.contentType == nil { headers.contentType = .json }
        let request = TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: ByteBuffer(string: json ?? ""))
        var attempt = 0
        var response: TestingHTTPResponse
        while true {
            // A live server takes a random loopback port; another process may hold it: try another one.
            let tester =
                live ? try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000...60_000))) : try app.testing()
            do {
                response = try await tester.performTest(request: request)
                break
            } catch  where live && attempt < 5 && "\(error)".contains("Address already in use") {
                attempt += 1
            }
        }
        return Page(
            status: response.status, headers: response.headers, body: String(buffer: response.body), bytes: Data(buffer: response.body))
    }
}

extension JSONValue {
    /// The text of a JSON string, nil for any other value (`try #require(page.json?["id"]?.string)`).
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
