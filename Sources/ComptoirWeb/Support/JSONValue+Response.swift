import ComptoirServices
import Vapor

extension JSONValue {
    public func response(_ status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: serialized()))
    }
}
