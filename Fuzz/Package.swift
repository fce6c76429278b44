// swift-tools-version: 6.1
// libFuzzer targets for convviz. A separate package so the sanitizer flags never touch the main build:
//   tools/fuzz/run.sh preset|reducer|data [seconds]
// Each target is a single file defining LLVMFuzzerTestOneInput; libFuzzer (-sanitize=fuzzer) supplies main
// and the fuzzing loop. FuzzEntry only bridges SwiftPM's renamed entry point to libFuzzer (see its .c file).
import PackageDescription

let convviz: [Target.Dependency] = [
    "FuzzEntry",
    .product(name: "ConvCore", package: "convviz"),
    .product(name: "Presets", package: "convviz"),
    .product(name: "ConvvizUI", package: "convviz"),
]

let package = Package(
    name: "convviz-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "convviz", path: ".."),
    ],
    targets: [
        .target(name: "FuzzEntry"),
        .executableTarget(name: "FuzzPresetLoader", dependencies: convviz),
        .executableTarget(name: "FuzzReducer", dependencies: convviz),
        .executableTarget(name: "FuzzDataFiles", dependencies: convviz),
    ],
    swiftLanguageModes: [.v6]
)
