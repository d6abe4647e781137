import ChipModel
import SpikeCore
import SpikelineSupport

/// Builds a `NetworkScenario` from JSON, reporting problems with their paths.
struct NetworkScenarioParser {
  let cursor: JSONCursor
  let seed: UInt64
  /// Paths (datasets) are relative to the scenario file's directory.
  var directory: String = "."
  /// Keep only this rank's share of the synapses (`ScenarioLoader.RankShare`), nil for all of them.
  var rankShare: ScenarioLoader.RankShare?
  static let topLevelKeys = ["description", "kind", "seed", "time", "populations", "projections", "record", "chip", "fixedPoint"]

  func parse() -> NetworkScenario? {
    cursor.object(known: Self.topLevelKeys, required: ["time", "populations"])
    let time = parseTime(cursor["time"])
    let tick: Double? = { if case .chip(let tick, _)? = time { return tick } else { return nil } }()
    var network = Network(seed: seed)
    var failed = Set<String>()
    if let populations = cursor["populations"].array(required: true) {
      if populations.isEmpty { cursor["populations"].error("must list at least one population") }
      for population in populations { addPopulation(population, to: &network, tick: tick, failed: &failed) }
    }
    let recording = parseRecording(cursor["record"], network: network, failed: failed)
    var arithmetic = ChipArithmetic.floatingPoint
    if cursor["fixedPoint"].isPresent {
      if tick == nil { cursor["fixedPoint"].error("fixed-point arithmetic exists only in chip time") }
      if let format = parseFixedPoint(cursor["fixedPoint"]) {
        arithmetic = .fixedPoint(format)
        // A fixed-point network keeps its weights as the chip's integers (6 bytes a synapse), when they fit 16 bits.
        if tick != nil && format.weightBits <= 16 { try? network.storeWeights(as: .fixedPoint(format)) }
      }
    }
    let chip = parseChip(cursor["chip"])
    if let rankShare, tick != nil {
      // A rank keeps the synapses onto its neurons and onto the rest of the chip cores it costs.
      let margin = ChipSession.rankShareMargin(rankShare.profile ?? chip.profile)
      do { try network.keepRankShare(of: rankShare.ranks, margin: margin) } catch { cursor.diagnostics.add(error, under: "") }
    }
    let projections = (cursor["projections"].array() ?? []).compactMap { parseProjection($0, in: network, tick: tick, failed: failed) }
    if fitsInMemory(projections, network: network, time: time, recording: recording) {
      for projection in projections { addProjection(projection, to: &network) }
    }
    guard let time, let recording else { return nil }
    return NetworkScenario(network: network, timeModel: time, recording: recording, chip: chip, arithmetic: arithmetic)
  }

  // MARK: Time

  func parseTime(_ c: JSONCursor) -> TimeSettings? {
    guard c.object(known: ["model", "tickDuration", "durationSeconds", "durationTicks"], required: ["model"]) else { return nil }
    let positive: (Double) -> String? = { $0 > 0 && $0.isFinite ? nil : "must be > 0 seconds" }
    switch c["model"].string(required: true, allowed: ["chip", "continuous"]) {
    case "chip":
      let tick = c["tickDuration"].double(positive) ?? 1e-3
      var ticks: Int?
      if c["durationTicks"].isPresent {
        ticks = c["durationTicks"].int(in: 1...100_000_000)
      } else if let duration = c["durationSeconds"].double(required: true, positive) {
        let count = (duration / tick * (1 - 1e-12)).rounded(.up)
        if !(count <= 100_000_000) {
          c["durationSeconds"].error("is \(String(format: "%.3g", count)) ticks of \(tick) s, more than the limit of 100,000,000")
        } else {
          ticks = max(Int(count), 1)
        }
      }
      guard let ticks else { return nil }
      return .chip(tickDuration: tick, ticks: ticks)
    case "continuous":
      if c["tickDuration"].isPresent || c["durationTicks"].isPresent {
        c.error("continuous time takes durationSeconds only (no ticks)")
      }
      guard let duration = c["durationSeconds"].double(required: true, { $0 > 0 && $0 <= 1e6 ? nil : "must be in (0, 1e6] seconds" }) else { return nil }
      return .continuous(durationSeconds: duration)
    default:
      return nil
    }
  }

  // MARK: Populations

