import Foundation

/// The areas that permissions are granted on. Each module adds its own case as it lands.
public enum PermissionModule: String, Sendable, CaseIterable {
    /// Users, roles and their tokens: administrators only.
    case accounts
    /// The organisation profile: everyone reads it, administrators edit it.
    case organization
    /// The audit log: administrators read it; nobody writes it by hand.
    case audit
    /// Security and application settings: administrators only.
    case settings
    /// Companies, contacts, interest tags, segments: every internal user reads and writes.
    case directory
    /// The definition of custom fields (« Champs spécifiques »): administrators write, everyone reads.
    case customFields
    /// Interactions, the agenda, attachments and prospecting campaigns: every internal user.
    case activities
    /// Interaction types, pipeline stages and bookable resources: administrators write, everyone reads.
    case activitySettings
    /// Projects: every internal user; private projects are further limited to their members (row scope).
    case projects
    /// Assisted import of companies and contacts, and its saved configurations: administrators only.
    case imports
    /// Products, warehouses, stock movements, serial numbers, delivery notes and the stock state: every internal user.
    case catalog
    /// Quotes, orders, invoices, credit notes, supplier documents and payments: every internal user (read-only users read).
    case sales
    /// Document templates (« Modèles de documents »): administrators manage them, every internal user reads them and
    /// generates documents from the records they may read.
    case templates
}

public enum Access: Sendable {
    case read, write
}

/// The one permission layer: pages, API, search, files and exports all ask it.
public enum Policy {
    public static func allows(_ actor: Actor?, _ access: Access, _ module: PermissionModule) -> Bool {
        guard let actor, actor.active else { return false }
        if access == .write && actor.readOnly { return false }
        // Extranet guests reach their projects and what belongs to them, nothing else.
        if actor.isGuest { return module == .projects || module == .activities }
        switch module {
        case .accounts, .settings, .imports:
            return actor.isAdmin
        case .organization:
            return access == .read || actor.isAdmin
        case .audit:
            return access == .read && actor.isAdmin
        case .directory:
            return true
        case .customFields, .activitySettings, .templates:
            return access == .read || actor.isAdmin
        case .activities, .projects, .catalog, .sales:
            return true
        }
    }

    /// Deleting a record, or erasing a person's data: a write on the module, never by an extranet guest (the portal
    /// offers no deletion; what a guest reaches belongs to the organisation).
    public static func allowsDeletion(_ actor: Actor?, _ module: PermissionModule) -> Bool {
        guard let actor, !actor.isGuest else { return false }
        return allows(actor, .write, module)
    }

    /// Throws like `require`; a guest gets 404 (the deletion does not exist for them).
    public static func requireDeletion(_ actor: Actor?, _ module: PermissionModule) throws {
        try require(actor, .write, module)
        if actor?.isGuest == true { throw AppError.notFound }
    }

    /// Throws 401 when nobody is signed in, 403 (read-only or not allowed) otherwise.
    public static func require(_ actor: Actor?, _ access: Access, _ module: PermissionModule) throws {
        guard let actor, actor.active else { throw AppError.unauthorized }
        if allows(actor, access, module) { return }
        // What a guest may not use does not exist for them.
        if actor.isGuest && module != .projects && module != .activities { throw AppError.notFound }
        if access == .write && actor.readOnly { throw AppError.readOnly }
        throw AppError.forbidden
    }
}
