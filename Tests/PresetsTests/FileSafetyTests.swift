import Foundation
import Presets
import Testing

/// Hostile files (issue 11, items 4 and 10): reading only regular files, within a cap, before any body;
/// writing atomically without replacing what is not a regular file, keeping permissions and links.
struct FileSafetyTests {
    func readError(_ path: String, limit: Int = 1 << 20) -> PresetError? {
        do {
            _ = try BoundedFile.read(path, limit: limit)
            return nil
        } catch {
            return error
        }
    }

    @Test func nonRegularFilesAreRefusedBeforeOpening() throws {
        try withTemporaryDirectory { folder in
            let fifo = folder.appendingPathComponent("fifo.pgm").path
            #expect(mkfifo(fifo, 0o600) == 0)
            // Opening a FIFO for reading would block until a writer comes: a refusal proves it was not opened.
            #expect(readError(fifo)?.message == "is a named pipe (FIFO), not a regular file")
            #expect(readError("/dev/zero")?.message == "is a character device, not a regular file")
            #expect(readError(folder.path)?.message == "is a directory, not a regular file")
            #expect(readError("/proc/self/pagemap")?.message == "is a kernel interface (/proc or /sys), not a file")
            #expect(readError("/proc/self/status")?.message == "is a kernel interface (/proc or /sys), not a file")
            #expect(readError(folder.appendingPathComponent("missing").path)?.message == "no such file")
        }
    }

    @Test func theSizeIsCappedBeforeAndDuringTheRead() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data(repeating: 65, count: 100), "a.yaml", in: folder)
            #expect(try BoundedFile.read(path, limit: 100).count == 100)
            #expect(readError(path, limit: 99)?.message == "the file is 100 bytes; files are limited to 99 bytes")
            #expect(try BoundedFile.prefix(path, count: 10) == [UInt8](repeating: 65, count: 10))
            #expect(try BoundedFile.size(path) == 100)
        }
    }

    @Test func aSparseHugeImageReadsOnlyItsHeaderAndSamples() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data("P5 300 200 255\n".utf8), "sparse.pgm", in: folder)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 3 << 30)
            try handle.close()
            let start = Date()
            let image = try Netpbm.load(path: path)
            #expect(image.shape.h == 200 && image.shape.w == 300)
            #expect(Date().timeIntervalSince(start) < 5)
            // A header over the pixel limit is refused before the body is read.
            let huge = try write(Data("P5 100000 100000 255\n".utf8), "huge.pgm", in: folder)
            #expect(throws: PresetError.self) { try Netpbm.load(path: huge) }
            // A text image over the file cap.
            let text = try write(Data("P2 1 1 255\n1\n".utf8), "big.pgm", in: folder)
            let textHandle = try #require(FileHandle(forWritingAtPath: text))
            try textHandle.truncate(atOffset: UInt64(Netpbm.maxTextFileBytes) + 1)
            try textHandle.close()
            do throws(PresetError) {
                _ = try Netpbm.load(path: text)
                Issue.record("a text image over the cap loaded")
            } catch {
                #expect(error.message.contains("limited to"))
            }
        }
    }

    @Test func imagesThatAreNotFilesAreRefusedFromAPreset() throws {
        for image in ["/proc/self/pagemap", "/dev/zero", "/dev/stdin"] {
            let error = try #require(try loadErrorOf("name: x\nimage: \(image)\nkernel: [[1]]\n"))
            #expect(
                error.message.contains("not a regular file") || error.message.contains("kernel interface"),
                "\(error)")
        }
    }

    func loadErrorOf(_ text: String) throws -> PresetError? {
        try withTemporaryDirectory { folder in
            loadError(try write(Data(text.utf8), "p.yaml", in: folder))
        }
    }

    func writeError(_ path: String, overwrite: Bool = true) -> PresetError? {
        do {
            try AtomicFile.write("new\n", to: path, overwrite: overwrite)
            return nil
        } catch {
            return error
        }
    }

    func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".convviz-") }
    }

    @Test func writingKeepsPermissionsAndLeavesNoTemporaryFile() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data("old\n".utf8), "private.yaml", in: folder)
            #expect(chmod(path, 0o600) == 0)
            #expect(writeError(path) == nil)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try leftovers(in: folder).isEmpty)
            #expect(writeError(path, overwrite: false)?.message == "already exists; use :save! to replace it")
        }
    }

    @Test func devicesAndDirectoriesAreNeverReplaced() throws {
        #expect(
            writeError("/dev/null")?.message
                == "is not a regular file (a device, FIFO or socket); only regular files are replaced")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        try withTemporaryDirectory { folder in
            #expect(writeError(folder.path)?.message == "is a directory")
            let fifo = folder.appendingPathComponent("fifo").path
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(writeError(fifo)?.message.contains("not a regular file") == true)
            let remaining = try leftovers(in: folder)
            #expect(remaining.isEmpty)
        }
    }

    @Test func symbolicLinksAreWrittenThroughAndHardLinksRefused() throws {
        try withTemporaryDirectory { folder in
            let target = try write(Data("old\n".utf8), "target.yaml", in: folder)
            let linkPath = folder.appendingPathComponent("link.yaml").path
            #expect(symlink("target.yaml", linkPath) == 0)
            #expect(writeError(linkPath) == nil)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: linkPath) == "target.yaml")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
            let dangling = folder.appendingPathComponent("dangling.yaml").path
            #expect(symlink("missing.yaml", dangling) == 0)
            #expect(writeError(dangling)?.message == "is a symbolic link to a missing file")
            let second = folder.appendingPathComponent("second.yaml").path
            #expect(link(target, second) == 0)
            #expect(writeError(target)?.message.hasPrefix("has 2 hard links") == true)
            #expect(try String(contentsOfFile: second, encoding: .utf8) == "new\n")
            #expect(try leftovers(in: folder).isEmpty)
        }
    }

    @Test func failuresAreInTheSystemsWords() throws {
        try withTemporaryDirectory { folder in
            let missing = folder.appendingPathComponent("missing/a.yaml").path
            #expect(writeError(missing)?.message.hasSuffix("does not exist") == true)
            if getuid() != 0 {
                #expect(chmod(folder.path, 0o500) == 0)
                defer { chmod(folder.path, 0o700) }
                let denied = folder.appendingPathComponent("a.yaml").path
                #expect(writeError(denied)?.message == "cannot be written: Permission denied")
            }
            #expect(writeError("/dev/full/x")?.message.contains("not a folder") == true)
        }
    }

    @Test func aStreamedWriteThatIsAbandonedLeavesTheOldFile() throws {
        try withTemporaryDirectory { folder in
            let path = try write(Data("old\n".utf8), "keep.cast", in: folder)
            let file = try AtomicFile(path: path, overwrite: true)
            try file.write("partial")
            #expect(try leftovers(in: folder).count == 1)
            file.abandon()
            #expect(try leftovers(in: folder).isEmpty)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        }
    }
}
