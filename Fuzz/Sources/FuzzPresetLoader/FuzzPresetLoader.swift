// libFuzzer target: arbitrary bytes as a preset file.
//
// Each input is parsed as a preset (YAML and JSON flavours, from the bytes as `PresetLoader.read` would
// decode them and from a lossy UTF-8 decoding). Errors are expected; traps, crashes, hangs and huge
// memory are bugs. When a preset loads, these invariants are checked, and a violation aborts with a
// message starting "INVARIANT" (libFuzzer then saves the input as a crash):
//   1. `preset.output()` succeeds (the loader validated it), and equals the operation's own `output()`
//      (Convolution, TransposedConvolution or Pooling, by `preset.operation`);
//   2. that output has the operation's output shape, and every checked cell equals `trace(cell).value`
//      bit for bit (all cells for small outputs, the corners and a sample otherwise); for max pooling the
//      trace's `maxTap` holds the value, for average pooling the divisor is positive;
//   3. `uses(of:)` (convolution) / `scatter(of:)` (transposed) is the inverse of `trace(_:)` on sampled
//      cells, both ways;
//   4. `PresetWriter.yaml(preset)` parses back to an equal preset, lesson included, and writing that again
//      gives the same text;
//   5. the `export --torch` script is printable ASCII (preset text only inside escaped literals), and
//      `SafeText.terminal` leaves no control character in the name, description or lesson texts.
import ConvCore
import Foundation
import Presets

/// Reports a broken invariant with the input that broke it, then traps so libFuzzer records the input.
func violation(_ message: String, _ text: String) -> Never {
    let shown = text.count > 2000 ? String(text.prefix(2000)) + "…" : text
    FileHandle.standardError.write(Data("INVARIANT: \(message)\n--- input ---\n\(shown)\n--- end ---\n".utf8))
    fatalError("INVARIANT: \(message)")
}

/// Equal doubles, with any NaN equal to any NaN (the payload of a NaN is not part of the contract).
func same(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}


func index(ofFlat flat: Int, in shape: Shape4) -> TensorIndex {
    let plane = shape.h * shape.w, image = shape.c * plane
    return TensorIndex(n: flat / image, channel: (flat % image) / plane, row: (flat % plane) / shape.w, column: flat % shape.w)
}

func check(_ preset: Preset, text: String, sampler: inout SplitMix64) {
    // 1. The loader only returns valid presets, and Preset.output() agrees with the operation's own output().
    let output: Tensor
    do {
        output = try preset.output()
    } catch {
        violation("a loaded preset is invalid: \(error)", text)
    }
    switch preset.operation {
    case .convolution: checkConvolution(preset, output, text: text, sampler: &sampler)
    case let .transposed(parameters): checkTransposed(preset, parameters, output, text: text, sampler: &sampler)
    case let .pooling(parameters): checkPooling(preset, parameters, output, text: text, sampler: &sampler)
    case .stack: checkStack(preset, output, text: text, sampler: &sampler)
    }

    // Other writers of the same data must not trap.
    if output.values.count <= 4096 {
        _ = OutputText.json(output)
        _ = OutputText.grids(output, batched: preset.isBatched)
        // 5. Preset text reaches the script only as an escaped literal, and terminals only shown safely.
        let script = TorchExport.script(preset)
        if !script.unicodeScalars.allSatisfy({ $0 == "\n" || (0x20...0x7E).contains($0.value) }) {
            violation("the exported script holds a control or non-ASCII character", text)
        }
        for field in [preset.name, preset.description ?? ""] + preset.lesson.map(\.text)
        where SafeText.terminal(field).unicodeScalars.contains(where: SafeText.isUnsafe) {
            violation("SafeText.terminal left a control character in \(field.debugDescription)", text)
        }
        _ = StateExport.json(preset, output: output)
    }

    // 4. The writer's text reads back to the same preset.
    let yaml = PresetWriter.yaml(preset)
    let reread: Preset
    do {
        reread = try PresetLoader.parse(yaml, file: "roundtrip.yaml", isJSON: false)
    } catch {
        violation("PresetWriter.yaml output does not load: \(error)\n--- written ---\n\(yaml)", text)
    }
    if reread != preset {
        violation("round trip changed the preset:\n\(describe(preset, reread))--- written ---\n\(yaml)", text)
    }
    let again = PresetWriter.yaml(reread)
    if again != yaml { violation("writing the re-read preset gives different text:\n\(yaml)\n--- vs ---\n\(again)", text) }
}

