import ConvCore
import Foundation
import Presets

@testable import ConvvizUI

/// The repository's shipped presets, loaded by name.
enum Shipped {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("presets").path

    static func preset(_ name: String) throws -> Preset {
        try PresetLibrary(directory: directory).load(name)
    }

    static func state(_ name: String, width: Int = 80, height: Int = 24) throws -> AppState {
        AppState(
            preset: try preset(name), presetNames: PresetLibrary(directory: directory).names(), width: width,
            height: height)
    }
}

extension AppState {
    /// Applies actions in order, collecting the effects.
    @discardableResult
    mutating func apply(_ actions: Action...) -> [Effect] {
        actions.flatMap { Reducer.reduce(&self, $0) }
    }

    /// Presses keys as the key map reads them.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { key in KeyMap.action(for: key, in: self).map { Reducer.reduce(&self, $0) } ?? [] }
    }

    /// Types characters as key presses.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { character in
            KeyMap.action(for: .character(character), in: self).map { Reducer.reduce(&self, $0) } ?? []
        }
    }

    /// The output plane as rows.
    var outputRows: [[Double]]? { workspace.output?.plane(n: 0, c: 0) }
}

extension AppState {
    /// The transposed convolution on screen, if the preset is one.
    var transposed: TransposedSubject? {
        if case let .transposed(subject) = subject { subject } else { nil }
    }

    /// The pooling on screen, if the preset is one.
    var pooling: PoolingSubject? {
        if case let .pooling(subject) = subject { subject } else { nil }
    }
}

extension CellGrid {
    /// A grid of plain cells holding `lines`, as wide as the longest: what a drawing is compared against.
    init(lines: [String]) {
        self.init(width: lines.map(\.count).max() ?? 0, height: lines.count)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y) }
    }

    /// The characters, one string per row (trailing spaces kept).
    var lines: [String] {
        (0..<height).map { y in String((0..<width).map { self[$0, y].character }) }
    }
}
