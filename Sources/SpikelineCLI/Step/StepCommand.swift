import Foundation
import ChipModel
import ScenarioKit
import SpikeCore
import SpikelineSupport

/// `spikeline step <scenario>`: watch a network tick by tick (or event by event) in a terminal.
struct StepCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "step",
    abstract: "Step through a network scenario in the terminal, watching spikes, potentials and costs.",
    discussion: """
      Full-screen viewer: the clock, a scrolling spike raster, membrane potentials of the selected \
      population as bars with the threshold marked, the next events in the queue, and running \
      counters (synaptic operations, energy, latency). Keys: n or space one tick (chip time) or one \
      event (continuous time); 1-9 that many; t run to a time (ms); s run to the next spike of the \
      selected neuron; p/P next/previous population; +/- or the arrow keys the selected neuron; g go \
      to a neuron by index (the shown window follows it); r run to the end; q quit. The frame \
      follows the terminal's size. Without a terminal, or with --script or --ticks, the same frames \
      are printed as plain text. Script tokens: n, a number k (k steps), t<ms>, s, p<population>, \
      g<neuron>, +, -, r, q.
      """,
    arguments: [ArgumentSpec("scenario", "A network scenario JSON file.")],
    options: [
      .value("--script", "<keys>", "Space-separated commands; prints a frame after each (e.g. \"n n n 10 q\")."),
      .value("--ticks", "<n>", "Print a frame after each of the first n steps and stop."),
      .value("--population", "<name>", "Population whose potentials are shown (default: the first neuron population)."),
      .value("--profile", "<name|file>", "Chip profile for the running energy and latency."),
      .value("--width", "<columns>", "Frame width in plain-text mode.", default: "100"),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let scenario = try ScenarioLoader.load(arguments.positionals[0])
    guard case .network(let body) = scenario.body else {
      throw SpikelineError(.unsupported, file: scenario.file, location: .field("kind"), "step shows network scenarios; this one is an experiment")
    }
    let steppable = try SteppableRun(scenario: scenario, body: body, profile: try arguments.value("--profile").map(ProfileLoader.resolve))
    var frame = StepFrame(width: try arguments.int("--width", default: 100, in: 40...400), height: 40,
                          population: body.network.populations.firstIndex { !$0.isSource } ?? 0, neuron: 0, message: "")
    if let name = arguments.value("--population") {
      guard let id = body.network.population(named: name) else {
        throw SpikelineError.usage("--population: no population named '\(name)' (populations: \(body.network.populations.map(\.name).joined(separator: ", ")))")
      }
      frame.population = id.index
    }
    if let script = arguments.value("--script") {
      try runScript(script.split(separator: " ").map(String.init), steppable, &frame, io)
    } else if let ticks = try arguments.int("--ticks", in: 0...1_000_000) {
      printFrame(steppable, frame, io)
      for _ in 0..<ticks where steppable.advance() { printFrame(steppable, frame, io) }
    } else if io.isInteractive {
      interactive(steppable, &frame)
    } else {
      throw SpikelineError.usage("standard input is not a terminal: use --script \"n n q\" or --ticks N for plain-text frames")
    }
  }

  static func printFrame(_ run: SteppableRun, _ frame: StepFrame, _ io: CommandIO) {
    io.print(frame.render(run).joined(separator: "\n"))
    io.print(String(repeating: "=", count: frame.width))
  }

  /// Applies one command; returns false to quit.
  static func apply(_ command: String, _ run: SteppableRun, _ frame: inout StepFrame) throws -> Bool {
    let network = run.network
    frame.message = ""
    switch command {
    case "q": return false
    case "n", "e", " ": if !run.advance() { frame.message = "end of the run" }
    case "r": run.run(until: run.duration)
    case "s":
      if network.populations[frame.population].isSource && network.populations[frame.population].size == 0 { break }
      frame.message = run.runToNextSpike(population: frame.population, neuron: frame.neuron)
        ? "\(network.populations[frame.population].name)[\(frame.neuron)] spiked" : "no more spikes of that neuron before the end"
    case "+": frame.neuron = min(frame.neuron + 1, max(network.populations[frame.population].size - 1, 0))
    case "-": frame.neuron = max(frame.neuron - 1, 0)
    case "p", "P":
      let count = network.populations.count
      frame.population = (frame.population + (command == "p" ? 1 : count - 1)) % count
      frame.neuron = 0
    default:
      if let steps = Int(command), steps >= 0 {
        for _ in 0..<steps {
          guard run.advance() else { frame.message = "end of the run"; break }
        }
      } else if command.hasPrefix("t"), let ms = Double(command.dropFirst().drop { $0 == "=" }) {
        if ms * 1e-3 < run.time - 1e-15 {
          frame.message = String(format: "cannot go back in time: the run is at %.6g ms; start step again to see %.6g ms", run.time * 1e3, ms)
        } else {
          run.run(until: ms * 1e-3)
        }
      } else if command.hasPrefix("g"), let index = Int(command.dropFirst()) {
        let size = network.populations[frame.population].size
        guard (0..<size).contains(index) else {
          frame.message = "'\(network.populations[frame.population].name)' has neurons 0…\(size - 1); \(index) is not one of them"
          return true
        }
        frame.neuron = index
      } else if command.hasPrefix("p"), let id = network.population(named: String(command.dropFirst())) {
        frame.population = id.index
        frame.neuron = 0
      } else {
        throw SpikelineError.usage("unknown step command '\(command)' (use n, a number, t<ms>, s, p<population>, g<neuron>, +, -, r, q)")
      }
    }
    return true
  }

  static func runScript(_ commands: [String], _ run: SteppableRun, _ frame: inout StepFrame, _ io: CommandIO) throws {
    printFrame(run, frame, io)
    for command in commands {
      guard try apply(command, run, &frame) else { return }
      printFrame(run, frame, io)
    }
  }

  static func interactive(_ run: SteppableRun, _ frame: inout StepFrame) {
    Terminal.enter()
    defer { Terminal.leave() }
    while true {
      let size = Terminal.size()
      frame.width = size.columns
      frame.height = size.rows
      let lines = frame.render(run).prefix(size.rows)
      Terminal.write("\u{1B}[H\u{1B}[2J" + lines.joined(separator: "\r\n"))
      // Wait for a key, redrawing when the terminal is resized.
      var key: UInt8?
      while key == nil {
        switch Terminal.readByte(timeout: 0.2) {
        case .byte(let byte): key = byte
        case .endOfInput: return
        case .timedOut: if Terminal.size() != size { key = 0 }
        }
      }
      guard let byte = key, byte != 0 else { continue }
      var command: String
      switch byte {
      case 3, UInt8(ascii: "q"): return
      case UInt8(ascii: "1")...UInt8(ascii: "9"): command = String(Character(UnicodeScalar(byte)))
      case UInt8(ascii: "t"):
        guard let text = Terminal.prompt("run to time (ms): ", row: size.rows), !text.isEmpty else { continue }
        command = "t" + text
      case UInt8(ascii: "g"):
        guard let text = Terminal.prompt("go to neuron: ", row: size.rows), !text.isEmpty else { continue }
        command = "g" + text
      case 27:
        // Arrow keys: up/down change the neuron, right steps.
        guard Terminal.readByte() == UInt8(ascii: "["), let key = Terminal.readByte() else { continue }
        command = key == UInt8(ascii: "A") ? "-" : key == UInt8(ascii: "B") ? "+" : "n"
      default: command = String(Character(UnicodeScalar(byte)))
      }
      do {
        if try !apply(command, run, &frame) { return }
      } catch {
        frame.message = "\(error)"
      }
    }
  }
}
