// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "comptoir",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "comptoir", targets: ["comptoir"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .target(name: "ComptoirCore"),
        .target(
            name: "ComptoirDocuments", dependencies: ["ComptoirCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            // DejaVu Sans (regular, bold, oblique) and its licence, embedded as subsets in every PDF.
            resources: [.copy("PDF/Fonts")]
        ),
        .target(name: "ComptoirMail", dependencies: ["ComptoirCore"]),
        .target(
            name: "ComptoirStore",
            dependencies: [
                "ComptoirCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ComptoirServices",
            dependencies: [
                "ComptoirCore", "ComptoirStore", "ComptoirDocuments",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ComptoirWeb",
            dependencies: [
                "ComptoirCore", "ComptoirStore", "ComptoirDocuments", "ComptoirServices",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Assets")]
        ),
        // The demo's sample data (`comptoir serve --demo`), written through the services. Not part of the product's Web.
        .target(
            name: "ComptoirDemo",
            dependencies: [
                "ComptoirCore", "ComptoirStore", "ComptoirServices",
                .product(name: "FluentKit", package: "fluent-kit"),
            ]
        ),
        // The benchmark's bulk loaders (`comptoir-benchdata`): Store's bulk writers, with the derived state of the
        // services' owners. Not part of the product.
        .target(
            name: "ComptoirBulkLoad",
            dependencies: [
                "ComptoirCore", "ComptoirStore", "ComptoirServices",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Benchmarks/Loaders"
        ),
        .executableTarget(
            name: "comptoir",
            dependencies: [
                "ComptoirDemo", "ComptoirWeb", "ComptoirServices", "ComptoirStore", "ComptoirCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "comptoir-benchdata",
            dependencies: [
                "ComptoirBulkLoad", "ComptoirWeb", "ComptoirServices", "ComptoirStore", "ComptoirCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Generators"
        ),
        // The Catalog's stock export to .xlsx, timed against openpyxl (`Benchmarks/Catalog/xlsx_export.sh`). Not part of the product.
        .executableTarget(
            name: "comptoir-xlsxbench", dependencies: ["ComptoirDocuments", "ComptoirCore"], path: "Benchmarks/Catalog/XLSXExportBench"),
        // The document-template benchmark (#18): our merge against docxtpl on the same template (Benchmarks/Templates/run.sh).
        .executableTarget(
            name: "comptoir-templatebench",
            dependencies: ["ComptoirDocuments", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Benchmarks/Templates/TemplateBench"
        ),
        .testTarget(name: "ComptoirCoreTests", dependencies: ["ComptoirCore"]),
        .testTarget(name: "ComptoirDocumentsTests", dependencies: ["ComptoirDocuments"]),
        .testTarget(name: "ComptoirStoreTests", dependencies: ["ComptoirStore"]),
        .testTarget(
            name: "ComptoirServicesTests",
            dependencies: [
                "ComptoirServices", "ComptoirStore", "ComptoirCore", "ComptoirDemo", "ComptoirBulkLoad",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ComptoirWebTests",
            dependencies: [
                "ComptoirWeb", "ComptoirServices", "ComptoirBulkLoad", "ComptoirDemo",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
