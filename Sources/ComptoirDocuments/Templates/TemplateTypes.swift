import Foundation

/// The two kinds of document template the engine merges.
public enum TemplateFormat: String, Sendable, CaseIterable {
    case docx, odt

    /// The file extension, and the MIME type a download carries.
    public var fileExtension: String { rawValue }
    public var mimeType: String {
        switch self {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .odt: "application/vnd.oasis.opendocument.text"
        }
    }
}

/// A value for a tag. Keys of a MergeData are full dotted tag names: "organization.name", "company.custom.segment",
/// "today". A list's items use keys relative to the item ("description", "quantity"); inside {{#lines}}…{{/lines}}
/// a tag is looked up in the item first, then in the outer data.
public indirect enum MergeValue: Sendable, Equatable {
    /// Already formatted for display (dates dd/mm/yyyy or « 4 décembre 2026 », « 1 234,50 € »); may contain "\n".
    case text(String)
    case list([MergeData])
}

public typealias MergeData = [String: MergeValue]

/// What a target entity offers: scalar tags, and list tags with their item fields.
public struct TagSchema: Sendable, Equatable {
    public var scalars: Set<String>
    public var lists: [String: Set<String>]

    public init(scalars: Set<String>, lists: [String: Set<String>]) {
        self.scalars = scalars
        self.lists = lists
    }
}

/// ZIP-bomb and size guards.
public struct TemplateLimits: Sendable {
    /// The uploaded file itself.
    public var maxArchiveBytes: Int
    /// Every entry inflated, in total (counted while inflating: a header's claim is not trusted).
    public var maxExpandedBytes: Int
    public var maxEntries: Int
    /// Rows and paragraphs produced by repeated blocks, in total, in one merge.
    public var maxRepeatedRows: Int

    public init(maxArchiveBytes: Int, maxExpandedBytes: Int, maxEntries: Int, maxRepeatedRows: Int) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxExpandedBytes = maxExpandedBytes
        self.maxEntries = maxEntries
        self.maxRepeatedRows = maxRepeatedRows
    }

    public static let `default` = TemplateLimits(
        maxArchiveBytes: 20 << 20, maxExpandedBytes: 100 << 20, maxEntries: 2_000, maxRepeatedRows: 10_000
    )
}

/// Why a file cannot be used as a template (bad tags are never an error: the linter lists them).
public enum TemplateError: Error, Sendable, Equatable {
    /// Not a ZIP, or a ZIP that is neither a DOCX nor an ODT (e.g. an XLSX).
    case notATemplate
    /// Damaged ZIP / unreadable XML part.
    case corruptArchive
    /// .docm / vbaProject.bin / ODT Basic scripts.
    case macroEnabled
    /// Which limit: "archive", "expanded", "entries", "rows".
    case tooLarge(String)
    /// Blocks opened and never closed, closed without being opened, crossed, or placed where they cannot work.
    case unbalancedBlocks([String])

    /// A short snake_case code for logs and API errors.
    public var code: String {
        switch self {
        case .notATemplate: "not_a_template"
        case .corruptArchive: "corrupt_archive"
        case .macroEnabled: "macro_enabled"
        case .tooLarge: "template_too_large"
        case .unbalancedBlocks: "unbalanced_blocks"
        }
    }

    /// French sentence for the user (the pages and the API show it as is).
    public var message: String {
        switch self {
        case .notATemplate:
            "Ce fichier n’est pas un modèle Word (.docx) ni LibreOffice (.odt)."
        case .corruptArchive:
            "Ce fichier est endommagé : son archive ou l’un de ses contenus est illisible."
        case .macroEnabled:
            "Ce modèle contient des macros (.docm ou scripts) : enregistrez-le sans macros, en .docx ou .odt."
        case .tooLarge(let limit):
            switch limit {
            case "archive": "Ce fichier est trop volumineux (20 Mo au plus)."
            case "entries": "Ce fichier contient trop d’éléments pour un modèle de document."
            case "rows": "La fusion produirait trop de lignes répétées (10 000 au plus)."
            default: "Ce fichier décompressé est trop volumineux (100 Mo au plus)."
            }
        case .unbalancedBlocks(let names):
            "Blocs mal formés (ouverts sans fermeture, fermés sans ouverture, croisés ou mal placés) : "
                + names.map { "{{\($0)}}" }.joined(separator: ", ") + "."
        }
    }
}

/// One problem the linter found in a template.
public struct TemplateIssue: Sendable, Equatable {
    public enum Kind: String, Sendable { case unknownTag, unbalancedBlock, misplacedTag, unknownListField }
    public var kind: Kind
    public var tag: String
    /// "word/document.xml", "word/header1.xml", "content.xml", "styles.xml"…
    public var part: String
    /// French.
    public var message: String

    public init(kind: Kind, tag: String, part: String, message: String) {
        self.kind = kind
        self.tag = tag
        self.part = part
        self.message = message
    }
}

/// A merged document, and the tags the data had no value for.
public struct TemplateMergeResult: Sendable {
    public var document: Data
    /// Tags with no value in the data (merged as empty), sorted, unique.
    public var missingTags: [String]

    public init(document: Data, missingTags: [String]) {
        self.document = document
        self.missingTags = missingTags
    }
}
