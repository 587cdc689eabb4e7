// swift-tools-version: 6.1
//
// Strata's benchmarks: a package of its own, so that the root package's build and tests
// (what CI runs) never build it. Run with `bash scripts/bench.sh` (process-level
// workloads) or, for the in-process figures:
//
//   source scripts/duckdb-prefix.sh && write_duckdb_pc
//   cd Benchmarks && swift package --scratch-path .build-bench benchmark
//
// The root package's CDuckDB target finds libduckdb through PKG_CONFIG_PATH (set by
// scripts/duckdb-prefix.sh); executables here find it at run time through an rpath to
// DUCKDB_LIB_DIR (default /opt/strata/libduckdb-2.0.1/lib).
import Foundation
import PackageDescription

// The root package is `..`; SwiftPM names a path dependency after its folder (`main` in a
// clone named main, `source-<sha>` in the snapshots scripts/bench.sh --ref makes).
let root = (Context.packageDirectory as NSString).deletingLastPathComponent
let rootIdentity = (root as NSString).lastPathComponent.lowercased()
let duckDBLibraryDirectory = Context.environment["DUCKDB_LIB_DIR"] ?? "/opt/strata/libduckdb-2.0.1/lib"
let duckDBRPath: [LinkerSetting] = [.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", duckDBLibraryDirectory])]

let package = Package(
    name: "StrataBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Generates migration folders and databases of the benchmark shape. Shared by the
        // in-process benchmarks and by `strata-bench` (which scripts/bench.sh calls).
        .target(
            name: "StrataBenchSupport",
            dependencies: [
                .product(name: "Strata", package: rootIdentity),
                .product(name: "StrataDuckDB", package: rootIdentity),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `strata-bench generate|phases ...`: folders for the process-level workloads, and a
        // phase-by-phase timing of what `strata status` / `strata up` do.
        .executableTarget(
            name: "strata-bench",
            dependencies: [
                "StrataBenchSupport",
                .product(name: "Strata", package: rootIdentity),
                .product(name: "StrataDuckDB", package: rootIdentity),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: duckDBRPath
        ),
        // In-process benchmarks (package-benchmark): parser, folder loading, checksum,
        // history fold, planner, and `Migrator.ensure` on an open DuckDB file.
        .executableTarget(
            name: "StrataBenchmarks",
            dependencies: [
                "StrataBenchSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Strata", package: rootIdentity),
                .product(name: "StrataDuckDB", package: rootIdentity),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/StrataBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v5)],
            linkerSettings: duckDBRPath,
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
