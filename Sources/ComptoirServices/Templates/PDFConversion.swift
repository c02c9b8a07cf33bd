import ComptoirDocuments
import Foundation

/// The optional PDF copy of a merged document: LibreOffice (`soffice --headless --convert-to pdf`) when it is on the
/// server's PATH, in a temporary directory, stopped after `timeout` seconds. Without LibreOffice the option is not offered.
public enum PDFConversion {
    public static let timeout: TimeInterval = 60

    /// The `soffice` executable found on PATH, if any.
    public static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/soffice"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static var isAvailable: Bool { executable != nil }

    static let unavailable = AppError(
        .unprocessableEntity, code: "pdf_unavailable",
        L("La copie PDF demande LibreOffice sur le serveur.", "The PDF copy needs LibreOffice on the server."))

    static func convert(_ document: Data, format: TemplateFormat) async throws -> Data {
        guard let soffice = executable else { throw unavailable }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("document.\(format.rawValue)")
        try document.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = [
            "-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", directory.path,
            input.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1_000_000_000)
        while process.isRunning && DispatchTime.now().uptimeNanoseconds < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        if process.isRunning {
            process.terminate()
            throw AppError(
                .unprocessableEntity, code: "pdf_timeout",
                L("La conversion en PDF a pris trop de temps.", "The PDF conversion took too long."))
        }
        guard let pdf = try? Data(contentsOf: directory.appendingPathComponent("document.pdf")), pdf.starts(with: Array("%PDF".utf8))
        else {
            throw AppError(
                .unprocessableEntity, code: "pdf_failed", L("La conversion en PDF a échoué.", "The PDF conversion failed."))
        }
        return pdf
    }
}
