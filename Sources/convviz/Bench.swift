import ArgumentParser
import ConvCore
import ConvvizUI
import Foundation
import Glibc
import Presets

/// `convviz bench [--json]`: median seconds of named workloads, in float64.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the core and the app on named workloads (median of several runs, float64).")

    @Flag(
        help: ArgumentHelp(
            "Print {\"workloads\": [{\"name\", \"seconds\", \"runs\"}, ...]} (and "
                + "\"allocations\" per run with tools/bench/malloc_count.c preloaded)."))
    var json = false

    @Option(help: "Run only these workloads (comma-separated): \(Workloads.names.joined(separator: ", ")).")
    var only: String?

    func run() throws {
        let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
        let unknown = (wanted ?? []).subtracting(Workloads.names)
        if !unknown.isEmpty {
            throw CommandFailure(
                message:
                    "unknown workload \(unknown.sorted().joined(separator: ", ")); choose from \(Workloads.names.joined(separator: ", "))"
            )
        }
        var results: [(name: String, seconds: Double, runs: Int, allocations: Int?)] = []
        let counter = Workloads.mallocCounter()
        for workload in Workloads.all where wanted?.contains(workload.name) ?? true {
            let (seconds, allocations) = Workloads.median(runs: workload.runs, counter: counter, workload.setup)
            results.append((workload.name, seconds, workload.runs, allocations))
            if !json {
                let name = workload.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                let counted = allocations.map { ", \($0) allocations per run" } ?? ""
                print("\(name) \(String(format: "%.6f", seconds)) s  (median of \(workload.runs)\(counted))")
            }
        }
        if json {
            let items = results.map {
                "{\"name\": \"\($0.name)\", \"seconds\": \($0.seconds), \"runs\": \($0.runs)"
                    + ($0.allocations.map { ", \"allocations\": \($0)" } ?? "") + "}"
            }
            print("{\"workloads\": [\(items.joined(separator: ", "))]}")
        }
    }
}

/// The benchmark workloads: each a setup that returns one timed run.
enum Workloads {
    struct Workload: Sendable {
        let name: String
        let runs: Int
        /// Builds the workload's data and returns a run, which returns the seconds it measured.
        let setup: @Sendable () -> () -> Double
    }

    static var names: [String] { all.map(\.name) }

    static let all: [Workload] = [
        core("cifar", runs: 21, n: 64, c: 3, size: 32, filters: 6, padding: 0, groups: 1),
        core("image", runs: 21, n: 1, c: 3, size: 256, filters: 8, padding: 1, groups: 1),
        core("resnet", runs: 15, n: 1, c: 64, size: 56, filters: 64, padding: 1, groups: 1),
        core("depthwise", runs: 21, n: 1, c: 32, size: 112, filters: 32, padding: 1, groups: 32),
        gradient("grad-resnet", runs: 7, n: 1, c: 64, size: 56, filters: 64),
        editFrame("edit-frame", width: 140, height: 45),
        animationFrame("anim-frame", width: 140, height: 45),
        editFrame("edit-frame-200x60", width: 200, height: 60),
        animationFrame("anim-frame-200x60", width: 200, height: 60),
        stackEdit("stack-edit", width: 140, height: 45),
        keystrokes("keystroke-512", runs: 5, size: 512),
        keystrokes("keystroke-large", runs: 3, size: 1024),
        Workload(name: "startup", runs: 7) {
            timed { runSelf(["render", PresetLibrary.defaultName, "--width", "140", "--height", "45"]) }
        },
    ]

    /// One input-cell edit on the `image` workload: recompute and render a `width` x `height` frame.
    static func editFrame(_ name: String, width: Int, height: Int) -> Workload {
        Workload(name: name, runs: 21) {
            var state = imageState(size: 256, width: width, height: height)
            var value = 0.0
            return timed {
                value += 1
                _ = Reducer.reduce(&state, .select(.input, TensorIndex(channel: 1, row: 128, column: 128)))
                _ = Reducer.reduce(&state, .beginEdit(NumberText.format(value)))
                _ = Reducer.reduce(&state, .commitEdit)
                _ = Screen.render(state)
            }
        }
    }

    /// One input-cell edit on the shipped `tiny-vgg` preset's pipeline, as the app makes it (type a value on the
    /// input grid, Enter): the stack's incremental recompute through every layer, then a `width` x `height` frame.
    static func stackEdit(_ name: String, width: Int, height: Int) -> Workload {
        Workload(name: name, runs: 21) {
            let preset = try! PresetLibrary.shipped().load("tiny-vgg")
            var state = AppState(preset: preset, width: width, height: height)
            _ = Reducer.reduce(&state, .run("layer 0"))
            _ = Reducer.reduce(&state, .run("unit 30 31 1"))
            var value = 0.0
            return timed {
                value += 0.125
                _ = Reducer.reduce(&state, .beginEdit(NumberText.format(value)))
                _ = Reducer.reduce(&state, .commitEdit)
                _ = Screen.render(state)
            }
        }
    }

    /// One animation step on the `image` workload, rendered at `width` x `height`.
    static func animationFrame(_ name: String, width: Int, height: Int) -> Workload {
        Workload(name: name, runs: 21) {
            var state = imageState(size: 256, width: width, height: height)
            _ = Reducer.reduce(&state, .jumpToStart)
            _ = Reducer.reduce(&state, .stepCell(5000))
            return timed {
                _ = Reducer.reduce(&state, .step(1))
                _ = Screen.render(state)
            }
        }
    }

