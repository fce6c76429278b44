// swift-tools-version: 6.1
import PackageDescription

/// Every target of convviz is compiled optimised in every configuration, so the README's first command
/// (`swift run convviz`, a debug build) answers keys as fast as a release build: `-O` (and `-O2` for the C kernel)
/// comes after SwiftPM's `-Onone` and wins. Test targets stay unoptimised. On x86-64 the core is also compiled for
/// Haswell (AVX2, 2013 and later): its SIMD tiles then use 256-bit registers. The AVX-512 tile in CConvKernels is
/// compiled for AVX-512 inside that one function and only called when the CPU has it.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]
#if arch(x86_64)
    let convCoreSettings: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]
#else
    let convCoreSettings: [SwiftSetting] = optimised
#endif
let convKernelSettings: [CSetting] = [.unsafeFlags(["-O2", "-ffp-contract=off"])]

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
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure math: tensors, parameters, validation, compute, traces. No UI, no I/O.
        .target(name: "ConvCore", dependencies: ["CConvKernels"], swiftSettings: convCoreSettings),
        // The AVX-512 tiles of the compute kernel, chosen at run time; one fused multiply-add per tap, as in traces.
        .target(name: "CConvKernels", cSettings: convKernelSettings),
        // Preset files <-> model (YAML via Yams, JSON accepted; .npz members via ZIPFoundation).
        .target(
            name: "Presets", dependencies: ["ConvCore", "Yams", "CImageCodecs", "ZIPFoundation"],
            swiftSettings: optimised),
        // PNG and JPEG decoding through Debian's libpng and libjpeg-turbo, in C: their errors longjmp.
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("z")]
        ),
        // App state, actions, reducer, views rendering into an in-memory cell grid. No ncurses.
        .target(name: "ConvvizUI", dependencies: ["ConvCore", "Presets", "CPictures"], swiftSettings: optimised),
        // Pictures out: animated GIFs through Debian's giflib, text with stb_easy_font's bitmap font (libstb-dev).
        .target(name: "CPictures", linkerSettings: [.linkedLibrary("gif")]),
        // The only code that talks to ncurses (linked by its module map; pkg-config's flags are ones SwiftPM drops).
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Signal-safe terminal restore and input polling, in C.
        .target(name: "CTerminalSupport"),
        .target(
            name: "TerminalBackend",
            dependencies: ["CNcurses", "CTerminalSupport", "ConvvizUI"],
            swiftSettings: optimised
        ),
        // The executable: argument parsing and wiring.
        .executableTarget(
            name: "convviz",
            dependencies: [
                "ConvCore", "Presets", "ConvvizUI", "TerminalBackend", "CTerminalSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimised
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
                "CPictures",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "ConvvizCLITests", dependencies: ["convviz"]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend"]),
    ],
    swiftLanguageModes: [.v6]
)
