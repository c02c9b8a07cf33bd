import ComptoirCore
import Foundation
import Testing

@testable import ComptoirDocuments

/// Pages rendered by poppler's pdftoppm (50 dpi, grey) compared with the reference images in `Snapshots/`, so a layout
/// change shows. `RECORD_SNAPSHOTS=1 swift test --filter PDFSnapshotTests` writes the references again (look at them).
@Suite struct PDFSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static let clock = InvoiceFixtures.clock
    static let cases: [(name: String, page: Int, pdf: @Sendable () -> [UInt8])] = [
        ("standard-1", 1, { FacturXPDF.render(InvoiceFixtures.standard(), createdAt: clock) }),
        ("balance-1", 1, { FacturXPDF.render(InvoiceFixtures.balance(), createdAt: clock) }),
        ("long-2", 2, { FacturXPDF.render(InvoiceFixtures.long(lines: 60), createdAt: clock) }),
        ("quote-1", 1, { CommercialPDF.render(DocumentFixtures.quote(), createdAt: clock) }),
        ("delivery-note-1", 1, { DeliveryNotePDF.render(DocumentFixtures.deliveryNote(), createdAt: clock) }),
        ("balance-payments-1", 1, { FacturXPDF.render(DocumentFixtures.balanceWithPayments(), createdAt: clock) }),
    ]

    /// Renders one page and compares it with its reference: same size, at most 0.5 % of the pixels off by more than a
    /// quarter of the grey scale (anti-aliasing differences pass, a moved or missing line of text does not).
    static let script = """
        import os, subprocess, sys, tempfile
        from PIL import Image, ImageChops
        page, reference, record = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-f", page, "-l", page, "-singlefile", "-", os.path.join(tmp, "p")],
                           input=sys.stdin.buffer.read(), capture_output=True, check=True)
            image = Image.open(os.path.join(tmp, "p.png")).convert("L")
        if record:
            image.save(reference, optimize=True)
            print("recorded")
            sys.exit(0)
        expected = Image.open(reference).convert("L")
        if expected.size != image.size:
            print("size %s, expected %s" % (image.size, expected.size))
            sys.exit(0)
        histogram = ImageChops.difference(image, expected).histogram()
        off = sum(histogram[64:]) / float(image.size[0] * image.size[1])
        print("ok" if off <= 0.005 else "differs", "%.4f" % off)
        """

    @Test(.enabled(if: FacturXCheckTests.checkersAvailable && FacturXCheckTests.popplerAvailable), arguments: 0..<6)
    func pageMatchesItsReference(_ index: Int) throws {
        let (name, page, render) = Self.cases[index]
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        let reference = Self.snapshots.appendingPathComponent("\(name).png").path
        let pdf = render()
        let result = try PythonRunner.run(
            executable: "/usr/bin/env", arguments: ["python3", "-c", Self.script, String(page), reference, record ? "1" : "0"],
            input: Data(pdf))
        let verdict = result.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(verdict == "recorded" || verdict.hasPrefix("ok "), "\(name): \(verdict)")
    }
}
