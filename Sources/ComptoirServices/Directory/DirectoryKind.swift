import ComptoirStore

/// The two kinds of directory records.
public enum DirectoryKind: String, Sendable {
    case companies, contacts

    public var definition: EntityDefinition { self == .companies ? CompaniesEntity.definition : ContactsEntity.definition }
    public var tagTarget: TagTarget { self == .companies ? .companies : .contacts }
}
