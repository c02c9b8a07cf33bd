import ComptoirCore
import ComptoirServices
import ComptoirStore
import Fluent
import FluentKit
import Foundation
import Vapor

/// Assembles the application from a configuration: database, migrations, middleware and routes.
/// Tests call it with a fresh database; the CLI with the user's settings.
public func buildApplication(_ config: AppConfig, environment: Environment = .production) async throws -> Application {
    let app = try await Application.make(environment)
    if environment == .testing {
        // Tests run many applications at once in one process. With the shared (singleton) pool, SQLite writers of one
        // test waiting in their busy handler could hold every pool thread while the lock holder of another test waits
        // for one: each test application gets threads of its own.
        app.threadPool = NIOThreadPool(numberOfThreads: 2)
    } else {
        // SQLite runs each statement on one of these threads. The shared pool has one thread per core: on two cores, the
        // import's reading and writing connections kept both busy (bulk INSERTs, lookups, checkpoints) and the pages'
        // statements queued behind them for seconds (BENCHMARKS.md, « Imports and other users »).
        app.threadPool = NIOThreadPool(numberOfThreads: max(8, 2 * System.coreCount))
    }
    do {
        try await configure(app, config)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    return app
}

func configure(_ app: Application, _ config: AppConfig) async throws {
    app.comptoir = config
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = ByteCount(value: config.maxBodyBytes)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    // MultipartKit traps on some malformed bodies: every multipart read goes through the guard first.
    ContentConfiguration.global.use(decoder: SafeFormDataDecoder(), for: .formData)
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)

    try StoreSetup.register(config.database, on: app.databases)
    app.migrations.add(StoreMigrations.all)

    // Errors first, so every later failure gets our shape; then identity, then CSRF, then the password gate.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeaders(hsts: config.secureCookies))
    app.middleware.use(ComptoirErrorMiddleware())
    app.middleware.use(HeaderSizeLimit())
    app.middleware.use(QueryTextMiddleware())
    app.middleware.use(APIMethodMiddleware())
    app.middleware.use(LanguageQueryMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(PasswordChangeGate())
    app.middleware.use(TwoFactorGate())
    app.middleware.use(GuestGate())

    registerRoutes(app)
}

/// Every route of the application, module by module.
func registerRoutes(_ app: Application) {
    HealthRoutes.register(app)
    Assets.register(app)
    HomePage.register(app)
    LoginPages.register(app)
    AccountPages.register(app)
    GlobalSearch.register(app)
    SecurityPage.register(app)
    OrganizationLogo.register(app)
    DirectoryRoutes.register(app)
    PersonalDataPages.register(app)
    SegmentsEntity.register(app)
    InteractionRoutes.register(app)
    BoardPage.register(app)
    TasksPage.register(app)
    ResourcePages.register(app)
    AttachmentPages.register(app)
    AgendaPages.register(app)
    RecurrencePanel.register(app)
    CampaignPages.register(app)
    ProjectRoutes.register(app)
    PortalPages.register(app)
    TwoFactor.register(app)
    ImportPages.register(app)
    CatalogRoutes.register(app)
    SalesPages.register(app)
    TemplatePages.register(app)
    GeneratePages.register(app)
    MergeTagPages.register(app)
    for definition in EntityRegistry.all {
        EntityRoutes.register(definition, on: app)
    }

    let api = APIRoutes(app)
    AccountsAPI.register(api)
    EntityAPI.register(UsersEntity.definition, on: api, tag: "Accounts")
    EntityAPI.register(OrganizationEntity.definition, on: api, tag: "Organization")
    EntityAPI.register(AuditEntity.definition, on: api, tag: "Audit")
    EntityAPI.register(CompaniesEntity.definition, on: api, tag: "Directory")
    EntityAPI.register(ContactsEntity.definition, on: api, tag: "Directory")
    EntityAPI.register(TagsEntity.definition, on: api, tag: "Directory")
    EntityAPI.register(CustomFieldsEntity.definition, on: api, tag: "Directory")
    EntityAPI.register(SegmentsEntity.definition, on: api, tag: "Directory")
    SegmentsEntity.registerAPI(api)
    EntityAPI.register(InteractionsEntity.definition, on: api, tag: "Activities")
    EntityAPI.register(InteractionTypesEntity.definition, on: api, tag: "Activities")
    EntityAPI.register(PipelineStagesEntity.definition, on: api, tag: "Activities")
    EntityAPI.register(ResourcesEntity.definition, on: api, tag: "Activities")
    AttachmentAPI.register(api)
    AgendaFeeds.registerAPI(api)
    EntityAPI.register(CampaignsEntity.definition, on: api, tag: "Activities")
    CampaignPages.registerAPI(api)
    EntityAPI.register(ProjectsEntity.definition, on: api, tag: "Projects")
    ProjectAPI.register(api)
    DirectorySearch.registerAPI(api)
    DirectoryAPI.register(api)
    PersonalDataPages.registerAPI(api)
    ImportAPI.register(api)
    EntityAPI.register(ProductsEntity.definition, on: api, tag: "Catalog")
    EntityAPI.register(WarehousesEntity.definition, on: api, tag: "Catalog")
    CatalogAPI.register(api)
    LocationAPI.register(api)
    SalesAPI.register(api)
    TemplateAPI.register(api)
    SalesReportsAPI.register(api)
    api.on(.GET, "openapi.json", summary: "This OpenAPI document", tag: "Meta", auth: false) { request in
        request.application.apiDocs.openAPI().response()
    }
}

/// Migrates the database and prepares SQLite's journal; safe to run at every start.
public func migrate(_ app: Application) async throws {
    try await StoreSetup.prepare(app.comptoir.database, on: app.db)
    try await app.autoMigrate()
    try await StoreSetup.tuneConnections(app.comptoir.database, databases: app.databases, on: app.eventLoopGroup, logger: app.logger)
}

/// `?lang=en` on any page switches the language of anonymous visitors (a cookie remembers it).
struct LanguageQueryMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET, let raw = request.query[String.self, at: "lang"], let locale = DisplayLocale(rawValue: raw) else {
            return try await next.respond(to: request)
        }
        request.storage[LocaleOverrideKey.self] = locale
        let response = try await next.respond(to: request)
        response.cookies["comptoir_lang"] = SessionCookies.cookie(locale.rawValue, request, maxAge: 365 * 24 * 3600)
        return response
    }
}

struct LocaleOverrideKey: StorageKey {
    typealias Value = DisplayLocale
}
