#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads untrusted files with a hard cap: only regular files (FIFOs, devices, sockets, directories and the
/// kernel's /proc and /sys files are refused before they are opened for reading), the size is checked
/// before reading, and the read itself stops at the cap whatever the size claimed. Errors name the file
/// and give the system's reason (`strerror`).
public enum BoundedFile {
    /// The whole file at `path`; a file larger than `limit` bytes is refused before any of it is read.
    /// `kind` names what the file is in the error ("presets are limited to …").
    public static func read(_ path: String, limit: Int, kind: String = "files") throws(PresetError) -> [UInt8] {
        let file = try openRegular(path)
        defer { close(file.descriptor) }
        if file.size > limit {
            throw PresetError(
                file: path,
                message: "the file is \(file.size) bytes; \(kind) are limited to \(limit) bytes")
        }
        let bytes = try readUpTo(file.descriptor, count: limit + 1, expected: file.size, path: path)
        if bytes.count > limit {
            throw PresetError(
                file: path,
                message: "the file is larger than \(limit) bytes; \(kind) are limited to \(limit) bytes")
        }
        return bytes
    }

    /// The first `count` bytes of the file at `path` (fewer if it is shorter), with the same checks as
    /// ``read(_:limit:kind:)``: for reading a header before deciding how much of the body to read.
    public static func prefix(_ path: String, count: Int) throws(PresetError) -> [UInt8] {
        let file = try openRegular(path)
        defer { close(file.descriptor) }
        return try readUpTo(file.descriptor, count: count, expected: min(count, file.size), path: path)
    }

    /// The size in bytes of the regular file at `path`, with the same checks (nothing is read).
    public static func size(_ path: String) throws(PresetError) -> Int {
        let file = try openRegular(path)
        close(file.descriptor)
        return file.size
    }

    /// Opens a regular file for reading after checking what it is; checks again on the open descriptor
    /// (the file may have been swapped in between).
    private static func openRegular(_ path: String) throws(PresetError) -> (descriptor: Int32, size: Int) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw failure(path, errno) }
        try requireRegular(status, path: path)
        if isKernelFile(path) {
            throw PresetError(file: path, message: "is a kernel interface (/proc or /sys), not a file")
        }
        // Non-blocking: a FIFO swapped in after the check cannot hang the open.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno) }
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw failure(path, code)
        }
        do {
            try requireRegular(status, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        return (descriptor, Int(status.st_size))
    }

    private static func requireRegular(_ status: stat, path: String) throws(PresetError) {
        let type = status.st_mode & S_IFMT
        if type == S_IFREG { return }
        let what =
            switch type {
            case S_IFDIR: "a directory"
            case S_IFIFO: "a named pipe (FIFO)"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
        throw PresetError(file: path, message: "is \(what), not a regular file")
    }

    /// Whether `path` (symbolic links resolved) is under /proc or /sys, whose files claim a size of 0 (or
    /// 4096) and may read forever.
    private static func isKernelFile(_ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        defer { free(resolved) }
        let text = String(cString: resolved)
        return ["/proc", "/sys"].contains { text == $0 || text.hasPrefix($0 + "/") }
    }

    /// Reads until the end of the file or `count` bytes; the buffer starts at the size `expected` and
    /// grows (doubling) only if the file turns out longer, never past `count`.
    private static func readUpTo(
        _ descriptor: Int32, count: Int, expected: Int,
        path: String
    ) throws(PresetError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: min(max(0, count), max(4096, expected + 1)))
        var filled = 0
        while filled < count {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, count - bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, min(buffer.count - filled, 1 << 20))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// An error in the system's words: "no such file", "Permission denied".
    static func failure(_ path: String, _ code: Int32) -> PresetError {
        if code == ENOENT { return PresetError(file: path, message: "no such file") }
        return PresetError(file: path, message: "cannot be read: \(String(cString: strerror(code)))")
    }
}
