import SpikelineSupport

/// The costs and capacities of a neuromorphic chip (or of a processor doing the same work).
///
/// Energies are joules per event, latencies seconds per event, powers watts. Every figure is
/// optional: a report that needs a missing figure fails with an error naming it, instead of
/// silently counting it as free. Built-in profiles (`loihi`, `trueNorth`, `embedded45nm`) cite
/// their sources; users add their own in a scenario file (the same JSON keys as these properties).
///
/// Cost model (after SANA-FE, Boyle et al. 2025): energy = static power × time + Σ events × energy
/// per event; a tick's latency = the slowest core's summed event latencies + the longest message
/// route + the barrier.
public struct ChipProfile: Codable, Sendable, Equatable {
  /// A short identifier, such as `loihi`, used by `--profile` and scenario files.
  public var name: String
  /// One line describing what the profile models.
  public var summary: String
  /// Where the figures come from.
  public var sources: [String]

  // MARK: Energy, joules per event
  /// One synaptic event: a spike delivered over one synapse (read weight, accumulate).
  public var synapticOpEnergy: Double?
  /// One neuron update in a tick when the neuron does not spike.
  public var neuronUpdateEnergy: Double?
  /// One neuron update in a tick when the neuron spikes (includes the spike's generation).
  public var activeNeuronUpdateEnergy: Double?
  /// One spike message sent from a core to one destination core (within a tile).
  public var spikeMessageEnergy: Double?
  /// Each east–west mesh hop of a message.
  public var hopEnergyEastWest: Double?
  /// Each north–south mesh hop of a message.
  public var hopEnergyNorthSouth: Double?
  /// One on-chip synaptic weight update (learning).
  public var synapticUpdateEnergy: Double?
  /// One multiply-accumulate of dense work (training's backward pass and updates).
  public var macEnergy: Double?
  /// One accumulate (addition) of dense work.
  public var accumulateEnergy: Double?
  /// One 32-bit memory access (buffer reads, decompression).
  public var memoryAccessEnergy: Double?
  /// Static (leakage and clock) power per core in use, watts.
  public var staticPowerPerCore: Double?

  // MARK: Latency, seconds per event
  /// One synaptic event at its core, seconds.
  public var synapticOpLatency: Double?
  /// Updating one neuron that did not spike, seconds.
  public var neuronUpdateLatency: Double?
  /// Updating one neuron that spiked, seconds.
  public var activeNeuronUpdateLatency: Double?
  /// Sending one spike message from a core, seconds.
  public var spikeMessageLatency: Double?
  /// One east–west mesh hop, seconds.
  public var hopLatencyEastWest: Double?
  /// One north–south mesh hop, seconds.
  public var hopLatencyNorthSouth: Double?
  /// One synaptic weight update (learning), seconds.
  public var synapticUpdateLatency: Double?
  /// One multiply-accumulate of dense work, seconds.
  public var macLatency: Double?
  /// One accumulate of dense work, seconds.
  public var accumulateLatency: Double?
  /// One 32-bit memory access, seconds.
  public var memoryAccessLatency: Double?
  /// Barrier synchronisation at the end of a tick with one tile in use.
  public var barrierLatencyOneTile: Double?
  /// Barrier synchronisation with every tile of a chip in use (linear in between).
  public var barrierLatencyAllTiles: Double?
  /// A tick never completes faster than this (a chip throttled to a fixed tick, e.g. TrueNorth's 1 ms).
  public var minimumTickDuration: Double?

  // MARK: Capacity
  /// Neurons (compartments) one core holds.
  public var neuronsPerCore: Int?
  /// Incoming synapses one core stores.
  public var synapsesPerCore: Int?
  /// Distinct source neurons (axons) one core accepts.
  public var fanInPerCore: Int?
  /// Cores on one chip.
  public var coresPerChip: Int?
  /// Cores sharing one router (a tile); messages between them make no hop.
  public var coresPerTile: Int?
  /// Tiles per row of the chip's mesh.
  public var meshColumns: Int?
  /// Bits stored per synapse (weight and index).
  public var bitsPerSynapse: Int?
  /// Bits of state per neuron.
  public var bitsPerNeuron: Int?
  /// Units working in parallel on dense (training) work.
  public var denseParallelism: Int?

