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
            dependencies: ["FerryUnits", "CXXHash", .product(name: "GRDB", package: "GRDB.swift")]
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
                "FerryKit", "FerryUnits", "FerryModels", "FerryCopy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "FerryUnitsTests", dependencies: [
            "FerryUnits", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "FerryModelsTests", dependencies: [
            "FerryModels", "FerryUnits", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "FerryCopyTests", dependencies: ["FerryCopy", "FerryUnits"]),
        .testTarget(name: "FerryKitTests", dependencies: ["FerryKit", "FerryModels", "FerryUnits"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "FerryCLITests", dependencies: ["FerryUnits"]),
    ],
    swiftLanguageModes: [.v6]
)
