import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Testing
import Vapor

@testable import ComptoirWeb

@Suite("Second factor (TOTP)")
struct TwoFactorTests {
    /// The code for `secret` at `time`, computed by Python's standard library (RFC 6238), not by our code.
    static func independentCode(_ secret: String, at time: Date) throws -> String {
        let script = """
            import base64, hmac, hashlib, struct, sys
            secret, t = sys.stdin.read().split()
            key = base64.b32decode(secret + '=' * (-len(secret) % 8))
            counter = struct.pack('>Q', int(float(t)) // 30)
            digest = hmac.new(key, counter, hashlib.sha1).digest()
            offset = digest[-1] & 15
            code = (struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000
            print('%06d' % code)
            """
        return try PythonChecker.run(script, input: Data("\(secret) \(time.timeIntervalSince1970)".utf8)).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    @Test func rfc6238VectorsHoldWithTheAppsHMAC() {
        // RFC 6238 appendix B, SHA-1, 8 digits.
        let totp = ComptoirCore.TOTP(secret: Array("12345678901234567890".utf8), digits: 8)
        for (time, code) in [(59.0, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")] {
            #expect(totp.code(at: Date(timeIntervalSince1970: time), hmac: TwoFactor.hmac) == code)
        }
    }

    @Test func enrolSignInWithCodeRefuseReplayAndUseARecoveryCode() async throws {
        try await TestApp.run { t in
            var (browser, user) = try await t.signedIn(role: .user)
            let page = try await browser.open("/account/two-factor")
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("otpauth") == false)  // the URI is in the QR code, not in the page
            let stored = try #require(try await User.find(user.id, on: t.db))
            let secret = try #require(stored.totpSecret)
            let wrong = try await browser.post("/account/two-factor", ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            let enabled = try await browser.post("/account/two-factor", ["code": try Self.independentCode(secret, at: t.clock.now())])
            #expect(enabled.status == .ok)
            let recovery = try #require(enabled.body.range(of: "<li><code>").map { String(enabled.body[$0.upperBound...].prefix(9)) })
            #expect(recovery.count == 9)

            // Next sign-in: the password alone is not enough.
            t.clock.advance(by: 60)
            var next = t.browser()
            let login = try await next.signIn(email: user.email, password: "correct-horse-battery")
            #expect(login.location == "/login/two-factor")
            #expect(try await next.get("/").status == .seeOther)
            try await next.open("/login/two-factor")
            #expect(try await next.post("/login/two-factor", ["code": "123456"]).status == .unauthorized)
            let code = try Self.independentCode(secret, at: t.clock.now())
            let verified = try await next.post("/login/two-factor", ["code": code])
            #expect(verified.status == .seeOther)
            #expect(try await next.get("/").status == .ok)

            // The same code cannot be used twice.
            var replay = t.browser()
            try #require(try await replay.signIn(email: user.email, password: "correct-horse-battery").location == "/login/two-factor")
            try await replay.open("/login/two-factor")
            #expect(try await replay.post("/login/two-factor", ["code": code]).status == .unauthorized)
            // A recovery code works once.
            #expect(try await replay.post("/login/two-factor", ["code": recovery.uppercased()]).status == .seeOther)
            var again = t.browser()
            try #require(try await again.signIn(email: user.email, password: "correct-horse-battery").location == "/login/two-factor")
            try await again.open("/login/two-factor")
            #expect(try await again.post("/login/two-factor", ["code": recovery]).status == .unauthorized)
        }
    }

    @Test func requiredSecondFactorKeepsTheUserOnEnrolment() async throws {
        try await TestApp.run { t in
            var (admin, _) = try await t.signedIn(role: .admin)
            try await admin.open("/admin/security")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let body =
                "idleTimeoutMinutes=120&attachmentMaxMB=20&requireTotpRoles%5B%5D=guest&requireTotpRoles%5B%5D=user&_csrf=\(admin.lastCSRF ?? "")"
            #expect(try await admin.send(.POST, "/admin/security", headers: headers, body: ByteBuffer(string: body)).status == .seeOther)
            var (user, _) = try await t.signedIn(role: .user, email: "bob@example.fr")
            let home = try await user.get("/")
            #expect(home.location == "/account/two-factor")
            #expect(try await user.get("/companies").location == "/account/two-factor")
            // Administrators were not required.
            #expect(try await admin.get("/").status == .ok)
        }
    }
}