    /// The backward pass (dL/dX and dL/dW for an all-ones dL/dY) of `Conv2d(c, filters, 3, padding=1)` on a
    /// (n, c, size, size) input: the `resnet` workload's shapes and values.
    static func gradient(_ name: String, runs: Int, n: Int, c: Int, size: Int, filters: Int) -> Workload {
        Workload(name: name, runs: runs) {
            let convolution = coreConvolution(n: n, c: c, size: size, filters: filters, padding: 1, groups: 1)
            let backward = try! ConvolutionBackward(convolution)
            return timed { _ = backward.gradients() }
        }
    }

    /// The median seconds of `runs` runs, after one warm-up run, and with a `counter` the median number of
    /// allocations a run makes (in every thread).
    static func median(runs: Int, counter: MallocCounter?, _ setup: () -> () -> Double) -> (Double, Int?) {
        let run = setup()
        _ = run()
        var seconds: [Double] = [], allocations: [Int] = []
        for _ in 0..<runs {
            let before = counter?() ?? 0
            seconds.append(run())
            if let counter { allocations.append(Int(counter() - before)) }
        }
        return (seconds.sorted()[runs / 2], counter.map { _ in allocations.sorted()[runs / 2] })
    }

    /// The allocations so far, counted by tools/bench/malloc_count.c.
    typealias MallocCounter = @convention(c) () -> UInt

    /// `convviz_malloc_count` when tools/bench/malloc_count.c is preloaded (`LD_PRELOAD`), else `nil`.
    static func mallocCounter() -> MallocCounter? {
        dlsym(nil, "convviz_malloc_count").map { unsafeBitCast($0, to: MallocCounter.self) }
    }

    /// A run that measures `body` once.
    static func timed(_ body: @escaping () -> Void) -> () -> Double {
        {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }

    /// The longest the UI thread is busy for one key of a scripted sequence (``longestUIThreadSlice(_:keys:)``:
    /// the reducer and the frame it draws, and the frame that takes a background job's result) at 140x45, on a
    /// (3, size, size) image with 8 filters: stride, padding and dilation up and back, groups up (an invalid
    /// combination) and back, randomise the input, add a column and remove it, heatmap off and on. The sequence
    /// ends where it started, so every run does the same work.
    static func keystrokes(_ name: String, runs: Int, size: Int) -> Workload {
        Workload(name: name, runs: runs) {
            var state = imageState(size: size)
            state.workspace.finishComputing()
            let keys: [Action] = [
                .adjustBothAxes(.strideHeight, 1), .adjustBothAxes(.strideHeight, -1),
                .adjustBothAxes(.paddingHeight, 1), .adjustBothAxes(.paddingHeight, -1),
                .adjustBothAxes(.dilationHeight, 1), .adjustBothAxes(.dilationHeight, -1),
                .adjustParameter(.groups, 1), .adjustParameter(.groups, -1),
                .randomize, .resizeGrid(rows: 0, columns: 1), .resizeGrid(rows: 0, columns: -1),
                .toggleHeatmap, .toggleHeatmap,
            ]
            return {
                longestUIThreadSlice(&state, keys: keys)
            }
        }
    }

    /// A convolution workload: `Conv2d(c, filters, 3, padding, groups)` on an (n, c, size, size) input.
    static func core(_ name: String, runs: Int, n: Int, c: Int, size: Int, filters: Int, padding: Int, groups: Int)
        -> Workload
    {
        Workload(name: name, runs: runs) {
            let convolution = coreConvolution(
                n: n, c: c, size: size, filters: filters, padding: padding,
                groups: groups)
            return timed { _ = convolution.output() }
        }
    }

    /// `Conv2d(c, filters, 3, padding, groups)` without bias on an (n, c, size, size) input, values from seed 42.
    static func coreConvolution(n: Int, c: Int, size: Int, filters: Int, padding: Int, groups: Int) -> Convolution {
        var generator = SplitMix64(seed: 42)
        let input = Tensor(
            shape: Shape4(n: n, c: c, h: size, w: size),
            values: (0..<n * c * size * size).map { _ in value(&generator) })
        let weight = Tensor(
            shape: Shape4(n: filters, c: c / groups, h: 3, w: 3),
            values: (0..<filters * c / groups * 9).map { _ in value(&generator) })
        let parameters = Conv2dParameters(padding: .uniform(padding), groups: groups)
        return try! Convolution(input: input, weight: weight, bias: nil, parameters: parameters)
    }

    /// A (3, size, size) image with 8 3x3 filters and padding 1 as an app state on a `width` x `height` screen
    /// (`size` 256 is the `image` workload).
    static func imageState(size: Int, width: Int = 140, height: Int = 45) -> AppState {
        var generator = SplitMix64(seed: 7)
        let input = Tensor(
            shape: Shape4(n: 1, c: 3, h: size, w: size),
            values: (0..<3 * size * size).map { _ in (value(&generator) * 128).rounded() })
        let kernel = Tensor(
            shape: Shape4(n: 8, c: 3, h: 3, w: 3), values: (0..<8 * 27).map { _ in (value(&generator) * 2).rounded() })
        let preset = Preset(
            name: "image workload", input: input, inputRank: 3, kernel: kernel,
            parameters: Conv2dParameters(padding: .uniform(1)))
        return AppState(preset: preset, width: width, height: height)
    }

    /// Runs this executable with `arguments` (stdout to /dev/null) and waits for it: posix_spawn and
    /// waitpid, so the measurement is the child's start-up, not Foundation's process machinery.
    static func runSelf(_ arguments: [String]) {
        let executable = "/proc/self/exe"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// A deterministic value in -1...1.
    static func value(_ generator: inout SplitMix64) -> Double {
        Double(generator.next() >> 11) / Double(1 << 52) - 1
    }
}
