import ComptoirServices
import Vapor

extension InteractionService {
    init(_ request: Request) { self.init(request.context) }
}

extension DirectoryService {
    init(_ request: Request) { self.init(request.context) }
}