/// A layer stack: the last output is Preset.output(), one input edit equals a full recompute, and a unit's
/// field traces back without trapping.
func checkStack(_ preset: Preset, _ presetOutput: Tensor, text: String, sampler: inout SplitMix64) {
    let stack: Stack
    do {
        stack = try preset.stack()
    } catch {
        violation("a loaded stack preset is invalid: \(error)", text)
    }
    if !sameValues(stack.output, presetOutput) { violation("Preset.output() differs from Stack.output", text) }
    _ = stack.receptiveFields()
    if let layer = stack.lastWindowedLayer, !stack.isFlat[layer] {
        let shape = stack.outputs[layer].shape
        _ = try? stack.unitField(layer: layer, row: sampler.next(below: shape.h), column: sampler.next(below: shape.w))
    }
    guard stack.multiplyAdds <= 200_000 else { return }
    var edited = stack
    let cell = inputsToCheck(stack.input.shape, sampler: &sampler)[2]
    edited.setInput(cell, to: 1.5)
    guard let full = try? Stack(input: edited.input, layers: stack.layers) else {
        violation("an edited stack input is invalid", text)
    }
    for (index, output) in full.outputs.enumerated() where !sameValues(output, edited.outputs[index]) {
        violation("after an edit of input \(cell), layer \(index) differs from a full recompute", text)
    }
}

/// The output cells to compare with their traces: all of a small output, else the corners and a sample.
func cellsToCheck(_ shape: Shape4, tapsPerCell: Int, sampler: inout SplitMix64) -> [TensorIndex] {
    let cells = shape.checkedCount!
    var flats = [0, cells - 1]
    if cells * max(1, tapsPerCell) <= 40_000 {
        flats = Array(0..<cells)
    } else {
        for _ in 0..<6 { flats.append(sampler.next(below: cells)) }
    }
    return flats.map { index(ofFlat: $0, in: shape) }
}

/// Input cells to follow forwards: the first, the last and one at random.
func inputsToCheck(_ shape: Shape4, sampler: inout SplitMix64) -> [TensorIndex] {
    let count = shape.checkedCount!
    return [0, count - 1, sampler.next(below: count)].map { index(ofFlat: $0, in: shape) }
}

func checkConvolution(_ preset: Preset, _ presetOutput: Tensor, text: String, sampler: inout SplitMix64) {
    let convolution: Convolution
    do {
        convolution = try preset.convolution()
    } catch {
        violation("a loaded convolution preset is invalid: \(error)", text)
    }
    // 2. output() against trace(), bit for bit.
    let geometry = convolution.geometry
    let output = convolution.output()
    if output.shape != geometry.outputShape {
        violation("output shape \(output.shape) differs from the geometry's \(geometry.outputShape)", text)
    }
    if !sameValues(output, presetOutput) { violation("Preset.output() differs from Convolution.output()", text) }
    let kernel = convolution.weight.shape
    let taps = kernel.c * kernel.h * kernel.w
    for cell in cellsToCheck(output.shape, tapsPerCell: taps, sampler: &sampler) {
        let trace = convolution.trace(cell)
        if trace.taps.count != taps { violation("trace(\(cell)) has \(trace.taps.count) taps, expected \(taps)", text) }
        let value = output[cell.n, cell.channel, cell.row, cell.column]
        if !same(trace.value, value) {
            violation("output\(cell) = \(value) but trace(\(cell)).value = \(trace.value)", text)
        }
    }

    // 3. uses(of:) and trace() are inverses on sampled cells.
    for cell in inputsToCheck(convolution.input.shape, sampler: &sampler) {
        let uses = convolution.uses(of: cell)
        for use in uses.prefix(4) + uses.suffix(2) {
            let o = use.output, out = geometry.outputShape
            guard o.n == cell.n, inside(o, out) else { violation("uses(of: \(cell)) names output \(o) outside \(out)", text) }
            let found = convolution.trace(o).taps.contains { tap in
                tap.kernelChannel == use.kernelChannel && tap.kernelRow == use.kernelRow && tap.kernelColumn == use.kernelColumn
                    && tap.inputChannel == cell.channel && tap.source.cell.map { $0 == (cell.row, cell.column) } == true
                    && tap.source.isPadding == use.viaPadding
            }
            if !found { violation("uses(of: \(cell)) lists \(use) but trace(\(o)) has no such tap", text) }
        }
    }
    let traced = convolution.trace(index(ofFlat: sampler.next(below: output.values.count), in: output.shape))
    for tap in sample(traced.taps, sampler: &sampler) {
        guard let source = tap.source.cell else { continue }
        let cell = TensorIndex(n: traced.output.n, channel: tap.inputChannel, row: source.row, column: source.column)
        let found = convolution.uses(of: cell).contains { use in
            use.output == traced.output && use.kernelChannel == tap.kernelChannel && use.kernelRow == tap.kernelRow
                && use.kernelColumn == tap.kernelColumn
        }
        if !found { violation("trace(\(traced.output)) reads \(cell) by tap (\(tap.kernelChannel), \(tap.kernelRow), \(tap.kernelColumn)) but uses(of:) does not list it", text) }
    }
}

