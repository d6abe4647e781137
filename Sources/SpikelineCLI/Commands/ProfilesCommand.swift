import ChipModel
import ScenarioKit
import SpikelineSupport

/// `spikeline profiles`: the built-in chip profiles, one line each.
struct ProfilesCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "profiles",
    abstract: "List the built-in chip profiles (loihi, loihi2, truenorth, embedded).",
    discussion: """
      A profile prices every counted event (synaptic operations, neuron updates, messages, hops) \
      and the fixed costs of the chips powered (static and management power, per-timestep \
      synchronisation). `spikeline profiles show NAME` prints every figure with its unit, source and \
      whether it was measured, derived or assumed. Scenarios and --profile accept a built-in name, a \
      profile JSON file, or {"base": "loihi", ...overrides}.
      """,
    options: [.flag("--json", "Print the profiles, every figure included, as one JSON document.")])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    if arguments.flag("--json") {
      struct Listing: Encodable { var profiles: [ChipProfile] }
      try io.printJSON(Listing(profiles: ChipProfile.builtIn))
      return
    }
    for profile in ChipProfile.builtIn {
      io.print(profile.name.padding(toLength: 11, withPad: " ", startingAt: 0) + profile.summary)
      var figures: [String] = []
      if let cores = profile.coresPerChip { figures.append("\(cores) cores/chip") }
      if let neurons = profile.neuronsPerCore { figures.append("\(neurons) neurons/core") }
      if let energy = profile.synapticOpEnergy { figures.append("synaptic op \(Format.si(energy, "J"))") }
      figures.append("static " + (profile.staticPowerPerChip.map { Format.si($0, "W") + "/chip" } ?? "not modelled"))
      io.print(String(repeating: " ", count: 11) + figures.joined(separator: ", "))
    }
    io.print("Every figure with its source: spikeline profiles show <name>")
  }
}

/// `spikeline profiles show NAME`: every figure of one profile with unit and provenance.
struct ProfilesShowCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "show",
    abstract: "Print every figure of a chip profile with its unit, source, and whether it is measured, derived or assumed.",
    arguments: [ArgumentSpec("profile", "A built-in profile name (see `spikeline profiles`) or a profile JSON file.")],
    options: [.flag("--json", "Print the profile as JSON (the format a --profile file takes).")])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let profile = try ProfileLoader.resolve(arguments.positionals[0])
    if arguments.flag("--json") {
      try io.printJSON(profile)
      return
    }
    io.print("\(profile.name): \(profile.summary)")
    for source in profile.sources { io.print("  source: \(source)") }
    func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
      let fill = String(repeating: " ", count: max(width - text.count, 0))
      return right ? fill + text : text + fill
    }
    io.print(pad("figure", 26) + pad("value", 16, right: true) + "  " + pad("basis", 9) + "source")
    for figure in ChipProfile.figures {
      let note = profile.provenance[figure.name]
      let value: String
      var points: [SynchronisationPoint] = []
      switch figure.value(in: profile) {
      case .number(let number)?: value = Format.si(number, figure.unit)
      case .count(let count)?: value = "\(count) \(figure.unit)"
      case .table(let table)?: value = "table below"; points = table
      case nil: value = "not modelled"
      }
      var source = note?.source ?? (figure.value(in: profile) == nil ? "not in this profile" : "-")
      if let fitted = note?.fittedTo { source += " [fitted to: \(fitted)]" }
      io.print(pad(figure.name, 26) + pad(value, 16, right: true) + "  " + pad(note?.basis.rawValue ?? "-", 9) + source)
      for point in points {
        io.print(pad("", 26) + pad(Format.si(point.seconds, "s"), 16, right: true) + "  at \(point.chips) chip\(point.chips == 1 ? "" : "s")")
      }
    }
  }
}
