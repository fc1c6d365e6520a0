import ArgumentParser
import Node
import Replica

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a node: directory, database, site id and key pair.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Node name, e.g. east-shanghai.") var name: String
    @Option(help: "office or hq.") var role: NodeIdentity.Role
    @Option(help: "Regions this node holds: an office's, e.g. east or east,north; all for hq.") var region: String
    @Option(help: "Endpoint to listen on, e.g. tcp://127.0.0.1:7701.") var listen: String?

    func run() throws {
        let directory = global.directory
        let identity = try NodeSetup.initialize(directory, name: name, role: role, region: region, listen: listen)
        print(
            "initialized \(identity.role.rawValue) node '\(identity.name)' (region \(identity.region)) in \(directory.root.path)"
        )
        print("node id \(identity.siteID.uuidString.lowercased())")
    }
}

extension NodeIdentity.Role: ExpressibleByArgument {}
