import SpikeCore
import SpikelineSupport

/// The chip-level cost of a simulated run: what `spikeline run --json` reports under `chip`.
///
/// One time base for both time models: static and management energy are power × powered chips ×
/// the chip's own run time (`total.latencySeconds`), never the simulated biological time. In chip
/// time that run time is the sum of the simulated ticks' latencies; in continuous time it is
/// estimated for the chip running the same activity in timesteps of `timestepSeconds` (see
/// `timeBase`).
public struct ChipReport: Codable, Sendable, Equatable {
  /// The profile's name.
  public var profile: String
  /// One line saying what the profile models.
  public var profileSummary: String
  /// Every figure of the profile used, with its provenance.
  public var profileFigures: ChipProfile
  /// Fixed-cost figures the profile lacks, so the report leaves them out (e.g. `hostSpikeEnergy`).
  public var notModelled: [String]
  /// Chips powered: the board the scenario names, or the chips the mapping uses.
  public var chips: Int
  /// Chips holding at least one core in use.
  public var chipsUsed: Int
  /// "chip" or "continuous".
  public var timeModel: String
  /// How the chip's run time was obtained, one line.
  public var timeBase: String
  /// Ticks simulated (0 in continuous time).
  public var ticks: Int
  /// Timesteps the chip runs: the ticks, or in continuous time the simulated duration divided
  /// by `timestepSeconds`, rounded up.
  public var timesteps: Int
  /// Biological time per timestep, seconds.
  public var timestepSeconds: Double
  /// Input samples the run presented.
  public var samples: Int
  /// One entry per population, in network order.
  public var populations: [CostEntry]
  /// The whole network and the whole powered system.
  public var total: CostEntry
  /// Total energy divided by `samples`, joules.
  public var energyPerSampleJoules: Double
  /// Chip run time divided by `samples`, seconds.
  public var latencyPerSampleSeconds: Double
  /// Chip run time divided by `timesteps`, seconds.
  public var latencyPerTimestepSeconds: Double
  /// Where the chip time went, seconds.
  public var latencyParts: LatencyParts
  /// Synchronisation per timestep: the larger of the on-chip barrier and the profile's
  /// synchronisation for the chips powered, seconds.
  public var synchronisationSeconds: Double
  /// Cores holding neurons.
  public var coresUsed: Int
  /// Neurons mapped over the neurons the used cores could hold.
  public var neuronUtilisation: Double
  /// Synapses stored over the synapses the used cores could hold.
  public var synapseUtilisation: Double
  /// NeuroBench's workload metrics for the run.
  public var neuroBench: NeuroBenchMetrics
  /// Bytes of memory the run needs.
  public var memory: MemoryFootprint

