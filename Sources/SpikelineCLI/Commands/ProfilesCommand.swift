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
    var table = TextTable(["name", "cores/chip", "neurons/core", "synaptic op", "static/chip", "summary"])
    for profile in ChipProfile.builtIn {
      table.add([profile.name, profile.coresPerChip.map { "\($0)" } ?? "-", profile.neuronsPerCore.map { "\($0)" } ?? "-",
                 profile.synapticOpEnergy.map { Format.si($0, "J") } ?? "-",
                 profile.staticPowerPerChip.map { Format.si($0, "W") } ?? "not modelled", profile.summary])
    }
    io.print(table.text)
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
    var table = TextTable(["figure", "value", "basis", "source"])
    for figure in ChipProfile.figures {
      let note = profile.provenance[figure.name]
      let value: String
      switch figure.value(in: profile) {
      case .number(let number)?: value = Format.si(number, figure.unit)
      case .count(let count)?: value = "\(count) \(figure.unit)"
      case .table(let points)?: value = points.map { "\($0.chips):\(Format.si($0.seconds, "s"))" }.joined(separator: " ")
      case nil: value = "not modelled"
      }
      var source = note?.source ?? (figure.value(in: profile) == nil ? "the profile lacks it" : "-")
      if let fitted = note?.fittedTo { source += " [fitted to: \(fitted)]" }
      table.add([figure.name, value, note?.basis.rawValue ?? "-", source])
    }
    io.print(table.text)
  }
}
