import Foundation
import ZeroMQ

/// The file checks of `outpost doctor`: the key pair on disk.
extension DoctorReport {
    static func publicKeyText(_ directory: NodeDirectory) -> String? {
        (try? String(contentsOfFile: directory.publicKeyPath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The secret key exists, is readable only by its owner (0600), holds a CURVE key, and the public key
    /// file matches it; the keys folder is not writable by others.
    static func keyFiles(_ directory: NodeDirectory) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let manager = FileManager.default
        let secret = directory.secretKeyPath
        func mode(_ path: String) -> Int? { (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? Int }
        let recreate =
            "re-create the node's keys: `outpost init` a new --dir and give its public key to every peer "
            + "(`outpost peer add` there)"
        guard let secretMode = mode(secret), let text = try? String(contentsOfFile: secret, encoding: .utf8) else {
            return [
                DoctorFinding(
                    severity: .error, check: "key-files", message: "no readable secret key at \(secret)",
                    fix: "restore it from a backup, or " + recreate)
            ]
        }
        if secretMode & 0o077 != 0 {
            findings.append(
                DoctorFinding(
                    severity: .error, check: "key-files",
                    message: "\(secret) is readable by others (mode \(String(secretMode, radix: 8))); `serve` refuses "
                        + "to start and the key may have leaked",
                    fix: "chmod 600 '\(secret)' (and replace the key pair if others may have read it)"))
        }
        if let folderMode = mode(directory.keysDirectory.path), folderMode & 0o022 != 0 {
            findings.append(
                DoctorFinding(
                    severity: .warning, check: "key-files",
                    message:
                        "\(directory.keysDirectory.path) is writable by others (mode \(String(folderMode, radix: 8)))",
                    fix: "chmod 700 '\(directory.keysDirectory.path)'"))
        }
        guard let key = try? CurveKey(z85: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let pair = try? CurveKeyPair(secretKey: key)
        else {
            findings.append(
                DoctorFinding(
                    severity: .error, check: "key-files", message: "\(secret) does not hold a CURVE secret key",
                    fix: "restore it from a backup, or " + recreate))
            return findings
        }
        if publicKeyText(directory) != pair.publicKey.z85 {
            findings.append(
                DoctorFinding(
                    severity: .warning, check: "key-files",
                    message: "\(directory.publicKeyPath) does not match the secret key, so `keys show` prints a key "
                        + "peers cannot use",
                    fix: "write \(pair.publicKey.z85) into \(directory.publicKeyPath) and give that key to peers"))
        }
        return findings
    }
}
