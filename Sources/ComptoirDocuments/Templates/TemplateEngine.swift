import Foundation

/// Merges Word (DOCX) and LibreOffice (ODT) templates with `{{tags}}`: pure, no database, nothing evaluated.
///
/// Syntax: `{{path}}` scalars; `{{#name}}…{{/name}}` list blocks (within one table row: one row per item; around
/// whole paragraphs: the paragraphs repeated); `{{#if path}}…{{/if}}` conditionals on whole paragraphs (or a row).
/// Spaces inside the braces are tolerated. See docs/DECISIONS.md, "Document templates".
public enum TemplateEngine {
    /// Sniffs the bytes (never trusts the file name alone); throws notATemplate / corruptArchive / macroEnabled / tooLarge.
    public static func detectFormat(_ data: Data, fileName: String, limits: TemplateLimits = .default) throws -> TemplateFormat {
        let archive = try TemplateArchive(data, limits: limits)
        return try format(of: archive, fileName: fileName)
    }

    /// Every tag used by the template, in document order, unique: scalars as written ("company.name", and item fields
    /// as "description"), list blocks as "#lines", conditionals as "#if contact.company"; closing tags are left out.
    public static func tags(in data: Data, format: TemplateFormat, limits: TemplateLimits = .default) throws -> [String] {
        let parts = try TemplateDocument(data, format: format, limits: limits).parts
        var seen = Set<String>()
        var result: [String] = []
        for part in parts {
            for occurrence in part.occurrences {
                switch occurrence.tag.kind {
                case .listClose, .ifClose, .invalid: continue
                case .scalar, .listOpen, .ifOpen:
                    let name = occurrence.tag.display
                    if seen.insert(name).inserted { result.append(name) }
                }
            }
        }
        return result
    }

    /// Unknown tags, unbalanced or crossed blocks, tags where they cannot work. Throws only for a bad file.
    public static func lint(_ data: Data, format: TemplateFormat, schema: TagSchema, limits: TemplateLimits = .default) throws
        -> [TemplateIssue]
    {
        let document = try TemplateDocument(data, format: format, limits: limits)
        return document.parts.flatMap { TemplateLinter.lint($0, schema: schema) }
    }

    /// The merged document; tags without a value are merged as empty and listed in `missingTags`.
    public static func merge(_ data: Data, format: TemplateFormat, values: MergeData, limits: TemplateLimits = .default) throws
        -> TemplateMergeResult
    {
        let document = try TemplateDocument(data, format: format, limits: limits)
        var renderer = TemplateRenderer(format: format, limits: limits)
        var replaced: [String: Data] = [:]
        for part in document.parts {
            let structure = TemplateStructure(part)
            guard structure.problems.isEmpty else { throw TemplateError.unbalancedBlocks(structure.problemTags) }
            replaced[part.name] = Data(try renderer.render(part, structure: structure, values: values).utf8)
        }
        let output = try document.archive.written(replacing: replaced, firstStored: format == .odt ? "mimetype" : nil)
        return TemplateMergeResult(document: output, missingTags: renderer.missing.sorted())
    }

    static func format(of archive: TemplateArchive, fileName: String) throws -> TemplateFormat {
        let paths = archive.paths
        if let mimetype = archive.data("mimetype") {
            let type = String(decoding: mimetype, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard type == "application/vnd.oasis.opendocument.text" || type == "application/vnd.oasis.opendocument.text-template"
            else { throw TemplateError.notATemplate }
            guard archive.data("content.xml") != nil else { throw TemplateError.corruptArchive }
            let manifest = archive.data("META-INF/manifest.xml").map { String(decoding: $0, as: UTF8.self) } ?? ""
            if paths.contains(where: { $0.hasPrefix("Basic/") || $0.hasPrefix("Scripts/") })
                || manifest.contains("application/vnd.sun.xml.basic") || manifest.contains("\"Scripts/")
            {
                throw TemplateError.macroEnabled
            }
            return .odt
        }
        if let contentTypes = archive.data("[Content_Types].xml") {
            let types = String(decoding: contentTypes, as: UTF8.self)
            guard archive.data("word/document.xml") != nil else { throw TemplateError.notATemplate }
            let lowerName = fileName.lowercased()
            if paths.contains(where: { $0.lowercased().hasSuffix("vbaproject.bin") || $0.lowercased().hasSuffix("vbadata.xml") })
                || types.lowercased().contains("macroenabled") || types.contains("vbaProject")
                || lowerName.hasSuffix(".docm") || lowerName.hasSuffix(".dotm")
            {
                throw TemplateError.macroEnabled
            }
            return .docx
        }
        throw TemplateError.notATemplate
    }
}

/// A template read whole: its archive, and the parts that carry text to merge, in reading order.
struct TemplateDocument {
    let archive: TemplateArchive
    let parts: [TemplatePart]

    init(_ data: Data, format: TemplateFormat, limits: TemplateLimits) throws {
        archive = try TemplateArchive(data, limits: limits)
        guard try TemplateEngine.format(of: archive, fileName: "") == format else { throw TemplateError.notATemplate }
        var parts: [TemplatePart] = []
        for name in Self.mergedParts(archive.paths, format: format) {
            guard let data = archive.data(name) else { continue }
            parts.append(try TemplatePart(name: name, format: format, data: data))
        }
        self.parts = parts
    }

    /// DOCX: the body, headers, footers, foot- and endnotes; ODT: content.xml and styles.xml (headers and footers).
    static func mergedParts(_ paths: [String], format: TemplateFormat) -> [String] {
        switch format {
        case .odt:
            return ["content.xml", "styles.xml"].filter(paths.contains)
        case .docx:
            func numbered(_ stem: String) -> [String] {
                paths.filter { path in
                    guard path.hasPrefix("word/\(stem)"), path.hasSuffix(".xml") else { return false }
                    let middle = path.dropFirst("word/\(stem)".count).dropLast(4)
                    return middle.allSatisfy(\.isNumber)
                }
                .sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            }
            return ["word/document.xml"] + numbered("header") + numbered("footer")
                + ["word/footnotes.xml", "word/endnotes.xml"].filter(paths.contains)
        }
    }
}