  func addPopulation(_ c: JSONCursor, to network: inout Network, tick: Double?, failed: inout Set<String>) {
    guard c.object(known: ["name", "size", "neuron", "source", "initialPotential"], required: ["name", "size"]) else { return }
    let name = c["name"].string(required: true)
    let size = c["size"].int(required: true, in: 0...Network.maximumPopulationSize)
    let errorsBefore = c.diagnostics.errors.count
    defer { if c.diagnostics.errors.count > errorsBefore, let name { failed.insert(name) } }
    if c["neuron"].isPresent == c["source"].isPresent {
      c.error("needs exactly one of 'neuron' (a neuron population) or 'source' (spike sources)")
      return
    }
    guard let name, let size else { return }
    if c["source"].isPresent {
      if c["initialPotential"].isPresent { c["initialPotential"].error("spike sources have no membrane potential") }
      guard let source = SourceParser.parse(c["source"], size: size, tick: tick, directory: directory) else { return }
      do { try network.addSource(name, size: size, source: source) } catch { c.diagnostics.add(error, under: c.path) }
      return
    }
    guard let model = NeuronModelParser.parse(c["neuron"], tick: tick) else { return }
    let initial = parseInitialPotential(c["initialPotential"], size: size) ?? .resting
    do {
      try network.addPopulation(name, size: size, model: model, initialPotential: initial)
    } catch {
      c.diagnostics.add(error, under: c.path + (isModelField(error) ? ".neuron" : ""))
    }
  }

  func isModelField(_ error: any Error) -> Bool {
    guard let error = error as? SpikelineError, case .field(let path)? = error.location else { return false }
    return !["name", "size", "initialPotential"].contains(path)
  }

  func parseInitialPotential(_ c: JSONCursor, size: Int) -> Population.InitialPotential? {
    switch c.value {
    case nil, .null?:
      return nil
    case .number?:
      return c.double().map { .constant($0) }
    case .array?:
      return c.doubles().map { .values($0) }
    default:
      if c.singleKey == "uniform", let bounds = c["uniform"].doubles(), bounds.count == 2 { return .uniform(bounds[0], bounds[1]) }
      c.error("expected volts, a list of volts per neuron, or {\"uniform\": [low, high]}")
      return nil
    }
  }

  // MARK: Projections

  /// A projection as parsed, before its synapses are built.
  struct ProjectionPlan {
    var cursor: JSONCursor
    var source: PopulationID
    var target: PopulationID
    var connector: Connector
    var weight: WeightRule
    var delay: DelayRule
    var receptor: Receptor
    var name: String?
  }

