import Foundation
import Testing

@testable import ComptoirDocuments

/// Our symbols against independent implementations: module by module against qrcodegen, read back by zxing-cpp.
@Suite struct QRCodeReferenceTests {
    /// Payloads of assorted lengths and byte values, each encoded at every level.
    static let payloads: [[UInt8]] = [
        [],
        Array("a".utf8),
        Array("Comptoir".utf8),
        Array(QRCodeTests.uri.utf8),
        Array("Société Lefèvre & Fils — « devis » n° FA2026-00042 🇫🇷".utf8),
        (0..<256).map { UInt8($0) },
        Array(String(repeating: "0123456789", count: 40).utf8),
        (0..<1200).map { UInt8(($0 * 7919) % 251) },
    ]

    @Test(.enabled(if: QRCodePythonChecker.available("qrcodegen")))
    func matchesQRCodeGenModuleByModuleWithTheSameVersionAndMask() throws {
        // setup: every payload at every level, each encoder choosing the mask; then every version 1–40 at a
        // rotating level and a forced rotating mask (forced: qrcodegen's mask search in Python is slow)
        var requests: [QRCodePythonChecker.Request] = []
        for bytes in Self.payloads {
            for level in QRCode.ErrorCorrection.allCases { requests.append(.init(level: level, bytes: bytes)) }
        }
        for version in 1...40 {
            let level = QRCode.ErrorCorrection.allCases[version % 4]
            requests.append(.init(level: level, bytes: Array("version \(version)".utf8), minimumVersion: version, mask: version % 8))
        }
        // act
        let references = try QRCodePythonChecker.qrcodegenSymbols(requests)
        // validate
        try #require(references.count == requests.count)
        for (request, reference) in zip(requests, references) {
            let code = try QRCode.encode(
                bytes: request.bytes, level: request.level, minimumVersion: request.minimumVersion, mask: request.mask)
            let what = "\(request.bytes.count) bytes at \(request.level), version ≥ \(request.minimumVersion), mask \(request.mask ?? -1)"
            #expect(code.version == reference.version, "\(what)")
            #expect(code.mask == reference.mask, "\(what)")
            let rows = QRCodePythonChecker.rows(code)
            if rows != reference.rows {
                let differing = zip(rows, reference.rows).map { zip($0, $1).count(where: { $0 != $1 }) }.reduce(0, +)
                Issue.record("\(what): \(differing) modules differ")
            }
        }
    }

    @Test(.enabled(if: QRCodePythonChecker.available("zxingcpp")))
    func zxingReadsBackAnOTPAuthURIAtEveryLevel() throws {
        for level in QRCode.ErrorCorrection.allCases {
            // setup
            let code = try QRCode.encode(QRCodeTests.uri, level: level)
            // act
            let readings = try QRCodePythonChecker.zxingReadings(QRCodePythonChecker.pgm(code))
            // validate
            let letter = ["L", "M", "Q", "H"][QRCode.ErrorCorrection.allCases.firstIndex(of: level)!]
            #expect(
                readings == [.init(bytes: Array(QRCodeTests.uri.utf8), level: letter, version: code.version, mask: code.mask)],
                "\(level)")
        }
    }

    @Test(.enabled(if: QRCodePythonChecker.available("zxingcpp")))
    func zxingReadsBackEveryPayloadAndEveryMask() throws {
        // zxing-cpp reports nothing for an empty payload, so that one is left to the qrcodegen comparison.
        for bytes in Self.payloads where !bytes.isEmpty {
            let code = try QRCode.encode(bytes: bytes)
            let readings = try QRCodePythonChecker.zxingReadings(QRCodePythonChecker.pgm(code, scale: 3))
            #expect(readings.map(\.bytes) == [bytes], "\(bytes.count) bytes, version \(code.version)")
        }
        for mask in 0..<8 {
            let code = try QRCode.encode(bytes: Array("mask \(mask)".utf8), level: .quartile, minimumVersion: 7, mask: mask)
            let readings = try QRCodePythonChecker.zxingReadings(QRCodePythonChecker.pgm(code, scale: 2))
            #expect(readings == [.init(bytes: Array("mask \(mask)".utf8), level: "Q", version: 7, mask: mask)])
        }
    }

    @Test(.enabled(if: QRCodePythonChecker.available("zxingcpp")))
    func zxingReadsTheLargestSymbol() throws {
        let bytes = (0..<2331).map { UInt8(($0 * 31 + 7) % 256) }
        let code = try QRCode.encode(bytes: bytes)
        #expect(code.version == 40)
        let readings = try QRCodePythonChecker.zxingReadings(QRCodePythonChecker.pgm(code, scale: 2))
        #expect(readings.map(\.bytes) == [bytes])
    }
}
