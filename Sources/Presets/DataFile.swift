import Foundation

/// Finds and reads the files a preset points to (images, tensor files).
enum DataFile {
    /// The bytes of the file at `path` through the one bounded reader (``BoundedFile``): a regular file of at most
    /// `limit` bytes, refused by size before it is read.
    static func read(path: String, limit: Int, what: String) throws(PresetError) -> [UInt8] {
        try BoundedFile.read(path, limit: limit, kind: "\(what) files")
    }

    /// `name` relative to the folder of the preset file `preset` (absolute names stay as they are).
    static func resolve(_ name: String, relativeTo preset: String) -> String {
        let folder = (preset as NSString).deletingLastPathComponent
        return name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
