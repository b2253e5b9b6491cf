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
                "FerryKit", "FerryUnits", "FerryModels", "FerryCopy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared by every test target: tolerances, scratch directories, tree fixtures and the
        // runner of the built `ferry` binary. A plain target kept beside the tests.
        .target(name: "FerryTestSupport", path: "Tests/FerryTestSupport"),

        .testTarget(name: "FerryUnitsTests", dependencies: ["FerryUnits", "FerryTestSupport"]),
        .testTarget(name: "FerryModelsTests", dependencies: ["FerryModels", "FerryUnits", "FerryTestSupport"]),
        .testTarget(name: "FerryCopyTests", dependencies: ["FerryCopy", "FerryUnits", "FerryTestSupport"]),
        .testTarget(name: "FerryKitTests", dependencies: ["FerryKit", "FerryModels", "FerryUnits", "FerryTestSupport"],
                    resources: [.copy("Golden")]),
        // Depends on the `ferry` executable target: the binary the end-to-end tests run is
        // always rebuilt first, and flag parsing is tested in-process (`@testable import ferry`).
        .testTarget(name: "FerryCLITests", dependencies: ["ferry", "FerryKit", "FerryUnits", "FerryTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
