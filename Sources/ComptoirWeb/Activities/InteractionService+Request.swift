import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

extension InteractionService {
    init(_ request: Request) { self.init(request.context) }
}

extension InteractionService {
    public static func visibleSQL(_ column: String, _ request: Request) -> SQLQueryString { visibleSQL(column, request.context) }
}

extension DirectoryService {
    init(_ request: Request) { self.init(request.context) }
}
