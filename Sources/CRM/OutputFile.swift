import Foundation

/// A file that appears whole or not at all, never where it could destroy the node: exports and rejects files.
///
/// The path is checked first: it must not resolve (symbolic links and `..` followed) into the node's directory,
/// where `--output replica.sqlite` would overwrite the database and `--output keys/curve.secret` the key; and an
/// existing file is only replaced when the caller allows it (`--force`). The content goes to a temporary file
/// beside the target, created 0600 since it holds customer rows, and takes the target's name only in
/// ``commit()``; a failure or ``discard()`` leaves the target as it was.
///
/// ```swift
/// let file = try OutputFile(path: "customers.csv", replacing: false, protecting: node.root.path)
/// defer { file.discard() }
/// try exporter.export(.customers, from: replica, to: file.stream)
/// try file.commit()
/// ```
public final class OutputFile {
    /// Where the file will be, as given.
    public let path: String
    /// The stream to write the content to (open).
    public let stream: OutputStream
    private let temporaryPath: String
    private let replacing: Bool
    private var finished = false

    /// Checks the target and opens a temporary file beside it.
    ///
    /// - Parameters:
    ///   - replacing: whether an existing regular file at `path` may be replaced.
    ///   - directory: a directory the file must not be in (the node's), or nil.
    public init(path: String, replacing: Bool, protecting directory: String?) throws(OutputFileError) {
        self.path = path
        self.replacing = replacing
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        guard let realParent = Self.realPath(parent) else { throw .noDirectory(path: path, directory: parent) }
        var realTarget =
            realParent == "/" ? "/" + target.lastPathComponent : realParent + "/" + target.lastPathComponent
        var status = stat()
        let exists = lstat(realTarget, &status) == 0
        if exists, (status.st_mode & S_IFMT) == S_IFLNK, let resolved = Self.realPath(realTarget) {
            realTarget = resolved
        }
        if let directory, let protected = Self.realPath(directory),
            realTarget == protected || realTarget.hasPrefix(protected == "/" ? "/" : protected + "/")
        {
            throw .insideNodeDirectory(path: path, directory: directory)
        }
        if exists {
            guard replacing else { throw .exists(path: path) }
            var resolved = stat()
            guard stat(realTarget, &resolved) == 0, (resolved.st_mode & S_IFMT) == S_IFREG else {
                throw .notRegularFile(path: path)
            }
        }
        // mkstemp creates the file 0600 with a name nobody else can have taken.
        var template = Array((realParent + "/." + target.lastPathComponent + ".outpost-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .cannotWrite(path: path, detail: String(cString: strerror(errno)))
        }
        close(descriptor)
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let stream = OutputStream(toFileAtPath: temporaryPath, append: false) else {
            unlink(temporaryPath)
            throw .cannotWrite(path: path, detail: "cannot open a temporary file beside it")
        }
        stream.open()
        self.stream = stream
    }

    deinit { discard() }

    /// Makes the written content the file at ``path``: flushes it to disk and renames it into place (without
    /// `replacing`, refusing a file that appeared meanwhile).
    public func commit() throws(OutputFileError) {
        guard !finished else { return }
        finished = true
        // (Foundation on Linux traps on `streamError`; the status alone says a write failed.)
        let failed = stream.streamStatus == .error
        stream.close()
        guard !failed else {
            unlink(temporaryPath)
            throw .cannotWrite(path: path, detail: "a write failed (is the disk full?)")
        }
        let descriptor = open(temporaryPath, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        if replacing {
            guard rename(temporaryPath, path) == 0 else {
                let detail = String(cString: strerror(errno))
                unlink(temporaryPath)
                throw .cannotWrite(path: path, detail: detail)
            }
            return
        }
        // link() refuses an existing name, so a file created since the check is not replaced either.
        defer { unlink(temporaryPath) }
        guard link(temporaryPath, path) == 0 else {
            if errno == EEXIST { throw .exists(path: path) }
            throw .cannotWrite(path: path, detail: String(cString: strerror(errno)))
        }
    }

    /// Drops the temporary file; the target is untouched. Does nothing after ``commit()``.
    public func discard() {
        guard !finished else { return }
        finished = true
        stream.close()
        unlink(temporaryPath)
    }

    /// The canonical absolute path (symbolic links and `..` resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Why an output file was refused or could not be written.
public enum OutputFileError: Error, Sendable, CustomStringConvertible {
    case insideNodeDirectory(path: String, directory: String)
    case exists(path: String)
    case notRegularFile(path: String)
    case noDirectory(path: String, directory: String)
    case cannotWrite(path: String, detail: String)

    public var description: String {
        switch self {
        case .insideNodeDirectory(let path, let directory):
            return "refusing to write \(path): it is inside the node directory \(directory), where it could "
                + "overwrite the database or keys; choose a path outside it"
        case .exists(let path):
            return "\(path) exists; pass --force to replace it"
        case .notRegularFile(let path):
            return "\(path) is not a regular file; choose another path"
        case .noDirectory(let path, let directory):
            return "cannot write \(path): the directory \(directory) does not exist"
        case .cannotWrite(let path, let detail):
            return "cannot write \(path): \(detail); nothing was written there"
        }
    }
}
