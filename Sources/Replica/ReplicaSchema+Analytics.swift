import GRDB

extension ReplicaSchema {
    /// Local-only tables of segmentation: derived data, recomputed on each node and never replicated.
    static func registerAnalyticsMigrations(_ migrator: inout DatabaseMigrator) {
    }
}
