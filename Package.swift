// swift-tools-version:6.0
// The package graph is the architecture: data flows
// ingest → normalize → reconcile → aggregate → report,
// over the store (Warehouse) and the configuration (Pipeline).
import PackageDescription

/// The hot paths' per-row class fields (sinks, memos, writers) are accessed by one thread each:
/// the run-time exclusivity checks cost ~3% of a national run and catch nothing the debug
/// build (tests) does not, so release builds of these targets leave them out.
// Release builds: every library's code is offered to the modules that call it (cross-module
// optimization), so generic helpers across a module boundary (a record's field bytes, a row's
// cell, a table's lookup) are specialized and inlined where the rows are read, not called
// through value witnesses: 8% of normalize's CPU at national scale. The stages' inner loops
// also drop the runtime exclusivity checks.
let optimized: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "ansinh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ansinh", targets: ["ansinh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C libraries, as Debian ships them (libcsv-dev, libsqlite3-dev, libxlsxwriter-dev, libjemalloc-dev).
        .systemLibrary(name: "CCSV", path: "Sources/CCSV"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CXLSX", path: "Sources/CXLSX"),
        // The allocator (libjemalloc-dev), linked into the executable in place of glibc's malloc.
        .systemLibrary(name: "CJemalloc", path: "Sources/CJemalloc", pkgConfig: "jemalloc",
                       providers: [.apt(["libjemalloc-dev"])]),
        // The allocator's options, compiled into the executable (jemalloc's `malloc_conf`).
        .target(name: "CAllocatorSettings", path: "Sources/CAllocatorSettings"),

        // A streaming, line-aware CSV reader over libcsv.
        .target(name: "CSVReader", dependencies: ["CCSV"], swiftSettings: hotPath),
        // Pure Vietnamese text handling: folding, tone placement, legacy code pages.
        .target(name: "VietText", swiftSettings: hotPath),
        // The store: SQLite connection, statements, transactions, the schema.
        .target(name: "Warehouse", dependencies: ["CSQLite"], swiftSettings: hotPath),
        // The configuration: pipeline YAML, gazetteer, plan targets, run context.
        .target(name: "Pipeline", dependencies: [
            "VietText", "CSVReader",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: optimized),

        // The stages, in data-flow order.
        .target(name: "Ingest", dependencies: [
            "CSVReader", "Warehouse", "Pipeline", "VietText",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Normalize", dependencies: [
            "Ingest", "Warehouse", "Pipeline", "VietText",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Reconcile", dependencies: [
            "Warehouse", "Pipeline", "VietText", "CSVReader",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Aggregate", dependencies: [
            "Warehouse", "Pipeline", "VietText",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: optimized),
        .target(name: "Report", dependencies: [
            "Warehouse", "Pipeline", "CSVReader", "VietText", "CXLSX",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Accuracy of the reconciliation against the generator's ground truth (make accuracy).
        .target(name: "Accuracy", dependencies: [
            "Synth", "Pipeline", "Warehouse", "Normalize", "Reconcile", "CSVReader",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The seeded generator of demo, test and benchmark data.
        .target(name: "Synth", dependencies: ["VietText"]),

        // The command line: parses arguments, calls the stages, maps outcomes to exit codes.
        .executableTarget(name: "ansinh", dependencies: [
            "Pipeline", "Warehouse", "Ingest", "Normalize", "Reconcile", "Aggregate", "Report", "Synth", "Accuracy", "CJemalloc", "CAllocatorSettings",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Test helpers: temp folders, files in every district encoding, the project's configuration.
        .target(name: "TestSupport", dependencies: [
            "Pipeline", "Warehouse", "VietText", "CSVReader", .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "CSVReaderTests", dependencies: ["CSVReader"]),
        .testTarget(name: "VietTextTests", dependencies: ["VietText"]),
        .testTarget(name: "NormalizeTests", dependencies: ["TestSupport", "Normalize", "Pipeline", "VietText"]),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Warehouse", "Pipeline"]),
        .testTarget(name: "IngestTests", dependencies: [
            "TestSupport", "Ingest", "Pipeline", "Warehouse", "VietText",
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        .testTarget(name: "ReconcileTests", dependencies: ["TestSupport", "Reconcile", "Normalize", "Ingest", "Warehouse", "Pipeline"]),
        .testTarget(name: "AggregateTests", dependencies: ["TestSupport", "Aggregate", "Warehouse", "Pipeline"]),
        .testTarget(name: "ReportTests", dependencies: ["TestSupport", "Report", "Warehouse", "Pipeline"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "VietText"]),
        .testTarget(name: "AccuracyTests", dependencies: ["Accuracy", "Synth", "TestSupport"]),
        // The golden digest is read from the source tree by path, not as a resource.
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "ansinh", "Synth", "Warehouse", "CSVReader"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v5]
)
