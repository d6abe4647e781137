import SpikelineSupport

/// The costs and capacities of a neuromorphic chip (or of a processor doing the same work).
///
/// Energies are joules per event, latencies seconds per event, powers watts. Every figure is
/// optional: a report that needs a missing figure fails with an error naming it, instead of
/// silently counting it as free. Built-in profiles (`loihi`, `trueNorth`, `embedded45nm`) cite
/// their sources; users add their own in a scenario file (the same JSON keys as these properties).
///
/// Cost model (after SANA-FE, Boyle et al. 2025): energy = Σ events × energy per event + (static
/// power + management power) × powered chips × the chip's own run time; a timestep's latency = the
/// slowest core's summed event latencies + the longest message route + the synchronisation of the
/// chips taking part (never less than `minimumTickDuration`). Figures that model fixed costs
/// (static and management power, synchronisation, chip crossings, host spikes) may be absent: the
/// report then lists them as not modelled instead of failing. `provenance` says, per figure,
/// whether it was measured, derived or assumed, and from which source.
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
  /// Static (leakage and clock) power of one powered chip, watts, whether or not its cores hold
  /// neurons.
  public var staticPowerPerChip: Double?
  /// Power of a chip's embedded management processors (Loihi's x86 cores: spike input and output,
  /// timestep housekeeping) while a model runs, watts per powered chip.
  public var managementPowerPerChip: Double?
  /// Energy of one spike message crossing a chip boundary (off-chip link), joules per crossing.
  public var chipCrossingEnergy: Double?
  /// Energy of injecting one input spike from the host, joules.
  public var hostSpikeEnergy: Double?

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
  /// Synchronisation and housekeeping time per timestep against the chips taking part, seconds,
  /// interpolated linearly between points (held flat beyond the ends). It replaces the on-chip
  /// barrier when larger.
  public var synchronisation: [SynchronisationPoint]?
  /// Latency of one spike message crossing a chip boundary, seconds per crossing.
  public var chipCrossingLatency: Double?
  /// Time to inject one input spike from the host, seconds (input spikes of a tick are injected
  /// one after another).
  public var hostSpikeLatency: Double?

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

  /// Per figure name: measured, derived or assumed, and the source.
  public var provenance: [String: FigureProvenance] = [:]

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
    for figure in ChipProfile.figures {
      switch figure.value(in: self) {
      case .number(let value):
        if !(value >= 0 && value.isFinite) {
          errors.append(.field("profile.\(figure.name)", "must be a finite number >= 0 (got \(value))"))
        }
      case .count(let value):
        if value <= 0 { errors.append(.field("profile.\(figure.name)", "must be >= 1 (got \(value))")) }
      case .table(let points):
        if points.isEmpty { errors.append(.field("profile.\(figure.name)", "must list at least one {chips, seconds} point")) }
        for (index, point) in points.enumerated() {
          if point.chips < 1 { errors.append(.field("profile.\(figure.name)[\(index)].chips", "must be >= 1 (got \(point.chips))")) }
          if !(point.seconds >= 0 && point.seconds.isFinite) {
            errors.append(.field("profile.\(figure.name)[\(index)].seconds", "must be a finite number >= 0 (got \(point.seconds))"))
          }
          if index > 0 && point.chips <= points[index - 1].chips {
            errors.append(.field("profile.\(figure.name)[\(index)].chips", "must be larger than the previous point's \(points[index - 1].chips)"))
          }
        }
      case nil: break
      }
    }
    if name.isEmpty { errors.append(.field("profile.name", "must not be empty")) }
    return errors
  }

  /// The built-in profiles by name.
  public static let builtIn: [ChipProfile] = [.loihi, .loihi2, .trueNorth, .embedded45nm]

  /// A built-in profile by name (case-insensitive), or an error listing the known ones.
  public static func named(_ name: String) throws -> ChipProfile {
    if let profile = builtIn.first(where: { $0.name.lowercased() == name.lowercased() }) { return profile }
    throw SpikelineError.field("profile", "unknown chip profile '\(name)' (known: \(builtIn.map(\.name).joined(separator: ", ")))")
  }
}
