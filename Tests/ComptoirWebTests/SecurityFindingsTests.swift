import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor

@testable import ComptoirWeb

/// One test (or more) per finding of the security probe (issue « Security and robustness »): each fails on the code
/// before its fix.
@Suite("Security findings: XSS and files, crashes, 2FA, guests, bookings, locks, bodies, low findings")
struct SecurityFindingsTests {
    static let payload = #"Zeta"><script src="/api/v1/evil.js"></script><img src=x onerror=alert(1)>"#

    // MARK: 1. Stored XSS through the page head, and files served from the app's origin

    @Test func pageHeadsEscapeRecordNames() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let created = try await api.send(
                .POST, "/api/v1/companies", json: "{\"name\":\(Self.jsonString(Self.payload)),\"billingPostcode\":\"75001\"}")
            #expect(created.status == .created, "\(created.body)")
            guard case .string(let id)? = created.json?["id"] else { Issue.record("no company"); return }
            for path in ["/companies/\(id)", "/companies/\(id)/edit"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                let head = String(page.body[..<(page.body.range(of: "</head>")?.lowerBound ?? page.body.endIndex)])
                #expect(!head.contains("twitter:title") && !head.contains("og:title"), "\(path)")
                #expect(head.contains("Zeta\"&gt;&lt;script src=\"/api/v1/evil.js\"&gt;&lt;/script&gt;"), "\(head)")
                // The only script of the page is the app's own.
                #expect(page.body.components(separatedBy: "<script").count == 2, "\(path)")
                #expect(!page.body.contains("<img src=x"), "\(path)")
            }
        }
    }

    @Test func filesAreDownloadsThatNeverRunAsPagesOrScripts() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Cabinet Durand", "billingPostcode": "75008"])
            try await browser.open("/companies/\(company.uuidString.lowercased())")
            let script = Array("fetch('/api/v1/auth/tokens',{method:'POST'})".utf8)
            let html = Array("<html><script>alert(1)</script></html>".utf8)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
            #expect(try await browser.upload("companies", company, script, name: "evil.js", type: "text/javascript").status == .seeOther)
            #expect(try await browser.upload("companies", company, html, name: "page.html", type: "image/png").status == .seeOther)
            #expect(try await browser.upload("companies", company, png, name: "logo.png", type: "text/html").status == .seeOther)
            let files = try await AttachmentStore.list(ownerKind: "companies", ownerID: company, on: t.db)
            #expect(files.count == 3)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            for file in files {
                let id = file.id.uuidString.lowercased()
                for response in [
                    try await browser.get("/attachments/\(id)"), try await api.send(.GET, "/api/v1/attachments/\(id)/content"),
                ] {
                    #expect(response.status == .ok)
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
                    let type = response.headers.first(name: .contentType) ?? ""
                    let disposition = response.headers.first(name: .contentDisposition) ?? ""
                    if file.originalName == "logo.png" {
                        // Its bytes are a PNG: shown inline as an image, whatever was declared.
                        #expect(type == "image/png")
                        #expect(disposition.hasPrefix("inline;"))
                    } else {
                        // Script or page bytes, whatever their declared type: opaque bytes, downloaded.
                        #expect(type == "application/octet-stream", "\(file.originalName): \(type)")
                        #expect(disposition.hasPrefix("attachment;"), "\(file.originalName)")
                    }
                }
            }
        }
    }

    @Test func everyResponseCarriesNosniffAndNonPagesASandbox() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .admin)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let contact = try await api.send(.POST, "/api/v1/contacts", json: #"{"lastName":"Martin","firstName":"Anne"}"#)
            guard case .string(let contactID)? = contact.json?["id"] else { Issue.record("no contact"); return }
            for path in ["/contacts/export.csv", "/contacts/\(contactID)/vcard"] {
                let file = try await browser.get(path)
                #expect(file.status == .ok, "\(path)")
                #expect(file.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(file.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true, "\(path)")
                #expect(file.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true, "\(path)")
            }
            let json = try await api.send(.GET, "/api/v1/companies")
            #expect(json.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(json.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            let missing = try await api.send(.GET, "/api/v1/companies/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.headers.first(name: "X-Content-Type-Options") == "nosniff")
            // Pages keep their own policy (scripts from the app only); no HSTS over plain http.
            let page = try await browser.get("/companies")
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(page.headers.first(name: "Strict-Transport-Security") == nil)
        }
        try await TestApp.run(baseURL: "https://crm.example.fr") { t in
            var anonymous = t.browser()
            let page = try await anonymous.get("/login")
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
        }
    }

    // MARK: 2. One request killed the server

    @Test func emptyQueryPairsNeverCrash() async throws {
        #expect(QueryValues.parse("=").isEmpty)
        #expect(QueryValues.parse("&&=&=x&q=a%20b&tags[]=1&tags[]=2&flag") == ["q": ["a b"], "tags": ["1", "2"], "flag": [""]])
        #expect(QueryValues.parse("a==b") == ["a": ["=b"]])
        #expect(!AddressRanges.matches("192.0.2.1", "/"))
        #expect(!AddressRanges.allows("192.0.2.1", ranges: "/\n/8"))
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            for path in ["/api/v1/interactions?=", "/api/v1/companies?=&=", "/api/v1/contacts?==", "/api/v1/projects?&=x"] {
                #expect(try await api.send(.GET, path).status == .ok, "\(path)")
            }
            for path in ["/companies?=", "/interactions?=&q=", "/agenda?=", "/contacts?%3D="] {
                #expect(try await browser.get(path).status == .ok, "\(path)")
            }
            // A form body of just "=" is an empty form, not a crash.
            try await browser.open("/companies/new")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: "X-CSRF-Token", value: browser.lastCSRF ?? "")
            let posted = try await browser.send(.POST, "/companies", headers: headers, body: ByteBuffer(string: "=&="))
            #expect(posted.status == .unprocessableEntity)
        }
    }

    // MARK: 3. Second factor on API tokens

    @Test func mintingATokenAsksForTheSecondFactor() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("marie@example.fr")
            let secret = Array("12345678901234567890".utf8)
            user.totpSecret = Base32.encode(secret)
            user.totpEnabledAt = t.clock.now()
            try await user.update(on: t.db)
            let anonymous = APIClient(app: t.app, token: nil)
            let body = #"{"email":"marie@example.fr","password":"correct-horse-battery"}"#
            let without = try await anonymous.send(.POST, "/api/v1/auth/tokens", json: body)
            #expect(without.status == .unauthorized)
            #expect(without.json?["error"]?["code"] == .string("second_factor_required"))
            let wrong = try await anonymous.send(
                .POST, "/api/v1/auth/tokens", json: #"{"email":"marie@example.fr","password":"correct-horse-battery","totp":"000000"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(try await APIToken.query(on: t.db).count() == 0)
            let code = ComptoirCore.TOTP(secret: secret).code(at: t.clock.now(), hmac: TwoFactor.hmac)
            let right = try await anonymous.send(
                .POST, "/api/v1/auth/tokens",
                json: "{\"email\":\"marie@example.fr\",\"password\":\"correct-horse-battery\",\"totp\":\"\(code)\"}")
            #expect(right.status == .created, "\(right.body)")
            // The same code again is a replay.
            let replay = try await anonymous.send(
                .POST, "/api/v1/auth/tokens",
                json: "{\"email\":\"marie@example.fr\",\"password\":\"correct-horse-battery\",\"totp\":\"\(code)\"}")
            #expect(replay.status == .unauthorized)
            #expect(try await APIToken.query(on: t.db).count() == 1)

            // A role that requires a second factor: no token before enrolment.
            try await t.createUser("paul@example.fr", role: .admin)
            try await Settings.set(TwoFactor.rolesKey, "admin", on: t.db)
            let unenrolled = try await anonymous.send(
                .POST, "/api/v1/auth/tokens", json: #"{"email":"paul@example.fr","password":"correct-horse-battery"}"#)
            #expect(unenrolled.status == .forbidden)
            #expect(unenrolled.json?["error"]?["code"] == .string("second_factor_enrolment_required"))
            #expect(try await APIToken.query(on: t.db).count() == 1)
        }
    }

    // MARK: 4. Guests and the API

    @Test func guestsHaveNoAPIAndNoTokens() async throws {
        try await TestApp.run { t in
            let world = try await ExtranetTests.world(t)
            var guest = try await ExtranetTests.guest(t, world, readOnly: false)
            let guestUser = try #require(try await User.find(email: "client@sapins.fr", on: t.db))
            // No token by e-mail and password, from the CLI's service, or from the guest's session.
            let minted = try await APIClient(app: t.app, token: nil).send(
                .POST, "/api/v1/auth/tokens", json: #"{"email":"client@sapins.fr","password":"sapins-2026-noel"}"#)
            #expect(minted.status == .forbidden)
            await #expect(throws: AppError.self) { _ = try await t.token(for: guestUser) }
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: guest.lastCSRF ?? "")
            #expect(
                try await guest.send(.POST, "/api/v1/auth/tokens", headers: headers, body: ByteBuffer(string: "{}")).status == .notFound)
            // A token made for a guest by hand (or before this rule) is refused.
            let clear = "cpt_" + SecureTokens.random(byteCount: 32)
            try await APIToken(
                userID: try guestUser.requireID(), name: "old", tokenHash: SecureTokens.sha256Hex(clear), prefix: String(clear.prefix(10)),
                createdAt: t.clock.now()
            )
            .create(on: t.db)
            let old = APIClient(app: t.app, token: clear)
            for path in ["/api/v1/projects", "/api/v1/projects/\(world.projectA)/analytics", "/api/v1/me"] {
                #expect(try await old.send(.GET, path).status == .unauthorized, "\(path)")
            }
            // The guest's session: analytics, project writes and uploads through the API do not exist.
            let before = try await TableStore.count(ProjectsEntity.definition.tableSpec, filters: [], on: t.db)
            #expect(try await guest.get("/api/v1/projects/\(world.projectA)/analytics").status == .notFound)
            #expect(
                try await guest.send(.POST, "/api/v1/projects", headers: headers, body: ByteBuffer(string: #"{"title":"Intrus"}"#)).status
                    == .notFound)
            #expect(
                try await guest.send(
                    .PATCH, "/api/v1/projects/\(world.projectA)", headers: headers, body: ByteBuffer(string: #"{"visibility":"private"}"#)
                ).status == .notFound)
            #expect(try await TableStore.count(ProjectsEntity.definition.tableSpec, filters: [], on: t.db) == before)
            #expect(
                try await (t.db as! any SQLDatabase).raw(
                    "SELECT visibility FROM projects WHERE id = \(bind: UUID(uuidString: world.projectA)!)"
                ).first()?.decode(column: "visibility", as: String.self) == "public")
            // Uploads: on their project (as the portal offers), not on the project's interactions.
            try await guest.open("/portal/projects/\(world.projectA)")
            let onProject = try await guest.upload(
                "projects", UUID(uuidString: world.projectA)!, Array("%PDF-1.4 plan".utf8), name: "plan.pdf", type: "application/pdf")
            #expect(onProject.status == .seeOther)
            #expect(onProject.location == "/portal/projects/\(world.projectA)")
            let onMeeting = try await guest.upload(
                "interactions", UUID(uuidString: world.meetingA)!, Array("%PDF-1.4 x".utf8), name: "x.pdf", type: "application/pdf")
            #expect(onMeeting.status == .notFound)
            #expect(try await AttachmentStore.list(ownerKind: "interactions", ownerID: UUID(uuidString: world.meetingA)!, on: t.db).isEmpty)
            #expect(try await AttachmentStore.list(ownerKind: "projects", ownerID: UUID(uuidString: world.projectA)!, on: t.db).count == 1)
        }
    }

    // MARK: 5. A private project's bookings

    @Test func bookingsOfAPrivateProjectShowAsBookedToNonMembers() async throws {
        try await TestApp.run { t in
            var (boss, bossUser) = try await t.signedIn(role: .admin, email: "boss@example.fr")
            let admin = APIClient(app: t.app, token: try await t.token(for: bossUser))
            let project = try await ProjectsTests.create(admin, #"{"title":"Dossier confidentiel","visibility":"private"}"#)
            let room = try await admin.send(.POST, "/api/v1/resources", json: #"{"name":"Salle Molière","kind":"room"}"#)
            guard case .string(let roomID)? = room.json?["id"] else { Issue.record("no room"); return }
            let secret = try await admin.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(ExtranetTests.meetingType)","subject":"Rachat secret de Durand","projectId":"\(project)",
                     "startsAt":"2026-12-01T09:00:00+01:00","endsAt":"2026-12-01T12:00:00+01:00"}
                    """)
            guard case .string(let secretID)? = secret.json?["id"] else { Issue.record("no interaction \(secret.body)"); return }
            try await boss.open("/interactions/\(secretID)")
            #expect(try await boss.post("/interactions/\(secretID)/resources", ["resources[]": roomID]).status == .seeOther)
            let sql = t.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 1)
            #expect(try await boss.get("/resources/\(roomID)").body.contains("Rachat secret"))  // the admin sees it

            var (browser, user) = try await t.signedIn(role: .user, email: "claire@example.fr")
            let page = try await browser.get("/resources/\(roomID)")
            #expect(page.status == .ok)
            #expect(page.body.contains("Réservé"))
            #expect(!page.body.contains("Rachat secret"))
            #expect(!page.body.contains(secretID))
            // Booking the same time: refused, without the other interaction's subject or link.
            let api = APIClient(app: t.app, token: try await t.token(for: user))
            let mine = try await api.send(
                .POST, "/api/v1/interactions",
                json: """
                    {"typeId":"\(ExtranetTests.meetingType)","subject":"Point client","startsAt":"2026-12-01T10:00:00+01:00","endsAt":"2026-12-01T11:00:00+01:00"}
                    """)
            guard case .string(let mineID)? = mine.json?["id"] else { Issue.record("no interaction \(mine.body)"); return }
            try await browser.open("/interactions/\(mineID)")
            let refused = try await browser.post("/interactions/\(mineID)/resources", ["resources[]": roomID])
            #expect(refused.status == .seeOther)
            let message = try await browser.get(try #require(refused.location))
            #expect(message.body.contains("« Salle Molière » est déjà réservée le 01/12/2026 10:00."))
            #expect(!message.body.contains("Rachat secret"))
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM resource_bookings").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }

    // MARK: 6. Concurrent writes on SQLite

    @Test func concurrentWritersNeverGetDatabaseLocked() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("claire@example.fr", role: .admin)
            let token = try await t.token(for: user)
            let api = APIClient(app: t.app, token: token)
            var contacts: [String] = []
            for index in 0..<8 {
                let created = try await api.send(.POST, "/api/v1/contacts", json: "{\"lastName\":\"Contact \(index)\"}")
                guard case .string(let id)? = created.json?["id"] else { Issue.record("contact \(created.body)"); return }
                contacts.append(id)
            }
            let tag = try await api.send(.POST, "/api/v1/tags", json: #"{"name":"Client"}"#)
            let company = try await api.send(.POST, "/api/v1/companies", json: #"{"name":"Durand SA","billingPostcode":"69002"}"#)
            guard case .string(let tagID)? = tag.json?["id"], case .string(let companyID)? = company.json?["id"] else {
                Issue.record("setup \(tag.body) \(company.body)"); return
            }
            let app = t.app
            let ids = contacts
            let statuses = try await withThrowingTaskGroup(of: [UInt].self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var codes: [UInt] = []
                        let client = APIClient(app: app, token: token)
                        for round in 0..<6 {
                            let contact = ids[(writer + round) % ids.count]
                            codes.append(
                                try await client.send(.PUT, "/api/v1/contacts/\(contact)/tags", json: "{\"tags\":[\"\(tagID)\"]}").status
                                    .code)
                            codes.append(
                                try await client.send(
                                    .POST, "/api/v1/contacts/\(contact)/companies",
                                    json: "{\"companyId\":\"\(companyID)\",\"role\":\"Gérant \(writer)-\(round)\"}"
                                ).status.code)
                        }
                        return codes
                    }
                }
                var all: [UInt] = []
                for try await codes in group { all += codes }
                return all
            }
            #expect(statuses.count == 96)
            #expect(statuses.filter { $0 >= 500 }.isEmpty, "\(statuses.filter { $0 >= 500 }.count) errors of \(statuses.count)")
            // Linking a contact to the same company twice is a 409 (already linked); nothing else but success.
            #expect(statuses.allSatisfy { $0 < 300 || $0 == 409 }, "\(Set(statuses))")
        }
    }

    // MARK: 7. Bodies are read only after authentication

    @Test func uploadsAreRefusedBeforeTheirBodyIsRead() async throws {
        try await TestApp.run { t in
            let port = Int.random(in: 20_000...60_000)
            try await t.app.server.start(address: .hostname("127.0.0.1", port: port))
            // A request that announces 250 MB and sends its first kilobyte (Vapor dispatches a request at its first body
            // bytes): answered without the body, which never comes — a server waiting for it would not answer at all. The
            // generous timeout only absorbs a busy machine (the test once failed at 5 s while four builds ran).
            for path in ["/api/v1/attachments", "/attachments/companies/\(UUID().uuidString)"] {
                let answer = try RawHTTP.exchange(
                    port: port,
                    """
                    POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 262144000\r\n\r\n
                    """ + String(repeating: "x", count: 1024), timeout: 30)
                #expect(
                    answer.hasPrefix("HTTP/1.1 401") || answer.hasPrefix("HTTP/1.1 303") || answer.hasPrefix("HTTP/1.1 403"),
                    "\(path): \(answer.prefix(80))")
            }
            // Signed in, over the size allowed: 413 before reading.
            let user = try await t.createUser("claire@example.fr")
            let token = try await t.token(for: user)
            let answer = try RawHTTP.exchange(
                port: port,
                """
                POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 262144000\r\n\r\n
                """ + String(repeating: "x", count: 1024), timeout: 30)
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(120))")
            #expect(answer.contains("file_too_large"))
            await t.app.server.shutdown()
        }
    }

    // MARK: 8. Low findings

    @Test func aTokenCannotMintAnotherAndAPasswordChangeRevokesTokens() async throws {
        try await TestApp.run { t in
            let user = try await t.createUser("claire@example.fr")
            let token = try await t.token(for: user)
            let api = APIClient(app: t.app, token: token)
            let child = try await api.send(.POST, "/api/v1/auth/tokens", json: #"{"name":"child"}"#)
            #expect(child.status == .forbidden)
            #expect(child.json?["error"]?["code"] == .string("token_cannot_mint"))
            #expect(try await APIToken.query(on: t.db).count() == 1)
            #expect(try await api.send(.GET, "/api/v1/me").status == .ok)
            let service = AccountService(db: t.db, clock: t.clock, bcryptCost: 4, onAccountChange: { t.app.tokenCache.clear() })
            try await service.setPassword(user, to: "another-long-password", mustChange: false, by: .system)
            #expect(try await api.send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await APIToken.query(on: t.db).filter(\.$revokedAt == nil).count() == 0)
        }
    }

    @Test func readOnlyUsersCreateNoCalendarFeed() async throws {
        try await TestApp.run { t in
            var (reader, _) = try await t.signedIn(role: .user, readOnly: true, email: "lecteur@example.fr")
            let page = try await reader.open("/agenda/feeds")
            #expect(page.status == .ok)
            #expect(!page.body.contains("Nouvel abonnement"))
            #expect(try await reader.post("/agenda/feeds", ["kind": "user"]).status == .forbidden)
            #expect(
                try await (t.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM calendar_feeds").first()?.decode(
                    column: "n", as: Int.self) == 0)
        }
    }

    @Test func signInIsThrottledPerAccountAndPerAddressWithRetryAfter() async throws {
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            try await t.createUser("paul@example.fr")
            let anonymous = APIClient(app: t.app, token: nil)
            func mint(_ email: String, _ password: String) async throws -> Page {
                try await anonymous.send(.POST, "/api/v1/auth/tokens", json: "{\"email\":\"\(email)\",\"password\":\"\(password)\"}")
            }
            for _ in 0..<AccountService.accountThrottleLimit {
                #expect(try await mint("marie@example.fr", "wrong-password").status == .unauthorized)
            }
            // Marie's account is paused, even with the right password, and says for how long.
            let paused = try await mint("marie@example.fr", "correct-horse-battery")
            #expect(paused.status == .tooManyRequests)
            #expect(paused.headers.first(name: .retryAfter) == "900")
            // Paul, from the same address, still signs in: one person's typos do not lock out the office.
            #expect(try await mint("paul@example.fr", "correct-horse-battery").status == .created)
            t.clock.advance(by: 600)
            #expect(try await mint("marie@example.fr", "correct-horse-battery").headers.first(name: .retryAfter) == "300")
            t.clock.advance(by: 301)
            #expect(try await mint("marie@example.fr", "correct-horse-battery").status == .created)
            // Spraying many accounts from one address pauses the address.
            for index in 0..<AccountService.addressThrottleLimit { _ = try await mint("nobody\(index)@example.fr", "x") }
            let sprayed = try await mint("paul@example.fr", "correct-horse-battery")
            #expect(sprayed.status == .tooManyRequests)
            #expect(sprayed.headers.first(name: .retryAfter) != nil)
            var browser = t.browser()
            let form = try await browser.signIn(email: "paul@example.fr", password: "correct-horse-battery")
            #expect(form.status == .tooManyRequests)
            #expect(form.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test func signInFollowsOnlyLocalPaths() async throws {
        for bad in ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/é", "/ /evil"] {
            #expect(LoginPages.safeNext(bad) == "/", "\(bad)")
        }
        #expect(LoginPages.safeNext("/companies?q=a%20b") == "/companies?q=a%20b")
        try await TestApp.run { t in
            try await t.createUser("marie@example.fr")
            var browser = t.browser()
            _ = try await browser.get("/login?next=/%09/evil.example")
            let response = try await browser.post(
                "/login", ["email": "marie@example.fr", "password": "correct-horse-battery", "next": "/\t/evil.example"])
            #expect(response.status == .seeOther)
            #expect(response.location == "/")
        }
    }

    @Test func oversizedHeadersAre431() async throws {
        try await TestApp.run { t in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: "X-Padding", value: String(repeating: "a", count: 40 * 1024))
            let api = try await APIClient(app: t.app, token: nil).send(.GET, "/api/v1/companies", headers: headers)
            #expect(api.status == .requestHeaderFieldsTooLarge)
            #expect(api.json?["error"]?["code"] == .string("headers_too_large"))
            var browser = t.browser()
            #expect(try await browser.get("/login", headers: headers).status == .requestHeaderFieldsTooLarge)
        }
    }

    // MARK: - Helpers

    static func jsonString(_ text: String) -> String {
        String(data: try! JSONEncoder().encode(text), encoding: .utf8)!
    }
}
