/// Turns a password into a stored hash and checks one; injected so services need no web framework.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, created hash: String) throws -> Bool
}
