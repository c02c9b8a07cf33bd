import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Exporter (CSV) » of any list: every row matching the list's filters, in the format French Excel
/// opens directly (`;`, UTF-8 with BOM, dd/mm/yyyy, decimal comma), streamed page by page.
enum EntityExport {
    static func csv(_ definition: EntityDefinition, _ request: Request) async throws -> Response {
        var initial = EntityService.parameters(from: request, definition)
        initial.cursor = nil
        initial.limit = 500
        let parameters = initial
        let service = EntityService(definition, request)
        let filters = try await service.filters(for: parameters)  // checks the policy before anything is sent
        let locale = request.locale
        let fields = definition.fields.filter { !$0.isPassword && ($0.uses.contains(.detail) || $0.uses.contains(.list)) }
        let writer = CSVWriter()
        let headers = FileResponse.headers(name: "\(definition.name).csv", type: "text/csv; charset=utf-8")
        let first = try await service.page(parameters, filters: filters)
        let body = Response.Body(asyncStream: { stream in
            do {
                try await stream.write(.buffer(ByteBuffer(string: writer.header(["id"] + fields.map { $0.label(locale) }))))
                var page = first
                var cursorParameters = parameters
                while true {
                    var chunk = ""
                    for row in page.rows {
                        chunk += writer.row([row.id.uuidString.lowercased()] + fields.map { text($0, row[$0.column], locale) })
                    }
                    try await stream.write(.buffer(ByteBuffer(string: chunk)))
                    guard let next = page.nextCursor else { break }
                    cursorParameters.cursor = next
                    page = try await service.page(cursorParameters, filters: filters)
                }
                try await stream.write(.end)
            } catch {
                request.logger.error("web: CSV export of \(definition.name) failed: \(error)")
                try? await stream.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Values as a French spreadsheet reads them.
    static func text(_ field: FieldDefinition, _ value: FieldValue, _ locale: DisplayLocale) -> String {
        switch (field.kind, value) {
        case (_, .null): return ""
        case (.money, _), (.quantity, _), (.phone, _), (.date, _): return FieldParsing.inputText(field, value)
        default: return FieldParsing.display(field, value, locale)
        }
    }
}
