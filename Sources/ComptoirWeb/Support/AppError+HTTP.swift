import ComptoirServices
import Vapor

extension ErrorStatus {
    /// The status as Vapor sends it.
    public var http: HTTPResponseStatus { HTTPResponseStatus(statusCode: code) }

    public init(_ status: HTTPResponseStatus) { self.init(code: Int(status.code)) }
}
