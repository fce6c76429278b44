import Foundation

/// Reads the files a preset points to (images, tensor files): regular files only, refused by size before reading.
enum DataFile {
    /// The bytes of the file at `path`, which must be a regular file of at most `limit` bytes.
    static func read(path: String, limit: Int, what: String) throws(PresetError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw PresetError(file: path, message: "no such \(what) file (or it cannot be read)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw PresetError(file: path, message: "not a regular file: the \(what) must be a file")
        }
        guard Int(status.st_size) <= limit else {
            throw PresetError(file: path, message: "the file is \(status.st_size) bytes; "
                                  + "\(what) files are limited to \(limit) bytes")
        }
        guard let handle = FileHandle(forReadingAtPath: path),
              let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            throw PresetError(file: path, message: "the \(what) file cannot be read")
        }
        try? handle.close()
        guard data.count <= limit else {
            throw PresetError(file: path, message: "the file grew beyond \(limit) bytes while being read")
        }
        return [UInt8](data)
    }

    /// `name` relative to the folder of the preset file `preset` (absolute names stay as they are).
    static func resolve(_ name: String, relativeTo preset: String) -> String {
        let folder = (preset as NSString).deletingLastPathComponent
        return name.hasPrefix("/") || folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
