import Foundation
import Logging
import Pipeline
import Warehouse

/// The report stage, into `report/`: `index.html` (one self-contained page: no scripts, fonts
/// or network), `bao-cao.xlsx`, `districts/<code>-<name>.csv` (each district's exceptions) and
/// `errors/<code>-<name>.csv` (each district's rejects and findings). Citizen IDs are masked
/// unless `options.unmasked`; every file is readable by its owner only.
public enum ReportStage {
    /// Starts writing the files that depend on nothing after reconcile — each district's
    /// error file (rejects and findings) and exception list — on a connection of its own, into
    /// `folder` (created owner-only): `ansinh run` writes them while aggregate and the checks
    /// run on its connection. Nil for an in-memory warehouse, which no other connection sees.
    public static func startListings(context: RunContext, db: Database, into folder: URL,
                                     options: ReportOptions = ReportOptions()) throws -> Background<Void>? {
        guard let reader = try db.reader() else { return nil }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return Background { try writeListings(reader, context: context, into: folder, options: options) }
    }

    private static func writeListings(_ db: Database, context: RunContext, into folder: URL, options: ReportOptions) throws {
        try ErrorReport.write(db: db, gazetteer: context.config.gazetteer, into: folder.appendingPathComponent("errors"), options: options)
        try DistrictExceptions.write(db: db, context: context, into: folder.appendingPathComponent("districts"), options: options)
    }

    /// Writes every report file of the warehouse into `folder` (created owner-only).
    ///
    /// With `listings` (from `startListings`), the error files and district lists are those.
    public static func run(context: RunContext, db: Database, into folder: URL, logger: Logger,
                           options: ReportOptions = ReportOptions(), listings: Background<Void>? = nil) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // The files only read the warehouse: the error files, the district lists and the
        // workbook on a connection of their own, beside the page (about half the work each).
        // Lists already being written (`startListings`) are waited for with the workbook.
        func others(_ db: Database) throws {
            if let listings { try listings.wait() } else { try writeListings(db, context: context, into: folder, options: options) }
            try ExcelReport.write(db: db, context: context, options: options, to: folder.appendingPathComponent("bao-cao.xlsx"))
        }
        let beside = try db.reader().map { reader in Background { try others(reader) } }
        defer { beside?.finish() }
        let html = try HTMLReport(context: context, db: db, options: options).render()
        if let beside { try beside.wait() } else { try others(db) }
        let url = folder.appendingPathComponent("index.html")
        try ReportFile.write(Data(html.utf8), to: url)
        if options.unmasked { logger.warning("report files written with citizen IDs unmasked: keep them inside the department") }
        logger.info("report written to \(url.path)")
    }
}
