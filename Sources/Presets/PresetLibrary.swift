import Foundation

/// The shipped presets in `presets/` at the repository root, found by name.
public struct PresetLibrary: Sendable {
    /// The folder holding the shipped presets.
    public let directory: String

    /// The file name of the default preset.
    public static let defaultName = "pytorch-example"
    /// File extensions a preset may have.
    public static let extensions = ["yaml", "yml", "json"]

    /// A library over `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The shipped library: `$CONVVIZ_PRESETS`, else the first `presets/` folder holding the default
    /// preset above the executable, else the one in this source tree.
    public static func shipped() -> PresetLibrary {
        if let override = ProcessInfo.processInfo.environment["CONVVIZ_PRESETS"], !override.isEmpty {
            return PresetLibrary(directory: override)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let sourceTree = URL(fileURLWithPath: #filePath)
        for start in [executable, sourceTree] {
            var folder = start.deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                let candidate = folder.appendingPathComponent("presets")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("\(defaultName).yaml").path)
                {
                    return PresetLibrary(directory: candidate.path)
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return PresetLibrary(directory: "presets")
    }

    /// The names (file names without extension) of the shipped presets, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { Self.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .map { ($0 as NSString).deletingPathExtension }
            .sorted()
    }

    /// The path of the shipped preset `name`, if there is one.
    public func path(named name: String) -> String? {
        for ext in Self.extensions {
            let path = (directory as NSString).appendingPathComponent("\(name).\(ext)")
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// The line ``descriptions()`` adds to a preset that has a lesson (the browser marks those presets).
    public static let lessonMark = "[has a lesson: t starts it]"

    /// Each shipped preset's description (its first line is the summary), by name; unloadable presets are left out.
    public func descriptions() -> [String: String] {
        var result: [String: String] = [:]
        for name in names() {
            guard let path = path(named: name), let preset = try? PresetLoader.load(path: path) else { continue }
            result[name] =
                (preset.description ?? preset.name) + (preset.lesson.isEmpty ? "" : "\n" + Self.lessonMark)
        }
        return result
    }

    /// Resolves what the user typed: an existing path, or a shipped preset's name.
    public func resolve(_ argument: String) throws(PresetError) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) { return argument }
        if let path = path(named: argument) { return path }
        let looksLikePath =
            argument.contains("/") || Self.extensions.contains((argument as NSString).pathExtension.lowercased())
        if looksLikePath { throw PresetError(file: argument, message: "no such file") }
        throw PresetError(
            file: argument,
            message:
                "no such file or shipped preset\(Suggestion.hint(for: argument, in: names())); `convviz presets` lists the shipped ones"
        )
    }

    /// Loads the preset the user named (a path or a shipped name).
    public func load(_ argument: String) throws(PresetError) -> Preset {
        try PresetLoader.load(path: try resolve(argument))
    }
}
