// swift-tools-version: 6.1
import PackageDescription

/// Ferry: migration time, service capacity and cost, calibrated by a real copy engine.
let package = Package(
    name: "Ferry",
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "FerryKit", targets: ["FerryKit"]),
        .library(name: "FerryModels", targets: ["FerryModels"]),
        .library(name: "FerryUnits", targets: ["FerryUnits"]),
        .library(name: "FerryCopy", targets: ["FerryCopy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // S3 target only (FerryS3 and the `ferry` executable): SigV4 hashing and HTTP.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Test-only: property-based tests that no input string makes a parser trap or hang.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
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
            dependencies: ["CXXHash", .product(name: "GRDB", package: "GRDB.swift")]
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
                "FerryUnits", "FerryModels", "FerryCopy",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryKit", "FerryUnits", "FerryModels", "FerryCopy", "FerryS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared by every test target: tolerances, scratch directories, tree fixtures and the
        // runner of the built `ferry` binary. A plain target kept beside the tests.
        .target(name: "FerryTestSupport", path: "Tests/FerryTestSupport"),

        .testTarget(name: "FerryUnitsTests", dependencies: [
            "FerryUnits", "FerryTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "FerryModelsTests", dependencies: [
            "FerryModels", "FerryUnits", "FerryTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "FerryCopyTests", dependencies: ["FerryCopy", "FerryUnits", "FerryTestSupport"]),
        .testTarget(name: "FerryKitTests", dependencies: ["FerryKit", "FerryModels", "FerryUnits", "FerryTestSupport"],
                    resources: [.copy("Golden")]),
        // Depends on the `ferry` executable target: the binary the end-to-end tests run is
        // always rebuilt first, and flag parsing is tested in-process (`@testable import ferry`).
        .testTarget(name: "FerryCLITests", dependencies: ["ferry", "FerryKit", "FerryUnits", "FerryTestSupport"]),
        .testTarget(name: "FerryS3Tests", dependencies: ["FerryS3", "FerryModels", "FerryUnits", "FerryTestSupport", .product(name: "NIOCore", package: "swift-nio")]),
    ],
    swiftLanguageModes: [.v6]
)