func checkTransposed(_ preset: Preset, _ parameters: TransposedConv2dParameters, _ presetOutput: Tensor, text: String,
                     sampler: inout SplitMix64) {
    let convolution: TransposedConvolution
    do {
        convolution = try TransposedConvolution(input: preset.input, weight: preset.kernel, bias: preset.bias, parameters: parameters)
    } catch {
        violation("a loaded transposed preset is invalid: \(error)", text)
    }
    let output = convolution.output()
    if output.shape != convolution.outputShape { violation("output shape \(output.shape) differs from \(convolution.outputShape)", text) }
    if !sameValues(output, presetOutput) { violation("Preset.output() differs from TransposedConvolution.output()", text) }
    let kernel = preset.kernel.shape
    for cell in cellsToCheck(output.shape, tapsPerCell: kernel.h * kernel.w, sampler: &sampler) {
        let trace = convolution.trace(cell)
        let value = output[cell.n, cell.channel, cell.row, cell.column]
        if !same(trace.value, value) { violation("transposed output\(cell) = \(value) but trace(\(cell)).value = \(trace.value)", text) }
    }
    // scatter(of:) and trace() are inverses on sampled cells.
    for cell in inputsToCheck(preset.input.shape, sampler: &sampler) {
        let uses = convolution.scatter(of: cell)
        for use in uses.prefix(4) + uses.suffix(2) {
            let o = use.output
            guard o.n == cell.n, inside(o, output.shape) else { violation("scatter(of: \(cell)) names output \(o) outside \(output.shape)", text) }
            let found = convolution.trace(o).taps.contains { tap in
                tap.inputChannel == cell.channel && tap.kernelRow == use.kernelRow && tap.kernelColumn == use.kernelColumn
                    && tap.source.cell.map { $0 == (cell.row, cell.column) } == true
            }
            if !found { violation("scatter(of: \(cell)) lists \(use) but trace(\(o)) has no such tap", text) }
        }
    }
    let traced = convolution.trace(index(ofFlat: sampler.next(below: output.values.count), in: output.shape))
    for tap in sample(traced.taps, sampler: &sampler) {
        guard let source = tap.source.cell else { violation("a transposed tap reads padding: \(tap)", text) }
        let cell = TensorIndex(n: traced.output.n, channel: tap.inputChannel, row: source.row, column: source.column)
        let found = convolution.scatter(of: cell).contains { use in
            use.output == traced.output && use.kernelRow == tap.kernelRow && use.kernelColumn == tap.kernelColumn
        }
        if !found { violation("trace(\(traced.output)) reads \(cell) by tap (\(tap.kernelRow), \(tap.kernelColumn)) but scatter(of:) does not list it", text) }
    }
}

