import Foundation

extension Fixture {
    /// What a program writes on its standard output, and its exit status.
    public static func output(of executable: URL, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// One member of a zip (an .xlsx), read with Python's zipfile; nil when it cannot be read.
    public static func zipMember(_ name: String, of url: URL) throws -> String? {
        let script = "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"
        let result = try output(of: URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, url.path, name])
        return result.status == 0 ? result.text : nil
    }
}
