import ArgumentParser
import ComptoirServices
import ComptoirWeb
import Foundation

/// `comptoir verify`: recomputes the inalterability chain of invoices, credit notes and payments and names the first
/// broken link. Exit status 0 when the chain holds, 1 when a link is broken.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the invoices' inalterability chain and name its first broken link.")
    @ArgumentParser.OptionGroup var store: StoreOptions

    func run() async throws {
        let intact = try await withApplication(try store.config()) { app in
            let report = try await SalesChain.verify(app.systemContext("comptoir verify"))
            guard let broken = report.broken else {
                printOut("Chaîne intègre : \(report.checked) maillon(s) vérifié(s).")
                return true
            }
            let fields = broken.changedFields.isEmpty ? "" : " Champs modifiés : \(broken.changedFields.joined(separator: ", "))."
            printOut(
                "Chaîne rompue au maillon \(broken.sequence) (\(broken.recordType) \(broken.label), \(broken.recordID.uuidString.lowercased())) : \(broken.reason.fr).\(fields)"
            )
            return false
        }
        if !intact { throw CLIError(message: "the inalterability chain is broken (see above)") }
    }
}
