import ArgumentParser

@main
struct Ansinh: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ansinh")
}
