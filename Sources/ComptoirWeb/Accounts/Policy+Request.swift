import ComptoirServices
import Vapor

extension Request {
    /// Checks the policy for this request's user; see `Policy.require`.
    public func authorize(_ access: Access, _ module: PermissionModule) throws {
        try Policy.require(actor, access, module)
    }
}
