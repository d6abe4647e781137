import Foundation
import SpikelineSupport

/// A leaf command of the `spikeline` tool.
protocol SpikelineCommand {
  static var spec: CommandSpec { get }
  static func run(_ arguments: ParsedArguments, io: CommandIO) throws
}

/// A node of the command tree: a leaf command or a group of subcommands.
indirect enum CommandNode {
  case leaf(any SpikelineCommand.Type)
  case group(name: String, abstract: String, children: [CommandNode])
  /// A command that runs `main` unless the first argument names one of `children`.
  case command(any SpikelineCommand.Type, children: [CommandNode])

  var name: String {
    switch self {
    case .leaf(let command), .command(let command, _): return command.spec.name
    case .group(let name, _, _): return name
    }
  }

  var abstract: String {
    switch self {
    case .leaf(let command), .command(let command, _): return command.spec.abstract
    case .group(_, let abstract, _): return abstract
    }
  }
}

/// The `spikeline` command line: dispatch, help, errors and exit codes
/// (0 success, 1 failure, 2 usage error).
public enum Spikeline {
  /// The tool's version, printed by `--version`.
  public static let version = "0.1.0"

  static var root: CommandNode { .group(name: "spikeline", abstract: "An event-driven neuromorphic simulator with chip energy models and continual learning by memory replay.", children: commands) }

  /// Runs the tool with `arguments` (without the program name) and returns the exit code.
  public static func main(_ arguments: [String], io: CommandIO) -> Int32 {
    var path = ["spikeline"]
    var node = root
    var remaining = arguments[...]
    if remaining.first == "--version" { io.print(version); return 0 }
    // Walk down the tree: `spikeline bench cuba ...`, or `spikeline help bench cuba`.
    var wantsHelp = false
    if remaining.first == "help" { wantsHelp = true; remaining = remaining.dropFirst() }
    while case .group(_, _, let children) = node, let next = remaining.first {
      if next == "-h" || next == "--help" { wantsHelp = true; remaining = remaining.dropFirst(); continue }
      guard let child = children.first(where: { $0.name == next }) else {
        let names = children.map(\.name)
        let close = names.min { editDistance(next, $0) < editDistance(next, $1) }
        var message = "Unknown subcommand '\(next)'"
        if let close, editDistance(next, close) < 4 { message += ". Did you mean '\(close)'?" }
        return usageFailure(message, usage: "\(path.joined(separator: " ")) <subcommand>", path: path, io: io)
      }
      node = child
      path.append(child.name)
      remaining = remaining.dropFirst()
    }
    if case .command(_, let children) = node, let next = remaining.first, let child = children.first(where: { $0.name == next }) {
      node = child
      path.append(child.name)
      remaining = remaining.dropFirst()
    }
    switch node {
    case .group(_, let abstract, let children):
      let spec = CommandSpec(name: path.last ?? "", abstract: abstract)
      io.write(HelpFormatter.help(spec, path: path.joined(separator: " "), subcommands: children.map { ($0.name, $0.abstract) }))
      return 0
    case .leaf(let command), .command(let command, _):
      let spec = command.spec
      if wantsHelp || remaining.contains("-h") || remaining.contains("--help") {
        var subcommands: [(String, String)] = []
        if case .command(_, let children) = node { subcommands = children.map { ($0.name, $0.abstract) } }
        io.write(HelpFormatter.help(spec, path: path.joined(separator: " "), subcommands: subcommands, runsItself: !subcommands.isEmpty))
        return 0
      }
      do {
        let parsed = try spec.parse(Array(remaining))
        try command.run(parsed, io: io)
        return 0
      } catch let error as SpikelineError where error.kind == .usage {
        return usageFailure(error.message, usage: HelpFormatter.usage(spec, path: path.joined(separator: " ")), path: path, io: io)
      } catch let error as SpikelineErrors {
        for item in error.errors { io.printError("Error: \(item.description)") }
        return 1
      } catch let error as SpikelineError {
        io.printError("Error: \(error.description)")
        return 1
      } catch {
        io.printError("Error: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
        return 1
      }
    }
  }

  static func usageFailure(_ message: String, usage: String, path: [String], io: CommandIO) -> Int32 {
    io.printError("Error: \(message)")
    io.printError("Usage: \(usage)")
    io.printError("  See '\(path.joined(separator: " ")) --help' for more information.")
    return 2
  }
}