  func parseProjection(_ c: JSONCursor, in network: Network, tick: Double?, failed: Set<String>) -> ProjectionPlan? {
    guard c.object(known: ["name", "source", "target", "connector", "weight", "delay", "receptor"],
                   required: ["source", "target", "connector"]) else { return nil }
    let sourceName = c["source"].string(required: true)
    let targetName = c["target"].string(required: true)
    let known = network.populations.map(\.name)
    var endpoints: [PopulationID] = []
    for (key, name) in [("source", sourceName), ("target", targetName)] {
      guard let name else { continue }
      if let id = network.population(named: name) { endpoints.append(id) } else if !failed.contains(name) {
        c[key].error("unknown population '\(name)'" + (closestMatch(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? "")
                     + "; populations: \(known.joined(separator: ", "))")
      }
    }
    let connector = ConnectorParser.parse(c["connector"])
    let weight = ConnectorParser.weightRule(c["weight"]) ?? .constant(0)
    let delay = ConnectorParser.delayRule(c["delay"], tick: tick) ?? .constant(tick ?? 1e-3)
    let receptor = c["receptor"].string(allowed: Receptor.allCases.map(\.rawValue)).flatMap(Receptor.init) ?? .excitatory
    guard endpoints.count == 2, let connector else { return nil }
    return ProjectionPlan(cursor: c, source: endpoints[0], target: endpoints[1], connector: connector, weight: weight,
                          delay: delay, receptor: receptor, name: c["name"].string())
  }

  /// Checks, before any synapse is built, that every projection's table and the membrane
  /// recordings fit together in the memory this process may use; reports the total if not.
  func fitsInMemory(_ projections: [ProjectionPlan], network: Network, time: TimeSettings?, recording: RecordingPlan?) -> Bool {
    var synapses = 0.0, bytes = 0.0
    for plan in projections {
      let sources = network.populations[plan.source.index].size, targets = network.populations[plan.target.index].size
      // A rank that keeps a share of the synapses holds about that share of the targets' synapses.
      let kept = network.synapseShare.map { targets > 0 ? Double($0[plan.target.index].count) / Double(targets) : 0 } ?? 1
      synapses += kept * Network.plannedSynapseCount(plan.connector, sourceCount: sources, targetCount: targets)
      bytes += kept * Network.plannedBytes(plan.connector, sourceCount: sources, targetCount: targets, delay: plan.delay,
                                           weights: network.weightStorage)
    }
    var samples = 0.0
    if let time, let recording {
      let traces = Double(recording.membranes.reduce(0) { $0 + $1.neurons.count })
      switch time {
      case .chip(_, let ticks): samples = traces * Double(ticks)
      case .continuous(let duration): samples = traces * (duration / recording.probeInterval).rounded(.up)
      }
    }
    let total = bytes + samples * 16  // a sample is a time and a potential, 8 bytes each
    do {
      try MemoryBudget.check(total, for: "the network's \(projections.count) projections (about \(Int(min(synapses, 9e18))) synapses, \(MemoryBudget.format(bytes))) and membrane recordings (\(Int(min(samples, 9e18))) samples, \(MemoryBudget.format(samples * 16)))")
      return true
    } catch {
      cursor["projections"].diagnostics.add(error, under: cursor["projections"].path)
      return false
    }
  }

  func addProjection(_ plan: ProjectionPlan, to network: inout Network) {
    do {
      try network.connect(plan.source, to: plan.target, connector: plan.connector, weight: plan.weight, delay: plan.delay,
                          receptor: plan.receptor, name: plan.name)
    } catch {
      plan.cursor.diagnostics.add(error, under: plan.cursor.path)
    }
  }

  // MARK: Recording, chip, fixed point

  func parseRecording(_ c: JSONCursor, network: Network, failed: Set<String>) -> RecordingPlan? {
    guard c.isPresent else { return RecordingPlan() }
    guard c.object(known: ["spikes", "membranes", "probeIntervalSeconds"]) else { return nil }
    var plan = RecordingPlan()
    func lookup(_ name: String, _ at: JSONCursor) -> PopulationID? {
      if let id = network.population(named: name) { return id }
      if !failed.contains(name) { at.error("unknown population '\(name)'") }
      return nil
    }
    switch c["spikes"].value {
    case .string?:
      switch c["spikes"].string(allowed: ["all", "none"]) {
      case "none": plan.spikes = .none
      default: plan.spikes = .all
      }
    case .array?:
      let names = c["spikes"].array() ?? []
      plan.spikes = .populations(names.compactMap { element in element.string(required: true).flatMap { lookup($0, element) } })
    case nil, .null?: break
    default: c["spikes"].error("expected \"all\", \"none\" or a list of population names")
    }
    for probe in c["membranes"].array() ?? [] {
      guard probe.object(known: ["population", "neurons"], required: ["population"]),
            let name = probe["population"].string(required: true), let id = lookup(name, probe["population"]) else { continue }
      let size = network[id].size
      if network[id].isSource { probe["population"].error("'\(name)' is a spike source and has no membrane"); continue }
      var neurons: [Int] = Array(0..<min(size, 8))
      if let list = probe["neurons"].array() {
        neurons = list.compactMap { $0.int(required: true, in: 0...max(size - 1, 0)) }
      }
      plan.membranes.append(.init(population: id, neurons: neurons))
    }
    if let interval = c["probeIntervalSeconds"].double({ $0 > 0 ? nil : "must be > 0 seconds" }) { plan.probeInterval = interval }
    return plan
  }

  func parseChip(_ c: JSONCursor) -> ChipSettings {
    guard c.isPresent, c.object(known: ["profile", "chips", "timestep"]) else { return ChipSettings() }
    var settings = ChipSettings()
    settings.chips = c["chips"].int(in: 1...1024)
    if let step = c["timestep"].double({ $0 > 0 && $0.isFinite ? nil : "must be a positive number of seconds" }) {
      settings.timestep = step
    }
    if let profile = ProfileParser.parse(c["profile"], directory: directory) { settings.profile = profile }
    return settings
  }

  func parseFixedPoint(_ c: JSONCursor) -> FixedPointFormat? {
    guard c.object(known: ["weightBits", "potentialBits", "decayBits", "voltsPerUnit"], required: ["voltsPerUnit"]) else { return nil }
    guard let unit = c["voltsPerUnit"].double(required: true) else { return nil }
    let format = FixedPointFormat(weightBits: c["weightBits"].int() ?? 8, potentialBits: c["potentialBits"].int() ?? 24,
                                  decayBits: c["decayBits"].int() ?? 12, voltsPerUnit: unit)
    for error in format.validationErrors() { c.diagnostics.add(error, under: "") }
    return format.validationErrors().isEmpty ? format : nil
  }
}
