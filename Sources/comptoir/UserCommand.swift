import ArgumentParser
import ComptoirServices
import ComptoirStore
import ComptoirWeb
import FluentKit
import Foundation
import Vapor

/// `comptoir user …`: manage accounts from the terminal.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.",
        subcommands: [Create.self, List.self, Disable.self, ResetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @ArgumentParser.OptionGroup var store: StoreOptions
        @ArgumentParser.Option var email: String
        @ArgumentParser.Option var password: String
        @ArgumentParser.Option var name: String?
        @ArgumentParser.Option(help: "admin or user.") var role: String = "user"
        @ArgumentParser.Flag(name: .customLong("read-only")) var readOnly = false

        func validate() throws {
            guard User.Role(rawValue: role) != nil else { throw ValidationError("--role must be admin or user") }
        }

        func run() async throws {
            try await withApplication(try store.config()) { app in
                let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
                do {
                    let user = try await service.createUser(
                        email: email, name: name, password: password, role: User.Role(rawValue: role)!, readOnly: readOnly, by: .system)
                    printOut("Utilisateur créé : \(user.email) (\(user.role)\(readOnly ? ", lecture seule" : ""))")
                } catch let error as AppError {
                    throw CLIError(message: describe(error))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @ArgumentParser.OptionGroup var store: StoreOptions

        func run() async throws {
            try await withApplication(try store.config()) { app in
                let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
                let users = try await service.allUsers()
                for user in users {
                    let flags = [user.active ? "actif" : "inactif", user.readOnly ? "lecture seule" : nil].compactMap { $0 }.joined(
                        separator: ", ")
                    printOut("\(user.email)\t\(user.name)\t\(user.role)\t\(flags)")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a user and end their sessions.")
        @ArgumentParser.OptionGroup var store: StoreOptions
        @ArgumentParser.Option var email: String

        func run() async throws {
            try await withApplication(try store.config()) { app in
                let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
                let user: User
                do {
                    user = try await service.deactivate(email: email, by: .system)
                } catch let error as AppError where error.code == "not_found" {
                    throw CLIError(message: "no user with e-mail \(email)")
                }
                printOut("Utilisateur désactivé : \(user.email)")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Give a user a new one-time password (printed), to change at next sign-in.")
        @ArgumentParser.OptionGroup var store: StoreOptions
        @ArgumentParser.Option var email: String

        func run() async throws {
            try await withApplication(try store.config()) { app in
                guard let user = try await User.find(email: email, on: app.db) else {
                    throw CLIError(message: "no user with e-mail \(email)")
                }
                let password = AccountService.oneTimePassword()
                let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
                try await service.setPassword(user, to: password, mustChange: true, by: .system)
                printOut(password)
            }
        }
    }
}

/// `comptoir token create --user EMAIL`: prints the new token alone on stdout.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mint an API token for a user and print it.")
        @ArgumentParser.OptionGroup var store: StoreOptions
        @ArgumentParser.Option(help: "The user's e-mail.") var user: String
        @ArgumentParser.Option var name: String = "CLI"

        func run() async throws {
            try await withApplication(try store.config()) { app in
                guard let account = try await User.find(email: user, on: app.db) else {
                    throw CLIError(message: "no user with e-mail \(user)")
                }
                guard account.active else { throw CLIError(message: "user \(user) is deactivated") }
                let service = AccountService(db: app.db, clock: app.comptoir.clock, bcryptCost: app.comptoir.bcryptCost)
                let minted = try await service.mintToken(for: account, name: name, by: .system)
                printOut(minted.token)
            }
        }
    }
}

func describe(_ error: AppError) -> String {
    let details = error.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.map(\.en).joined(separator: " "))" }
    return ([error.message.en] + details).joined(separator: " ")
}
