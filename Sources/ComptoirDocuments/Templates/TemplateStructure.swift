import Foundation

/// Placeholder while the block pass is written.
struct TemplateStructure {
    var problems: [String]?
    init(_ part: TemplatePart) throws {}
}

struct TemplateRenderer {
    let format: TemplateFormat
    let limits: TemplateLimits
    var missing = Set<String>()

    mutating func render(_ part: TemplatePart, values: MergeData) throws -> String {
        var output = ""
        TemplateXMLParser.serialize(part.document, into: &output)
        return output
    }
}

enum TemplateLinter {
    static func lint(_ part: TemplatePart, schema: TagSchema) -> [TemplateIssue] { [] }
}