  /// Turns a simulation's counters into chip costs.
  ///
  /// - Parameters:
  ///   - monitor: the monitor that watched a chip-time run (gives latency); nil in continuous time.
  ///   - samples: how many input samples the run presented (per-sample figures divide by it).
  ///   - replayBufferBytes: the size of a replay buffer stored with the network.
  ///   - timestep: seconds of biological time per chip timestep for a continuous-time run.
  ///   - ranks: when `network` is one rank's share of a network split over ranks, the ranks'
  ///     exchange (and `mapping` and `monitor` made with it; `combineRanks()` called on the monitor):
  ///     every rank gets the whole network's report. Collective then: every rank calls it.
  /// - Throws: `SpikelineError` naming an energy or latency figure the profile lacks.
  public init(network: Network, result: SimulationResult, mapping: CoreMapping, routing: RoutingTable,
              monitor: ChipActivityMonitor?, samples: Int = 1, replayBufferBytes: Int = 0,
              timestep: Double = 1e-3, ranks: SpikeExchange? = nil) throws {
    let profile = mapping.profile
    let prices = try EventPrices(profile)
    self.profile = profile.name
    profileSummary = profile.summary
    profileFigures = profile
    notModelled = ChipReport.fixedCostFigures.filter { name in
      ChipProfile.figures.first { $0.name == name }?.value(in: profile) == nil
    }
    chips = mapping.chipsPowered
    chipsUsed = mapping.chipsUsed
    ticks = result.ticks
    self.samples = max(samples, 1)
    coresUsed = mapping.coresUsed
    (neuronUtilisation, synapseUtilisation) = mapping.utilisation
    memory = try ChipReport.memory(network: network, mapping: mapping, replayBufferBytes: replayBufferBytes)

    var entries = ChipReport.activity(network: network, counters: result.counters, mapping: mapping, routing: routing,
                                      monitor: monitor)
    for (core, placement) in mapping.cores.enumerated() { entries[placement.population].memoryBytes += memory.perCoreBytes[core] }
    let time: ChipTime
    (timeModel, timestepSeconds, time, timeBase) = try ChipReport.chipTime(
      network: network, result: result, mapping: mapping, monitor: monitor, entries: entries, timestep: timestep)
    timesteps = time.ticks
    synchronisationSeconds = time.synchronisation
    latencyParts = time.parts

    let perChip = (static: profile.staticPowerPerChip ?? 0, management: profile.managementPowerPerChip ?? 0)
    let coresPerChip = Double(max(profile.coresPerChip ?? 1, 1))
    for index in entries.indices {
      prices.price(&entries[index])
      let share = Double(entries[index].coresUsed) / coresPerChip * time.seconds
      entries[index].energyJoules.static = perChip.static * share
      entries[index].energyJoules.management = perChip.management * share
      entries[index].energyJoules.finish()
      entries[index].latencySeconds = time.perPopulation[index]
    }
    var total = CostEntry(name: "total")
    for entry in entries {
      total.spikes += entry.spikes
      total.synapticOps += entry.synapticOps
      total.neuronUpdates += entry.neuronUpdates
      total.messages += entry.messages
      total.hops += entry.hops
      total.chipCrossings += entry.chipCrossings
      total.energyJoules = total.energyJoules + entry.energyJoules
      total.memoryBytes += entry.memoryBytes
      total.coresUsed += entry.coresUsed
    }
    total.chipsUsed = mapping.chipsPowered
    total.energyJoules.static = perChip.static * Double(mapping.chipsPowered) * time.seconds
    total.energyJoules.management = perChip.management * Double(mapping.chipsPowered) * time.seconds
    total.energyJoules.finish()
    total.latencySeconds = time.seconds
    populations = entries
    self.total = total
    energyPerSampleJoules = total.energyJoules.total / Double(self.samples)
    latencyPerSampleSeconds = time.seconds / Double(self.samples)
    latencyPerTimestepSeconds = time.seconds / Double(max(time.ticks, 1))
    neuroBench = NeuroBenchMetrics(network: network, counters: result.counters, timesteps: time.ticks, ranks: ranks)
  }

  /// The fixed-cost figures a profile may leave out (listed in `notModelled` when absent).
  public static let fixedCostFigures = ["staticPowerPerChip", "managementPowerPerChip", "synchronisation",
                                        "chipCrossingEnergy", "chipCrossingLatency", "hostSpikeEnergy", "hostSpikeLatency"]

  /// The run's chip time: summed from the monitor of a chip-time run, or estimated for a
  /// continuous-time run in timesteps of `timestep` seconds; with the time model's name, the
  /// timestep used and a line saying how the time was obtained.
  static func chipTime(network: Network, result: SimulationResult, mapping: CoreMapping, monitor: ChipActivityMonitor?,
                       entries: [CostEntry], timestep: Double) throws -> (String, Double, ChipTime, String) {
    if case .chip(let tick) = result.timeModel, let monitor {
      let time = ChipTime(ticks: monitor.ticks, seconds: monitor.latencySeconds, parts: monitor.parts,
                          perPopulation: monitor.populationLatencySeconds, synchronisation: monitor.barrierLatency)
      return ("chip", tick, time, "chip time: the sum of the \(monitor.ticks) simulated ticks' latencies")
    }
    var step = timestep
    if case .chip(let tick) = result.timeModel { step = tick }
    guard step > 0 && step.isFinite else {
      throw SpikelineError.field("chip.timestep", "must be a positive number of seconds (got \(step))")
    }
    let steps = max(Int((result.duration / step).rounded(.up)), 1)
    let time = try ChipTime.estimate(entries: entries, network: network, counters: result.counters, mapping: mapping,
                                     timesteps: steps)
    let base = "estimated chip time: \(steps) timesteps of \(step) s, each the busiest core's neuron updates plus synchronisation, plus the busiest population's event work spread over its cores"
    return (result.timeModel == .continuous ? "continuous" : "chip", step, time, base)
  }
}
