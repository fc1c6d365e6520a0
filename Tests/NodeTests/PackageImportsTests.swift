import Foundation
import Testing

/// `Package.swift` declares exactly what each target imports. SwiftPM's
/// `--explicit-target-dependency-import-check` (scripts/test.sh) catches an import of a package target that is
/// not declared, but it accepts one reachable through another dependency and does not look at products of
/// other packages (GRDB, swift-log); this test compares both ways, for every target and product.
@Suite struct PackageImportsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Modules of the toolchain and the system, never declared.
    static let system: Set<String> = ["Foundation", "Dispatch", "Glibc", "Synchronization", "Testing", "XCTest"]
    /// Declared without an import: the CLI tests run the `outpost` binary, which must be built first.
    static let buildOnly: [String: Set<String>] = ["OutpostCLITests": ["outpost"]]

    /// Target name → its declared modules and its `path:` when it gives one.
    static func targets() throws -> [String: (dependencies: Set<String>, path: String?)] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let body = manifest[manifest.range(of: "targets: [")!.upperBound...]
        var result: [String: (dependencies: Set<String>, path: String?)] = [:]
        let chunks = body.split(separator: #/\.(?:target|testTarget|executableTarget|systemLibrary)\(/#)
        for chunk in chunks.dropFirst() {
            guard let name = chunk.firstMatch(of: #/name: "([\w-]+)"/#)?.1 else { continue }
            var dependencies: Set<String> = []
            if let list = chunk.firstMatch(of: #/dependencies: \[([^\]]*)\]/#)?.1 {
                let products = list.replacing(#/\.product\(name: "([\w-]+)", package: "[^"]+"\)/#) { "\"\($0.1)\"" }
                for match in products.matches(of: #/"([\w-]+)"/#) { dependencies.insert(String(match.1)) }
            }
            let path = chunk.firstMatch(of: #/path: "([^"]+)"/#).map { String($0.1) }
            result[String(name)] = (dependencies, path)
        }
        return result
    }

    /// The modules a target's sources import (`import X`, `@testable import X`).
    static func imports(of directory: URL) throws -> Set<String> {
        var modules: Set<String> = []
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: #/(?m)^(?:@testable )?import (\w+)$/#) { modules.insert(String(match.1)) }
        }
        return modules.subtracting(system)
    }

    @Test func everyTargetDeclaresExactlyWhatItImports() throws {
        let targets = try Self.targets()
        var checked = 0
        for (target, (dependencies, path)) in targets.sorted(by: { $0.key < $1.key }) where target != "CZeroMQ" {
            let directory = try #require(
                ([path].compactMap { $0 } + ["Sources/\(target)", "Tests/\(target)"]).map {
                    Self.root.appendingPathComponent($0)
                }.first { FileManager.default.fileExists(atPath: $0.path) }, "\(target) has no source folder")
            let imported = try Self.imports(of: directory)
            let expected = dependencies.subtracting(Self.buildOnly[target] ?? [])
            #expect(
                imported.subtracting(expected).isEmpty,
                "\(target) imports undeclared \(imported.subtracting(expected).sorted())")
            #expect(
                expected.subtracting(imported).isEmpty,
                "\(target) declares unused \(expected.subtracting(imported).sorted())")
            checked += 1
        }
        #expect(checked == targets.count - 1, "every target but the system library was checked")
        #expect(targets.keys.contains("FuzzWire"), "the fuzz targets are read too")
    }
}
