extension ChipProfile {
  /// The value of one figure of a profile.
  public enum FigureValue: Sendable, Equatable {
    /// An energy (joules), latency (seconds) or power (watts).
    case number(Double)
    /// A capacity.
    case count(Int)
    /// A synchronisation table.
    case table([SynchronisationPoint])
  }

  /// One figure a profile can hold: its JSON key, unit and meaning.
  public struct Figure: Sendable {
    /// The JSON key and property name, e.g. `synapticOpEnergy`.
    public let name: String
    /// The unit: J, s, W, or a count's noun.
    public let unit: String
    /// What the figure prices, one line.
    public let meaning: String
    let read: @Sendable (ChipProfile) -> FigureValue?

    /// The figure's value in `profile`, nil if the profile lacks it.
    public func value(in profile: ChipProfile) -> FigureValue? { read(profile) }

    static func number(_ name: String, _ unit: String, _ meaning: String,
                       _ path: KeyPath<ChipProfile, Double?> & Sendable) -> Figure {
      Figure(name: name, unit: unit, meaning: meaning) { $0[keyPath: path].map(FigureValue.number) }
    }

    static func count(_ name: String, _ unit: String, _ meaning: String,
                      _ path: KeyPath<ChipProfile, Int?> & Sendable) -> Figure {
      Figure(name: name, unit: unit, meaning: meaning) { $0[keyPath: path].map(FigureValue.count) }
    }
  }

  /// Every figure a profile can hold, in the order `spikeline profiles show` prints them.
  public static let figures: [Figure] = [
    .number("synapticOpEnergy", "J", "one synaptic event (a spike over one synapse)", \.synapticOpEnergy),
    .number("neuronUpdateEnergy", "J", "one neuron update without a spike", \.neuronUpdateEnergy),
    .number("activeNeuronUpdateEnergy", "J", "one neuron update with a spike", \.activeNeuronUpdateEnergy),
    .number("spikeMessageEnergy", "J", "one spike message from a core to a destination core", \.spikeMessageEnergy),
    .number("hopEnergyEastWest", "J", "one east-west mesh hop of a message", \.hopEnergyEastWest),
    .number("hopEnergyNorthSouth", "J", "one north-south mesh hop of a message", \.hopEnergyNorthSouth),
    .number("chipCrossingEnergy", "J", "one message crossing a chip boundary", \.chipCrossingEnergy),
    .number("hostSpikeEnergy", "J", "one input spike injected from the host", \.hostSpikeEnergy),
    .number("synapticUpdateEnergy", "J", "one on-chip synaptic weight update", \.synapticUpdateEnergy),
    .number("macEnergy", "J", "one multiply-accumulate of dense work", \.macEnergy),
    .number("accumulateEnergy", "J", "one accumulate of dense work", \.accumulateEnergy),
    .number("memoryAccessEnergy", "J", "one 32-bit memory access", \.memoryAccessEnergy),
    .number("staticPowerPerChip", "W", "static power of one powered chip", \.staticPowerPerChip),
    .number("managementPowerPerChip", "W", "management processors of one powered chip while running", \.managementPowerPerChip),
    .number("synapticOpLatency", "s", "one synaptic event at its core", \.synapticOpLatency),
    .number("neuronUpdateLatency", "s", "one neuron update without a spike", \.neuronUpdateLatency),
    .number("activeNeuronUpdateLatency", "s", "one neuron update with a spike", \.activeNeuronUpdateLatency),
    .number("spikeMessageLatency", "s", "sending one spike message from a core", \.spikeMessageLatency),
    .number("hopLatencyEastWest", "s", "one east-west mesh hop", \.hopLatencyEastWest),
    .number("hopLatencyNorthSouth", "s", "one north-south mesh hop", \.hopLatencyNorthSouth),
    .number("chipCrossingLatency", "s", "one message crossing a chip boundary", \.chipCrossingLatency),
    .number("hostSpikeLatency", "s", "injecting one input spike from the host", \.hostSpikeLatency),
    .number("synapticUpdateLatency", "s", "one synaptic weight update", \.synapticUpdateLatency),
    .number("macLatency", "s", "one multiply-accumulate of dense work", \.macLatency),
    .number("accumulateLatency", "s", "one accumulate of dense work", \.accumulateLatency),
    .number("memoryAccessLatency", "s", "one 32-bit memory access", \.memoryAccessLatency),
    .number("barrierLatencyOneTile", "s", "on-chip barrier with one tile in use", \.barrierLatencyOneTile),
    .number("barrierLatencyAllTiles", "s", "on-chip barrier with every tile in use", \.barrierLatencyAllTiles),
    Figure(name: "synchronisation", unit: "s", meaning: "synchronisation and housekeeping per timestep, by chips taking part") {
      $0.synchronisation.map(FigureValue.table)
    },
    .number("minimumTickDuration", "s", "shortest possible timestep", \.minimumTickDuration),
    .count("neuronsPerCore", "neurons", "neurons (compartments) one core holds", \.neuronsPerCore),
    .count("synapsesPerCore", "synapses", "incoming synapses one core stores", \.synapsesPerCore),
    .count("fanInPerCore", "axons", "distinct source neurons one core accepts", \.fanInPerCore),
    .count("coresPerChip", "cores", "cores on one chip", \.coresPerChip),
    .count("coresPerTile", "cores", "cores sharing one router", \.coresPerTile),
    .count("meshColumns", "tiles", "tiles per row of the chip's mesh", \.meshColumns),
    .count("bitsPerSynapse", "bits", "bits stored per synapse", \.bitsPerSynapse),
    .count("bitsPerNeuron", "bits", "bits of state per neuron", \.bitsPerNeuron),
    .count("denseParallelism", "units", "units working in parallel on dense work", \.denseParallelism),
  ]

  /// The JSON keys a profile object may hold: its figures plus `name`, `summary`, `sources`,
  /// `provenance`.
  public static var jsonKeys: [String] { ["name", "summary", "sources", "provenance"] + figures.map(\.name) }

  /// Synchronisation per timestep, seconds: the larger of the on-chip barrier (interpolated from
  /// one tile to every tile of a chip by the tiles in use) and the synchronisation table for
  /// `chips` chips. Absent figures count as 0.
  public func timestepSynchronisation(tilesInUse: Int, tilesPerChip: Int, chips: Int) -> Double {
    let one = barrierLatencyOneTile ?? 0, all = barrierLatencyAllTiles ?? one
    let onChip = tilesPerChip > 1 ? one + (all - one) * Double(min(tilesInUse, tilesPerChip) - 1) / Double(tilesPerChip - 1) : one
    return max(onChip, synchronisationLatency(chips: chips) ?? 0)
  }

  /// Synchronisation time per timestep for `chips` chips taking part, seconds: the table
  /// interpolated linearly, held flat beyond its ends; nil without a table.
  public func synchronisationLatency(chips: Int) -> Double? {
    guard let points = synchronisation, let first = points.first, let last = points.last else { return nil }
    if chips <= first.chips { return first.seconds }
    if chips >= last.chips { return last.seconds }
    for (a, b) in zip(points, points.dropFirst()) where chips <= b.chips {
      let fraction = Double(chips - a.chips) / Double(b.chips - a.chips)
      return a.seconds + (b.seconds - a.seconds) * fraction
    }
    return last.seconds
  }
}