func checkPooling(_ preset: Preset, _ parameters: Pool2dParameters, _ presetOutput: Tensor, text: String, sampler: inout SplitMix64) {
    let pooling: Pooling
    do {
        pooling = try Pooling(input: preset.input, parameters: parameters)
    } catch {
        violation("a loaded pooling preset is invalid: \(error)", text)
    }
    let output = pooling.output()
    if output.shape != pooling.outputShape { violation("output shape \(output.shape) differs from \(pooling.outputShape)", text) }
    if !sameValues(output, presetOutput) { violation("Preset.output() differs from Pooling.output()", text) }
    for cell in cellsToCheck(output.shape, tapsPerCell: parameters.kernel.height * parameters.kernel.width, sampler: &sampler) {
        let trace = pooling.trace(cell)
        let value = output[cell.n, cell.channel, cell.row, cell.column]
        if !same(trace.value, value) { violation("pool output\(cell) = \(value) but trace(\(cell)).value = \(trace.value)", text) }
        if let maxTap = trace.maxTap {
            guard trace.taps.indices.contains(maxTap), !trace.taps[maxTap].isPadding, same(trace.taps[maxTap].value, trace.value) else {
                violation("trace(\(cell)).maxTap \(maxTap) does not hold the value \(trace.value)", text)
            }
        }
        if let divisor = trace.divisor, divisor <= 0 { violation("trace(\(cell)).divisor is \(divisor)", text) }
    }
}

/// The first, a random and the last element.
func sample<T>(_ items: [T], sampler: inout SplitMix64) -> [T] {
    items.isEmpty ? [] : [items[0], items[sampler.next(below: items.count)], items[items.count - 1]]
}

func inside(_ index: TensorIndex, _ shape: Shape4) -> Bool {
    (0..<shape.n).contains(index.n) && (0..<shape.c).contains(index.channel)
        && (0..<shape.h).contains(index.row) && (0..<shape.w).contains(index.column)
}

func sameValues(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && zip(a.values, b.values).allSatisfy { same($0, $1) }
}

/// Where two optional strings first differ, with a little context, as escaped text.
func firstDifference(_ a: String?, _ b: String?) -> String {
    guard let a, let b else { return "\(a?.debugDescription ?? "nil") -> \(b?.debugDescription ?? "nil")" }
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    var i = 0
    while i < x.count, i < y.count, x[i] == y[i] { i += 1 }
    func window(_ s: [Unicode.Scalar]) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: s[max(0, i - 20)..<min(s.count, i + 20)])
        return text.debugDescription
    }
    return "\(x.count) vs \(y.count) scalars, first difference at scalar \(i): \(window(x)) -> \(window(y))"
}

/// The first field that differs between two presets.
func describe(_ a: Preset, _ b: Preset) -> String {
    var lines: [String] = []
    if a.name != b.name { lines.append("name: \(a.name.debugDescription) -> \(b.name.debugDescription)") }
    if a.description != b.description {
        lines.append("description: \(firstDifference(a.description, b.description))")
    }
    if a.input != b.input { lines.append("input: \(a.input.shape) \(a.input.values.prefix(8)) -> \(b.input.shape) \(b.input.values.prefix(8))") }
    if a.inputRank != b.inputRank { lines.append("inputRank: \(a.inputRank) -> \(b.inputRank)") }
    if a.kernel != b.kernel { lines.append("kernel: \(a.kernel.shape) \(a.kernel.values.prefix(8)) -> \(b.kernel.shape) \(b.kernel.values.prefix(8))") }
    if a.bias != b.bias { lines.append("bias: \(String(describing: a.bias)) -> \(String(describing: b.bias))") }
    if a.parameters != b.parameters { lines.append("parameters: \(a.parameters) -> \(b.parameters)") }
    if a.operation != b.operation { lines.append("operation: \(a.operation) -> \(b.operation)") }
    if a.lesson != b.lesson { lines.append("lesson: \(a.lesson.count) steps -> \(b.lesson.count) steps") }
    return lines.map { $0 + "\n" }.joined()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPresetLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var sampler = SplitMix64(seed: bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
    // As PresetLoader.read decodes a file (nil for invalid UTF-8, which read() reports as an error) ...
    let strict = String(data: Data(bytes), encoding: .utf8)
    // ... and lossily, so invalid bytes still reach the YAML parser as U+FFFD.
    let lossy = String(decoding: bytes, as: UTF8.self)
    var texts: [String] = []
    if let strict { texts.append(strict) }
    if strict != lossy { texts.append(lossy) }
    for text in texts {
        for isJSON in [false, true] {
            guard let preset = try? PresetLoader.parse(text, file: isJSON ? "fuzz.json" : "fuzz.yaml", isJSON: isJSON) else { continue }
            check(preset, text: text, sampler: &sampler)
        }
    }
    return 0
}
