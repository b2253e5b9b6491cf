// swift-tools-version: 6.1
import PackageDescription

/// Ferry: migration time, service capacity and cost, calibrated by a real copy engine.
let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "FerryKit", targets: ["FerryKit"]),
        .library(name: "FerryModels", targets: ["FerryModels"]),
        .library(name: "FerryUnits", targets: ["FerryUnits"]),
        .library(name: "FerryCopy", targets: ["FerryCopy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // S3 target only (FerryS3 and the `ferry` executable): SigV4 hashing and HTTP.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C libraries from Debian packages, each behind a module map and a shim header.
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CXXHash", providers: [.apt(["libxxhash-dev"])]),

        .target(name: "FerryUnits"),
        .target(name: "FerryModels", dependencies: ["FerryUnits", "CGSL", "CGLPK"]),
        .target(
            name: "FerryCopy",
            dependencies: ["FerryUnits", "CXXHash", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // S3-compatible object storage: SigV4, credentials, client, multipart, object sync.
        .target(
            name: "FerryS3",
            dependencies: [
                "FerryUnits",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FerryKit",
            dependencies: [
                "FerryUnits", "FerryModels", "FerryCopy", "CGSL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryKit", "FerryUnits", "FerryModels", "FerryCopy", "FerryS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "FerryUnitsTests", dependencies: ["FerryUnits"]),
        .testTarget(name: "FerryModelsTests", dependencies: ["FerryModels", "FerryUnits"]),
        .testTarget(name: "FerryCopyTests", dependencies: ["FerryCopy", "FerryUnits"]),
        .testTarget(name: "FerryKitTests", dependencies: ["FerryKit", "FerryModels", "FerryUnits"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "FerryCLITests", dependencies: ["FerryUnits"]),
        .testTarget(name: "FerryS3Tests", dependencies: ["FerryS3", "FerryUnits", .product(name: "NIOCore", package: "swift-nio")]),
    ],
    swiftLanguageModes: [.v6]
)
