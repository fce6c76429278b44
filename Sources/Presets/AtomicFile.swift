#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that it is either the old file or the whole new one, never half: the bytes go to a
/// temporary file next to it, which is flushed to disk (`fsync`) and then renamed over the target.
///
/// Policy (docs/reliability.md):
/// - Only regular files are replaced: a directory, device, FIFO or socket at the path is refused.
/// - A symbolic link is written through: its target (which must exist) is replaced, and the link stays.
/// - The replaced file's permission bits (and owner, when allowed) are kept.
/// - A file with more than one hard link is refused: a rename would split it from its other names.
/// - The temporary file is removed when the write fails, and on SIGTERM, SIGINT or SIGHUP during it.
/// - Errors name the file and give the system's reason (`strerror`).
public final class AtomicFile {
    /// The path written (a symbolic link's target).
    public let path: String
    private let temporary: String
    private var descriptor: Int32
    private var finished = false

    /// Starts writing `path` (which names it in errors); refuses an existing file unless `overwrite`,
    /// with `overwriteHint` saying how to replace it.
    public init(path: String, overwrite: Bool, overwriteHint: String = "use :save! to replace it") throws(PresetError) {
        var target = path
        var status = stat()
        var mode: mode_t = 0o666
        var owner: (uid_t, gid_t)? = nil
        if lstat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFLNK {
                guard let resolved = realpath(path, nil) else {
                    throw PresetError(file: path, message: "is a symbolic link to a missing file")
                }
                target = String(cString: resolved)
                free(resolved)
                guard stat(target, &status) == 0 else { throw Self.failure(path, errno) }
            }
            guard status.st_mode & S_IFMT == S_IFREG else {
                if status.st_mode & S_IFMT == S_IFDIR { throw PresetError(file: path, message: "is a directory") }
                throw PresetError(
                    file: path,
                    message: "is not a regular file (a device, FIFO or socket); "
                        + "only regular files are replaced")
            }
            if !overwrite { throw PresetError(file: path, message: "already exists; \(overwriteHint)") }
            if status.st_nlink > 1 {
                throw PresetError(
                    file: path,
                    message: "has \(status.st_nlink) hard links; "
                        + "replacing it would split them, so write another name")
            }
            mode = status.st_mode & 0o777
            owner = (status.st_uid, status.st_gid)
        } else if errno != ENOENT && errno != ENOTDIR {
            throw Self.failure(path, errno)
        }
        let folder = Self.folder(of: target)
        var folderStatus = stat()
        guard stat(folder, &folderStatus) == 0 else {
            throw PresetError(file: path, message: "cannot be written: the folder \(folder) does not exist")
        }
        guard folderStatus.st_mode & S_IFMT == S_IFDIR else {
            throw PresetError(file: path, message: "cannot be written: \(folder) is not a folder")
        }
        self.path = target
        let name = target.split(separator: "/").last.map(String.init) ?? target
        var template = Array("\(folder)/.\(name).convviz-XXXXXX".utf8CString)
        Self.installCleanup()
        let created = template.withUnsafeMutableBufferPointer { buffer in
            Self.withSignalsBlocked { () -> Int32 in
                let fd = mkstemp(buffer.baseAddress!)
                if fd >= 0 { Self.pending = strdup(buffer.baseAddress!) }
                return fd
            }
        }
        guard created >= 0 else { throw Self.failure(path, errno) }
        descriptor = created
        temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let owner { _ = fchown(descriptor, owner.0, owner.1) }
        let umaskValue = umask(0)
        umask(umaskValue)
        _ = fchmod(descriptor, owner == nil ? mode & ~umaskValue : mode)
    }

    deinit { abandon() }

    /// Appends bytes to the new contents.
    public func write(_ bytes: some Collection<UInt8>) throws(PresetError) {
        var failure: Int32 = 0
        let chunk = Array(bytes)
        chunk.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Self.systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 {
            abandon()
            throw Self.failure(path, failure)
        }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws(PresetError) {
        try write(Array(text.utf8))
    }

    /// Flushes the new contents to disk and puts them in place of the old file.
    public func commit() throws(PresetError) {
        guard !finished else { return }
        if fsync(descriptor) != 0 {
            let code = errno
            abandon()
            throw Self.failure(path, code)
        }
        close(descriptor)
        let renamed = Self.withSignalsBlocked { () -> Int32 in
            let result = rename(temporary, path)
            if result == 0 { Self.clearPending() }
            return result
        }
        if renamed != 0 {
            let code = errno
            abandon(closed: true)
            throw Self.failure(path, code)
        }
        finished = true
        let folder = open(Self.folder(of: path), O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    /// Gives up: removes the temporary file and leaves the old file as it was.
    public func abandon() {
        abandon(closed: false)
    }

    private func abandon(closed: Bool) {
        guard !finished else { return }
        finished = true
        if !closed { close(descriptor) }
        Self.withSignalsBlocked {
            unlink(temporary)
            Self.clearPending()
        }
    }

    /// Writes `text` to `path` in one go (see the type's policy).
    public static func write(
        _ text: String, to path: String, overwrite: Bool,
        overwriteHint: String = "use :save! to replace it"
    ) throws(PresetError) {
        let file = try AtomicFile(path: path, overwrite: overwrite, overwriteHint: overwriteHint)
        try file.write(text)
        try file.commit()
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, buffer, count)
        #else
            Darwin.write(descriptor, buffer, count)
        #endif
    }

    static func failure(_ path: String, _ code: Int32) -> PresetError {
        PresetError(file: path, message: "cannot be written: \(String(cString: strerror(code)))")
    }

    // MARK: Removing the temporary file on a fatal signal

    /// The temporary file being written, as a C string a signal handler can pass to `unlink`.
    nonisolated(unsafe) private static var pending: UnsafeMutablePointer<CChar>? = nil
    /// The handlers before ours, by position in ``signals`` (fixed storage: the handler must not allocate).
    nonisolated(unsafe) private static var previous: UnsafeMutablePointer<sigaction>? = nil
    private static let signals = [SIGTERM, SIGINT, SIGHUP]

    private static func clearPending() {
        free(pending)
        pending = nil
    }

    /// Installs (once) handlers that remove the pending temporary file, then hand the signal to whatever
    /// handled it before (the terminal restore in the app; the default action otherwise).
    private static func installCleanup() {
        guard previous == nil else { return }
        let storage = UnsafeMutablePointer<sigaction>.allocate(capacity: signals.count)
        storage.initialize(repeating: sigaction(), count: signals.count)
        previous = storage
        for (index, signal) in signals.enumerated() {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = removePendingAndResend
            #else
                action.__sigaction_u.__sa_handler = removePendingAndResend
            #endif
            sigaction(signal, &action, storage + index)
        }
        // A process started from a thread that blocks these signals (a thread pool's worker) inherits the
        // block, and would then never see them: let them through, so a termination still cleans up.
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static let removePendingAndResend: @convention(c) (Int32) -> Void = { signal in
        if let pending = AtomicFile.pending { unlink(pending) }
        let index: Int? =
            switch signal {
            case SIGTERM: 0
            case SIGINT: 1
            case SIGHUP: 2
            default: nil
            }
        if let index, let previous = AtomicFile.previous { sigaction(signal, previous + index, nil) }
        raise(signal)
    }

    /// Runs `body` with the cleanup signals held back, so the handler never sees a half-updated `pending`.
    private static func withSignalsBlocked<T>(_ body: () -> T) -> T {
        var set = sigset_t(), old = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        return body()
    }
}
