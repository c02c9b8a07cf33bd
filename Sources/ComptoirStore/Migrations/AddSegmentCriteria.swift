import FluentKit

/// `segments.criteria`: the segment's conditions as JSON (`SegmentCriteria`: « toutes / au moins une » and rows of
/// field, operator, value). Existing rows keep their list query (`query`) and are translated when read; a segment saved
/// again stores its conditions and an empty query.
struct AddSegmentCriteria: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("segments").field("criteria", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("segments").deleteField("criteria").update()
    }
}
