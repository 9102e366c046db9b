import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one JSON object per line, for log collectors (`--log-format json`):
///
///     {"timestamp":"2024-03-02T01:30:02.137Z","level":"info","label":"ansinh.run","message":"…","source":"Normalize","metadata":{}}
///
/// `timestamp` is ISO 8601 in UTC with milliseconds; `level` is swift-log's name of the level
/// (trace, debug, info, notice, warning, error, critical); `metadata` merges the handler's own,
/// the metadata provider's and the log statement's (in that order, the later winning), with an
/// attached error as `error.message` and `error.type`, as `StreamLogHandler` does. A message
/// that spans lines stays on one line (JSON escapes the newlines).
struct JSONLogHandler: LogHandler {
    /// Where finished lines go (each ends with a newline).
    typealias Sink = @Sendable (String) -> Void

    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let sink: Sink

    /// A handler writing to standard error, one `write(2)` per line.
    static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: LoggingSystem.metadataProvider) { line in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// A handler handing each line to `sink` (tests collect them).
    init(label: String, metadataProvider: Logger.MetadataProvider? = nil, sink: @escaping Sink) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        sink(Self.line(timestamp: Date(), level: event.level, label: label, message: event.message.description,
                       source: event.source, metadata: merged))
    }

    /// One log line: the fields in a fixed order (timestamp first, for people reading the file),
    /// metadata keys sorted, ending with a newline.
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, source: String,
                     metadata: Logger.Metadata) -> String {
        var out = "{\"timestamp\":"
        appendString(iso8601(timestamp), to: &out)
        out += ",\"level\":"
        appendString(level.rawValue, to: &out)
        out += ",\"label\":"
        appendString(label, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        out += ",\"source\":"
        appendString(source, to: &out)
        out += ",\"metadata\":"
        appendValue(.dictionary(metadata), to: &out)
        out += "}\n"
        return out
    }

    /// "2024-03-02T01:30:02.137Z" (UTC; thread-safe, unlike a shared date formatter).
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int((seconds - Double(whole)) * 1000))
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendValue(element, to: &out)
            }
            out += "]"
        case .dictionary(let entries):
            out += "{"
            for (index, key) in entries.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                if let element = entries[key] { appendValue(element, to: &out) } else { out += "null" }
            }
            out += "}"
        }
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped;
    /// everything else, Vietnamese included, as UTF-8.
    private static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
