// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Strata", targets: ["Strata"]),
        .library(name: "StrataDuckDB", targets: ["StrataDuckDB"]),
        .library(name: "StrataClickHouse", targets: ["StrataClickHouse"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // Already resolved through async-http-client; named here for TLSConfiguration (custom CA files).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // libduckdb, installed by scripts/install-duckdb.sh (or found through pkg-config).
        .systemLibrary(name: "CDuckDB", pkgConfig: "duckdb"),
        .target(
            name: "Strata",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StrataDuckDB",
            dependencies: [
                "Strata", "CDuckDB",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StrataClickHouse",
            dependencies: [
                "Strata",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "strata",
            dependencies: [
                "Strata", "StrataDuckDB", "StrataClickHouse",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "StrataTests",
            dependencies: ["Strata", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "StrataDuckDBTests",
            dependencies: ["StrataDuckDB", "Strata", "StrataTestSupport"]
        ),
        .testTarget(
            name: "StrataClickHouseTests",
            dependencies: ["StrataClickHouse", "Strata", "StrataTestSupport"],
            resources: [.copy("Recorded")]
        ),
        // Shared by the test targets: real servers and engine fixtures (never shipped).
        .target(
            name: "StrataTestSupport",
            dependencies: [
                "Strata", "StrataDuckDB", "StrataClickHouse",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/StrataTestSupport"
        ),
        .testTarget(
            name: "StrataConformanceTests",
            dependencies: ["Strata", "StrataDuckDB", "StrataClickHouse", "StrataTestSupport"]
        ),
        .testTarget(
            name: "StrataCLITests",
            dependencies: ["strata", "StrataDuckDB", "Strata", "StrataTestSupport"]
        ),
    ]
)
