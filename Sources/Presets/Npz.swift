import Foundation
import ZIPFoundation

/// Reads one array of a NumPy `.npz` archive (a zip of `.npy` files, stored or deflated), through ZIPFoundation.
enum Npz {
    /// Decodes member `name` (with or without `.npy`) of an `.npz` archive (any member when it holds exactly one).
    static func decode(_ bytes: [UInt8], file: String, member name: String?) throws(PresetError) -> StoredTensor {
        // A zip ends with its end-of-central-directory record (22 bytes and a comment of at most 64 KiB). Looking for
        // it here first spares ZIPFoundation's search, which reads a file without one byte by byte from the end.
        guard let (record, end) = endRecord(bytes) else {
            throw PresetError(
                file: file,
                message: "not a valid .npz (zip) archive: "
                    + "no end-of-central-directory record (or a ZIP64 one, which is not supported)")
        }
        if let fault = layoutFault(bytes, record: record) {
            throw PresetError(file: file, message: "not a valid .npz (zip) archive: \(fault)")
        }
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes[..<end]), accessMode: .read)
        } catch {
            throw PresetError(file: file, message: "not a valid .npz (zip) archive")
        }
        var entries: [Entry] = []
        for entry in archive where entry.type == .file {
            entries.append(entry)
            if entries.count > 100_000 {
                throw PresetError(file: file, message: "the archive holds more than 100000 members")
            }
        }
        let names = entries.map { $0.path.hasSuffix(".npy") ? String($0.path.dropLast(4)) : $0.path }
        let index: Int
        if let name {
            guard let found = names.firstIndex(of: name) ?? entries.firstIndex(where: { $0.path == name }) else {
                let hint = Suggestion.hint(for: name, in: names)
                throw PresetError(file: file, message: "no array '\(name)'\(hint); the archive holds \(listing(names))")
            }
            index = found
        } else {
            guard entries.count == 1 else {
                throw PresetError(
                    file: file,
                    message: "the archive holds \(listing(names)): name one with tensor: NAME")
            }
            index = 0
        }
        let entry = entries[index], member = "\(file), member \(entry.path)"
        let limit = TensorFile.maxFileBytes
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw PresetError(
                file: member,
                message: "the member unpacks to \(entry.uncompressedSize) bytes; the limit is \(limit)")
        }
        // The declared size bounds the unpacking: a member that inflates beyond it is refused at once.
        let declared = Int(entry.uncompressedSize)
        var contents: [UInt8] = []
        contents.reserveCapacity(declared)
        do {
            _ = try archive.extract(entry) { chunk in
                guard contents.count + chunk.count <= declared else { throw SizeExceeded() }
                contents.append(contentsOf: chunk)
            }
        } catch is SizeExceeded {
            throw PresetError(
                file: member,
                message: "the member unpacks to more than the \(declared) bytes it declares")
        } catch {
            throw PresetError(file: member, message: "the member cannot be unpacked: its data is corrupt (\(error))")
        }
        return try Npy.decode(contents[...], file: member)
    }

    private struct SizeExceeded: Error {}

    /// What is wrong with the zip's directory, or nil: every record it points to must lie inside the file.
    /// ZIPFoundation reads an in-memory archive through a memory "file" that traps when asked to read past its end,
    /// so offsets are checked here first. ZIP64 archives (members over 4 GB, 65,535 members) are refused.
    static func layoutFault(_ bytes: [UInt8], record: Int) -> String? {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let count = u16(record + 10), size = u32(record + 12), offset = u32(record + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { return "ZIP64 archives are not supported" }
        guard offset + size <= record else { return "the central directory lies outside the file" }
        var at = offset
        for _ in 0..<count {
            guard at + 46 <= offset + size, bytes[at..<(at + 4)].elementsEqual([0x50, 0x4B, 1, 2]) else {
                return "the central directory is cut short"
            }
            let packed = u32(at + 20), unpacked = u32(at + 24), local = u32(at + 42)
            if packed == 0xFFFF_FFFF || unpacked == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                return "ZIP64 archives are not supported"
            }
            guard local + 30 <= record, bytes[local..<(local + 4)].elementsEqual([0x50, 0x4B, 3, 4]) else {
                return "a member's header lies outside the file"
            }
            // The data (for a stored member ZIPFoundation reads its unpacked size), and a data descriptor (up to
            // 24 bytes) when the member has one, must fit.
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            let span = u16(at + 10) == 0 ? max(packed, unpacked) : packed
            let descriptor = u16(at + 8) & 8 != 0 ? 24 : 0
            guard data + span + descriptor <= record else { return "a member's data lies outside the file" }
            // Extra fields must be well formed; a ZIP64 one in the directory would override the sizes checked here.
            let extra = at + 46 + u16(at + 28), localExtra = local + 30 + u16(local + 26)
            guard let ids = extraFields(bytes, from: extra, count: u16(at + 30), limit: offset + size),
                extraFields(bytes, from: localExtra, count: u16(local + 28), limit: record) != nil
            else {
                return "a member's extra field is malformed"
            }
            if ids.contains(1) { return "ZIP64 archives are not supported" }
            at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32)
        }
        return nil
    }

    /// The ids of the extra fields in `count` bytes at `from` (each an id, a length and that many bytes), or nil
    /// when they run past their space or past `limit`.
    static func extraFields(_ bytes: [UInt8], from: Int, count: Int, limit: Int) -> [Int]? {
        guard from + count <= limit else { return nil }
        var ids: [Int] = [], at = from
        while at < from + count {
            guard at + 4 <= from + count else { return nil }
            let length = Int(bytes[at + 2]) | Int(bytes[at + 3]) << 8
            guard at + 4 + length <= from + count else { return nil }
            ids.append(Int(bytes[at]) | Int(bytes[at + 1]) << 8)
            at += 4 + length
        }
        return ids
    }

    /// The last end-of-central-directory record (`PK\u{5}\u{6}`, 22 bytes and its comment) in the last 65,557
    /// bytes, the one ZIPFoundation will find: where it starts, and where the archive ends (after its comment); nil
    /// if there is none, or its comment runs past the file, or a ZIP64 locator precedes it.
    static func endRecord(_ bytes: [UInt8]) -> (record: Int, end: Int)? {
        guard bytes.count >= 22 else { return nil }
        for start in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65535), by: -1)
        where bytes[start] == 0x50 && bytes[start + 1] == 0x4B && bytes[start + 2] == 5 && bytes[start + 3] == 6 {
            let comment = Int(bytes[start + 20]) | Int(bytes[start + 21]) << 8
            guard start + 22 + comment <= bytes.count else { return nil }
            if start >= 20, bytes[(start - 20)..<(start - 16)].elementsEqual([0x50, 0x4B, 6, 7]) { return nil }
            return (start, start + 22 + comment)
        }
        return nil
    }

    private static func listing(_ names: [String]) -> String {
        if names.isEmpty { return "no arrays" }
        let shown = names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return "\(names.count) array\(names.count == 1 ? "" : "s"): \(shown)\(names.count > 12 ? ", ..." : "")"
    }
}
