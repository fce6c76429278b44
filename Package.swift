// swift-tools-version: 6.1
import PackageDescription

/// On x86-64, the core is compiled for Haswell (AVX2, 2013 and later): its SIMD tiles then use
/// 256-bit registers. Multiplies and adds stay separate (Swift does not contract them), so results
/// are bit-identical to the baseline build. The AVX-512 tile in CConvKernels is compiled for
/// AVX-512 inside that one function and only called when the CPU has it.
#if arch(x86_64)
let convCoreSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let convCoreSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "convviz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "convviz", targets: ["convviz"]),
        // Libraries, for the fuzzers in Fuzz/ (a separate package, built with -sanitize=fuzzer).
        .library(name: "ConvCore", targets: ["ConvCore"]),
        .library(name: "Presets", targets: ["Presets"]),
        .library(name: "ConvvizUI", targets: ["ConvvizUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.17.0"),
    ],
    targets: [
        // Pure math: tensors, parameters, validation, compute, traces. No UI, no I/O.
        .target(name: "ConvCore", dependencies: ["CConvKernels"], swiftSettings: convCoreSettings),
        // The AVX-512 tile of the compute kernel, chosen at run time; products and sums are never fused.
        .target(name: "CConvKernels", cSettings: [.unsafeFlags(["-ffp-contract=off"])]),
        // Preset files <-> model (YAML via Yams, JSON accepted).
        .target(name: "Presets", dependencies: ["ConvCore", "Yams"]),
        // App state, actions, reducer, views rendering into an in-memory cell grid. No ncurses.
        .target(name: "ConvvizUI", dependencies: ["ConvCore", "Presets"]),
        // The only code that talks to ncurses (linked by its module map; pkg-config's flags are ones SwiftPM drops).
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Signal-safe terminal restore and input polling, in C.
        .target(name: "CTerminalSupport"),
        .target(name: "TerminalBackend", dependencies: ["CNcurses", "CTerminalSupport", "ConvvizUI"]),
        // The executable: argument parsing and wiring.
        .executableTarget(
            name: "convviz",
            dependencies: [
                "ConvCore", "Presets", "ConvvizUI", "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConvCoreTests",
            dependencies: [
                "ConvCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "PresetsTests", dependencies: ["Presets"]),
        .testTarget(name: "ConformanceTests", dependencies: ["ConvCore", "Presets"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConvvizUITests",
            dependencies: [
                "ConvvizUI",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "ConvvizCLITests", dependencies: ["convviz"]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend"]),
    ],
    swiftLanguageModes: [.v6]
)
