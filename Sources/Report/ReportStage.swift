import Foundation
import Logging
import Pipeline
import Warehouse

/// The report stage: a self-contained HTML page in `report/` (no scripts, fonts or network):
/// the provincial table against plan and the published figures, the payment month, the
/// exceptions by district and type, and the data received.
public enum ReportStage {
    public static func run(context: RunContext, db: Database, into folder: URL, logger: Logger) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let html = try HTMLReport(context: context, db: db).render()
        try ErrorReport.write(db: db, gazetteer: context.config.gazetteer, into: folder.appendingPathComponent("errors"))
        let url = folder.appendingPathComponent("index.html")
        try Data(html.utf8).write(to: url, options: .atomic)
        // Personal data: readable by the owner only.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        logger.info("report written to \(url.path)")
    }
}
