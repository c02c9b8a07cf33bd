import Foundation
import Testing

@testable import ComptoirDocuments

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct QRCodeSVGTests {
    @Test func isOneCrispPathWithAnAccessibleLabel() throws {
        // setup
        let code = try QRCode.encode("Comptoir")
        // act
        let svg = code.svg(moduleSize: 5, quietZone: 4, label: "Code « 2FA » pour l'app & <Comptoir>")
        // validate
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="145" height="145" viewBox="0 0 29 29" "#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(#"role="img" aria-label="Code « 2FA » pour l&apos;app &amp; &lt;Comptoir&gt;""#))
        #expect(svg.contains(##"<rect width="29" height="29" fill="#fff"/>"##))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.hasSuffix("\"/></svg>"))
        // The top-left finder's first row: 7 dark modules after the 4-module quiet zone.
        #expect(svg.contains(#"d="M4 4h7v1h-7z"#))
    }

    @Test func isWellFormedXML() throws {
        let svg = try QRCode.encode("Comptoir").svg(label: "a \"quoted\" <label>")
        let document = try XMLDocument(xmlString: svg)
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(root.attributes?.first(where: { $0.name == "aria-label" })?.stringValue == "a \"quoted\" <label>")
    }

    /// The path's rectangles, redrawn on a grid, give back exactly the dark modules (offset by the quiet zone).
    @Test(arguments: [0, 2, 4])
    func pathRedrawsTheModules(quietZone: Int) throws {
        // setup
        let code = try QRCode.encode(QRCodeTests.uri)
        let svg = code.svg(quietZone: quietZone)
        let side = code.size + 2 * quietZone
        // act: each "M x y h w v1 h-w z" fills w modules of row y
        let path = try #require(svg.firstRange(of: #"d=""#).map { svg[$0.upperBound...].prefix { $0 != "\"" } })
        var grid = Array(repeating: Array(repeating: false, count: side), count: side)
        for command in path.split(separator: "M") {
            let numbers = command.split(whereSeparator: { "hvz ".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5 && numbers[2] == -numbers[4] && numbers[3] == 1, "\(command)")
            for x in numbers[0]..<(numbers[0] + numbers[2]) {
                #expect(!grid[numbers[1]][x], "overlap")
                grid[numbers[1]][x] = true
            }
        }
        // validate
        for y in 0..<side {
            for x in 0..<side {
                let inside = (quietZone..<(quietZone + code.size))
                let dark = inside.contains(x) && inside.contains(y) && code.isDark(x: x - quietZone, y: y - quietZone)
                #expect(grid[y][x] == dark, "(\(x), \(y))")
            }
        }
    }

    /// The SVG as Chromium draws it, read back by zxing-cpp (skipped where Chromium is not installed).
    @Test(.enabled(if: QRCodePythonChecker.chromium != nil && QRCodePythonChecker.available("zxingcpp")))
    func chromiumRendersAScannableSymbol() throws {
        // setup
        let code = try QRCode.encode(QRCodeTests.uri)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("code.svg"), picture = folder.appendingPathComponent("code.png")
        let svg = code.svg(moduleSize: 4, label: "QR code")
        try Data(svg.utf8).write(to: page)
        let pixels = (code.size + 8) * 4
        // act
        try QRCodePythonChecker.run(
            executable: try #require(QRCodePythonChecker.chromium),
            arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder.path)/profile",
                "--window-size=\(pixels),\(pixels)", "--screenshot=\(picture.path)", page.absoluteString,
            ])
        let readings = try QRCodePythonChecker.zxingReadings(try Data(contentsOf: picture))
        // validate
        #expect(readings.map(\.bytes) == [Array(QRCodeTests.uri.utf8)])
    }
}