  /// A profile with no figures yet; `sources` cite where its figures come from.
  public init(name: String, summary: String, sources: [String]) {
    self.name = name
    self.summary = summary
    self.sources = sources
  }

  /// The value of a figure, or an error naming it.
  public func require(_ value: Double?, _ field: String, for purpose: String) throws -> Double {
    guard let value else {
      throw SpikelineError.field("profile.\(field)", "profile '\(name)' has no \(field), needed for \(purpose)")
    }
    return value
  }

  /// The value of a capacity, or an error naming it.
  public func require(_ value: Int?, _ field: String, for purpose: String) throws -> Int {
    guard let value else {
      throw SpikelineError.field("profile.\(field)", "profile '\(name)' has no \(field), needed for \(purpose)")
    }
    return value
  }

  /// Every figure that is present but negative, non-finite or zero where it must be positive.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    let energies: [(String, Double?)] = [
      ("synapticOpEnergy", synapticOpEnergy), ("neuronUpdateEnergy", neuronUpdateEnergy),
      ("activeNeuronUpdateEnergy", activeNeuronUpdateEnergy), ("spikeMessageEnergy", spikeMessageEnergy),
      ("hopEnergyEastWest", hopEnergyEastWest), ("hopEnergyNorthSouth", hopEnergyNorthSouth),
      ("synapticUpdateEnergy", synapticUpdateEnergy), ("macEnergy", macEnergy), ("accumulateEnergy", accumulateEnergy),
      ("memoryAccessEnergy", memoryAccessEnergy), ("staticPowerPerCore", staticPowerPerCore),
      ("synapticOpLatency", synapticOpLatency), ("neuronUpdateLatency", neuronUpdateLatency),
      ("activeNeuronUpdateLatency", activeNeuronUpdateLatency), ("spikeMessageLatency", spikeMessageLatency),
      ("hopLatencyEastWest", hopLatencyEastWest), ("hopLatencyNorthSouth", hopLatencyNorthSouth),
      ("synapticUpdateLatency", synapticUpdateLatency), ("macLatency", macLatency),
      ("accumulateLatency", accumulateLatency), ("memoryAccessLatency", memoryAccessLatency),
      ("barrierLatencyOneTile", barrierLatencyOneTile), ("barrierLatencyAllTiles", barrierLatencyAllTiles),
      ("minimumTickDuration", minimumTickDuration),
    ]
    for (field, value) in energies {
      if let value, !(value >= 0 && value.isFinite) {
        errors.append(.field("profile.\(field)", "must be a finite number >= 0 (got \(value))"))
      }
    }
    let capacities: [(String, Int?)] = [
      ("neuronsPerCore", neuronsPerCore), ("synapsesPerCore", synapsesPerCore), ("fanInPerCore", fanInPerCore),
      ("coresPerChip", coresPerChip), ("coresPerTile", coresPerTile), ("meshColumns", meshColumns),
      ("bitsPerSynapse", bitsPerSynapse), ("bitsPerNeuron", bitsPerNeuron), ("denseParallelism", denseParallelism),
    ]
    for (field, value) in capacities {
      if let value, value <= 0 { errors.append(.field("profile.\(field)", "must be >= 1 (got \(value))")) }
    }
    if name.isEmpty { errors.append(.field("profile.name", "must not be empty")) }
    return errors
  }

  /// The built-in profiles by name.
  public static let builtIn: [ChipProfile] = [.loihi, .trueNorth, .embedded45nm]

  /// A built-in profile by name (case-insensitive), or an error listing the known ones.
  public static func named(_ name: String) throws -> ChipProfile {
    if let profile = builtIn.first(where: { $0.name.lowercased() == name.lowercased() }) { return profile }
    throw SpikelineError.field("profile", "unknown chip profile '\(name)' (known: \(builtIn.map(\.name).joined(separator: ", ")))")
  }
}
