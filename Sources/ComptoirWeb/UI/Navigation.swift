import ComptoirServices

/// An entry of the module navigation or of the quick-create menu, shown when the policy allows it.
public struct NavigationItem: Sendable {
    public var label: Localized
    public var path: String
    public var icon: String
    public var module: PermissionModule?
    public var access: Access

    public init(_ label: Localized, _ path: String, icon: String, module: PermissionModule?, access: Access = .read) {
        self.label = label
        self.path = path
        self.icon = icon
        self.module = module
        self.access = access
    }

    func visible(to actor: Actor?) -> Bool {
        guard let actor, actor.active else { return false }
        guard let module else { return true }
        return Policy.allows(actor, access, module)
    }
}

/// The menus. Each module adds its entries here as it lands.
public enum Navigation {
    /// The main navigation, in the order users see it.
    public static let main: [NavigationItem] = [
        NavigationItem(L("Accueil", "Home"), "/", icon: "home", module: nil),
        NavigationItem(L("Sociétés", "Companies"), "/companies", icon: "building", module: .directory),
        NavigationItem(L("Contacts", "Contacts"), "/contacts", icon: "users", module: .directory),
        NavigationItem(L("Centres d'intérêt", "Interest tags"), "/tags", icon: "list", module: .directory),
        NavigationItem(L("Segments", "Segments"), "/segments", icon: "search", module: .directory),
        NavigationItem(L("Projets", "Projects"), "/projects", icon: "building", module: .projects),
        NavigationItem(L("Interactions", "Interactions"), "/interactions", icon: "list", module: .activities),
        NavigationItem(L("Affaires", "Deals"), "/interactions/board", icon: "list", module: .activities),
        NavigationItem(L("Agenda", "Calendar"), "/agenda", icon: "list", module: .activities),
        NavigationItem(L("Mes tâches", "My tasks"), "/tasks", icon: "list", module: .activities),
        NavigationItem(L("Campagnes", "Campaigns"), "/campaigns", icon: "list", module: .activities),
        NavigationItem(L("Ressources", "Resources"), "/resources", icon: "building", module: .activitySettings),
        NavigationItem(L("Produits", "Products"), "/products", icon: "list", module: .catalog),
        NavigationItem(L("Stock", "Stock"), "/stock", icon: "list", module: .catalog),
        NavigationItem(L("Ventes", "Sales"), "/invoices", icon: "list", module: .sales),
    ]

    /// The administration menu.
    public static let admin: [NavigationItem] = [
        NavigationItem(L("Utilisateurs", "Users"), "/admin/users", icon: "users", module: .accounts),
        NavigationItem(
            L("Coordonnées de l'organisation", "Organisation profile"), "/admin/organization", icon: "building", module: .settings),
        NavigationItem(
            L("Champs spécifiques", "Custom fields"), "/admin/custom-fields", icon: "list", module: .customFields, access: .write),
        NavigationItem(
            L("Types d'interaction", "Interaction types"), "/admin/interaction-types", icon: "list", module: .activitySettings,
            access: .write),
        NavigationItem(
            L("Étapes des affaires", "Deal stages"), "/admin/pipeline-stages", icon: "list", module: .activitySettings, access: .write),
        NavigationItem(L("Import assisté", "Assisted import"), "/admin/imports", icon: "list", module: .imports, access: .write),
        NavigationItem(
            L("Modèles de documents", "Document templates"), "/admin/document-templates", icon: "list", module: .templates, access: .write),
        NavigationItem(L("Paramètres ERP", "ERP settings"), "/admin/erp-settings", icon: "settings", module: .settings, access: .write),
        NavigationItem(L("Sécurité", "Security"), "/admin/security", icon: "lock", module: .settings),
        NavigationItem(L("Journal d'audit", "Audit log"), "/admin/audit", icon: "list", module: .audit),
        NavigationItem(L("Intégrité des factures", "Invoice integrity"), "/admin/sales-chain", icon: "lock", module: .audit),
    ]

    /// The quick-create menu (bottom left): « Nouvelle société », « Nouveau contact »… as modules land.
    public static let quickCreate: [NavigationItem] = [
        NavigationItem(L("Nouvelle société", "New company"), "/companies/new", icon: "building", module: .directory, access: .write),
        NavigationItem(L("Nouveau contact", "New contact"), "/contacts/new", icon: "user-plus", module: .directory, access: .write),
        NavigationItem(
            L("Nouvelle interaction", "New interaction"), "/interactions/new", icon: "plus", module: .activities, access: .write),
        NavigationItem(L("Nouveau projet", "New project"), "/projects/new", icon: "building", module: .projects, access: .write),
        NavigationItem(L("Nouveau produit", "New product"), "/products/new", icon: "plus", module: .catalog, access: .write),
        NavigationItem(
            L("Nouveau bon de livraison", "New delivery note"), "/delivery-notes/new", icon: "plus", module: .catalog, access: .write),
        NavigationItem(L("Nouvel utilisateur", "New user"), "/admin/users/new", icon: "user-plus", module: .accounts, access: .write),
    ]
}
