import Foundation
import ZeroMQ

/// The node's CURVE key pair on disk: `keys/curve.secret` (Z85, mode 0600) and `keys/curve.public`.
public enum NodeKeys {
    /// Generates and writes a key pair; the secret file is created 0600 before any byte is written.
    @discardableResult
    public static func generate(in directory: NodeDirectory) throws -> CurveKeyPair {
        let pair = try CurveKeyPair.generate()
        try FileManager.default.createDirectory(
            at: directory.keysDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let created = FileManager.default.createFile(
            atPath: directory.secretKeyPath, contents: nil, attributes: [.posixPermissions: 0o600])
        guard created else { throw NodeError.invalidArgument("cannot create \(directory.secretKeyPath)") }
        try Data((pair.secretKey.z85 + "\n").utf8).write(to: URL(fileURLWithPath: directory.secretKeyPath))
        try Data((pair.publicKey.z85 + "\n").utf8).write(to: URL(fileURLWithPath: directory.publicKeyPath))
        return pair
    }

    /// Loads the key pair, refusing a secret key that others can read.
    public static func load(from directory: NodeDirectory) throws -> CurveKeyPair {
        let attributes = try? FileManager.default.attributesOfItem(atPath: directory.secretKeyPath)
        guard let attributes, let text = try? String(contentsOfFile: directory.secretKeyPath, encoding: .utf8) else {
            throw NodeError.notFound(
                "no key pair in \(directory.keysDirectory.path): was the node made with `outpost init`?")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw NodeError.invalidArgument(
                "\(directory.secretKeyPath) is readable by others (mode \(String(mode, radix: 8))): "
                    + "run `chmod 600 \(directory.secretKeyPath)`")
        }
        do {
            return try CurveKeyPair(secretKey: try CurveKey(z85: text.trimmingCharacters(in: .whitespacesAndNewlines)))
        } catch {
            throw NodeError.invalidArgument("\(directory.secretKeyPath) does not hold a CURVE secret key: \(error)")
        }
    }

    /// Checks a public key given on the command line.
    public static func validatePublicKey(_ text: String) throws {
        do {
            _ = try CurveKey(z85: text)
        } catch {
            throw NodeError.invalidArgument(
                "'\(text)' is not a CURVE public key (40 Z85 characters, as `outpost keys show` prints)")
        }
    }
}
