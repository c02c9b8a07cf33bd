import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// The organisation's logo: PNG or JPEG (told by its content, not its name), stored in the database so every
/// instance serves it, printed later on documents.
public enum OrganizationLogoService {
    public static let maxBytes = 1024 * 1024

    /// The logo's bytes and type, when there is one.
    public static func logo(_ context: ServiceContext) async throws -> (data: Data, contentType: String)? {
        try context.authorize(.read, .organization)
        let profile = try await OrganizationProfile.current(on: context.db)
        guard let data = profile.logo, let type = profile.logoContentType else { return nil }
        return (data, type)
    }

    /// The image type of `data` (PNG or JPEG by their signatures), nil for anything else.
    public static func imageType(_ data: Data) -> String? {
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }

    /// Replaces the logo, with the audit entry, in one transaction. `data` must be a PNG or JPEG image of at most
    /// `maxBytes` (`logo_too_large`, `logo_not_an_image`).
    public static func setLogo(_ data: Data, _ context: ServiceContext) async throws {
        try context.authorize(.write, .settings)
        guard data.count <= maxBytes else {
            throw AppError(.unprocessableEntity, code: "logo_too_large", L("Le logo dépasse 1 Mo.", "The logo exceeds 1 MB."))
        }
        guard let type = imageType(data) else {
            throw AppError(
                .unprocessableEntity, code: "logo_not_an_image",
                L("Le logo doit être une image PNG ou JPEG.", "The logo must be a PNG or JPEG image."))
        }
        try await context.transaction { context in
            try await WriteLock.acquire(OrganizationProfile.schema, on: context.db)
            let profile = try await OrganizationProfile.current(on: context.db)
            profile.logo = data
            profile.logoContentType = type
            try await profile.update(on: context.db)
            try await AuditLog.record(
                .update, entity: OrganizationProfile.schema, id: OrganizationProfile.singletonID.uuidString.lowercased(),
                summary: "logo", changes: ["logo": (.null, .text(type))], by: context.auditActor, at: context.now, on: context.db)
        }
    }
}
