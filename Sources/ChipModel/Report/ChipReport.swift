import SpikeCore
import SpikelineSupport

/// Energy of a run, joules.
public struct EnergyBreakdown: Codable, Sendable, Equatable {
  /// Synaptic events.
  public var synaptic: Double = 0
  /// Neuron updates (inactive and active).
  public var neuron: Double = 0
  /// Spike messages and mesh hops.
  public var routing: Double = 0
  /// Dynamic energy: synaptic + neuron + routing.
  public var dynamic: Double = 0
  /// Static power × time over the cores in use.
  public var `static`: Double = 0
  /// Dynamic + static.
  public var total: Double = 0

  /// Zero energy.
  public init() {}

  mutating func finish() {
    dynamic = synaptic + neuron + routing
    total = dynamic + `static`
  }

  static func + (a: EnergyBreakdown, b: EnergyBreakdown) -> EnergyBreakdown {
    var sum = EnergyBreakdown()
    sum.synaptic = a.synaptic + b.synaptic
    sum.neuron = a.neuron + b.neuron
    sum.routing = a.routing + b.routing
    sum.static = a.static + b.static
    sum.finish()
    return sum
  }
}

/// What one population (or the whole network) did and cost.
public struct CostEntry: Codable, Sendable, Equatable {
  /// The population's name, or "total".
  public var name: String
  /// Spikes emitted.
  public var spikes: Int = 0
  /// Synaptic events delivered to this population's neurons.
  public var synapticOps: Int = 0
  /// Neuron state updates.
  public var neuronUpdates: Int = 0
  /// Spike messages sent by this population (one per spike per destination core).
  public var messages: Int = 0
  /// Mesh hops of those messages (east–west plus north–south).
  public var hops: Int = 0
  /// Energy of this population's work, joules.
  public var energyJoules = EnergyBreakdown()
  /// For a population: the sum over ticks of its slowest core's work; for the total: the run's
  /// chip latency (ticks summed, barrier included). Nil in continuous time.
  public var latencySeconds: Double?
  /// Bytes of incoming synapses and neuron state on this population's cores.
  public var memoryBytes: Int = 0
  /// Cores holding this population's neurons.
  public var coresUsed: Int = 0

  /// An empty entry named `name`.
  public init(name: String) { self.name = name }
}

/// NeuroBench-style workload metrics (Yik et al., Nat. Commun. 2025), per run.
public struct NeuroBenchMetrics: Codable, Sendable, Equatable {
  /// Synaptic operations whose input is a spike (accumulates).
  public var effectiveACs: Int
  /// Synaptic operations with non-binary inputs (multiply-accumulates); 0 in an event-driven run.
  public var effectiveMACs: Int
  /// Synaptic operations if every synapse were active every tick.
  public var denseOps: Int
  /// Zero activations / all activations over spiking neurons and ticks.
  public var activationSparsity: Double
  /// Zero weights / all weights.
  public var connectionSparsity: Double
  /// Parameters in bytes (32-bit weights), as NeuroBench's footprint.
  public var footprintBytes: Int
  /// Neuron state updates over the run.
  public var membraneUpdates: Int
}

/// Bytes of memory the run needs.
public struct MemoryFootprint: Codable, Sendable, Equatable {
  /// Bytes of stored synapses (weights and indices) at the profile's bits per synapse.
  public var weightsBytes: Int
  /// Bytes of neuron state at the profile's bits per neuron.
  public var neuronStateBytes: Int
  /// A replay buffer kept beside the network (0 if none).
  public var replayBufferBytes: Int
  /// Weights, state and replay buffer together, bytes.
  public var totalBytes: Int
  /// Bytes on each core (weights plus state).
  public var perCoreBytes: [Int]
}

/// The chip-level cost of a simulated run: what `spikeline run --json` reports.
public struct ChipReport: Codable, Sendable {
  /// The profile's name.
  public var profile: String
  /// One line saying what the profile models.
  public var profileSummary: String
  /// Chips the network is mapped onto.
  public var chips: Int
  /// "chip" or "continuous".
  public var timeModel: String
  /// Ticks simulated (0 in continuous time).
  public var ticks: Int
  /// Input samples the run presented.
  public var samples: Int
  /// One entry per population, in network order.
  public var populations: [CostEntry]
  /// The whole network.
  public var total: CostEntry
  /// Total energy divided by `samples`, joules.
  public var energyPerSampleJoules: Double
  /// Chip latency divided by `samples`, seconds (nil in continuous time).
  public var latencyPerSampleSeconds: Double?
  /// Barrier synchronisation per tick for the tiles in use, seconds (nil in continuous time).
  public var barrierLatencySeconds: Double?
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
  /// - Throws: `SpikelineError` naming an energy figure the profile lacks.
  public init(network: Network, result: SimulationResult, mapping: CoreMapping, routing: RoutingTable,
              monitor: ChipActivityMonitor?, samples: Int = 1, replayBufferBytes: Int = 0) throws {
    let profile = mapping.profile
    let purpose = "chip energy"
    let eSyn = try profile.require(profile.synapticOpEnergy, "synapticOpEnergy", for: purpose)
    let eUpdate = try profile.require(profile.neuronUpdateEnergy, "neuronUpdateEnergy", for: purpose)
    let eActive = try profile.require(profile.activeNeuronUpdateEnergy, "activeNeuronUpdateEnergy", for: purpose)
    let eMessage = try profile.require(profile.spikeMessageEnergy, "spikeMessageEnergy", for: purpose)
    let eHopEW = try profile.require(profile.hopEnergyEastWest, "hopEnergyEastWest", for: purpose)
    let eHopNS = try profile.require(profile.hopEnergyNorthSouth, "hopEnergyNorthSouth", for: purpose)
    let staticPower = try profile.require(profile.staticPowerPerCore, "staticPowerPerCore", for: purpose)
    let synapseBits = try profile.require(profile.bitsPerSynapse, "bitsPerSynapse", for: "memory footprint")
    let neuronBits = try profile.require(profile.bitsPerNeuron, "bitsPerNeuron", for: "memory footprint")

    self.profile = profile.name
    profileSummary = profile.summary
    chips = mapping.chips
    ticks = result.ticks
    self.samples = max(samples, 1)
    switch result.timeModel {
    case .chip: timeModel = "chip"
    case .continuous: timeModel = "continuous"
    }
    let counters = result.counters
    let chipLatency = monitor?.latencySeconds
    // Static power runs for the chip's own time, or for the biological time in continuous time
    // (a chip running in real time).
    let staticSeconds = chipLatency ?? result.duration

    var entries: [CostEntry] = []
    var perCore = [Int](repeating: 0, count: mapping.coresUsed)
    for (core, placement) in mapping.cores.enumerated() {
      perCore[core] = (placement.incomingSynapses * synapseBits + placement.neurons.count * neuronBits + 7) / 8
    }
    let outgoing = network.outgoingProjections()
    for (index, population) in network.populations.enumerated() {
      var entry = CostEntry(name: population.name)
      let populationCounters = counters.populations[index]
      entry.spikes = populationCounters.spikes
      entry.synapticOps = populationCounters.synapticEvents
      entry.neuronUpdates = populationCounters.neuronUpdates
      let cores = mapping.cores.indices.filter { mapping.cores[$0].population == index }
      entry.coresUsed = cores.count
      entry.memoryBytes = cores.reduce(0) { $0 + perCore[$1] }
      var hopsEW = 0, hopsNS = 0
      for projection in outgoing[index] {
        for (neuron, count) in counters.spikesPerNeuron[index].enumerated() where count > 0 {
          for destination in routing.destinations(projection: projection.index, source: neuron) {
            entry.messages += Int(count)
            hopsEW += Int(count) * Int(destination.hopsEastWest)
            hopsNS += Int(count) * Int(destination.hopsNorthSouth)
          }
        }
      }
      entry.hops = hopsEW + hopsNS
      entry.energyJoules.synaptic = Double(entry.synapticOps) * eSyn
      if !population.isSource {
        entry.energyJoules.neuron = Double(entry.neuronUpdates - entry.spikes) * eUpdate + Double(entry.spikes) * eActive
      }
      entry.energyJoules.routing = Double(entry.messages) * eMessage + Double(hopsEW) * eHopEW + Double(hopsNS) * eHopNS
      entry.energyJoules.static = Double(entry.coresUsed) * staticPower * staticSeconds
      entry.energyJoules.finish()
      entry.latencySeconds = monitor.map { $0.populationLatencySeconds[index] }
      entries.append(entry)
    }
    var total = CostEntry(name: "total")
    for entry in entries {
      total.spikes += entry.spikes
      total.synapticOps += entry.synapticOps
      total.neuronUpdates += entry.neuronUpdates
      total.messages += entry.messages
      total.hops += entry.hops
      total.energyJoules = total.energyJoules + entry.energyJoules
      total.memoryBytes += entry.memoryBytes
      total.coresUsed += entry.coresUsed
    }
    total.latencySeconds = chipLatency
    populations = entries
    self.total = total
    energyPerSampleJoules = total.energyJoules.total / Double(self.samples)
    let sampleCount = Double(max(samples, 1))
    latencyPerSampleSeconds = chipLatency.map { $0 / sampleCount }
    barrierLatencySeconds = monitor?.barrierLatency
    coresUsed = mapping.coresUsed
    (neuronUtilisation, synapseUtilisation) = mapping.utilisation

    let spikingNeurons = network.populations.enumerated().filter { $0.element.model?.isSpiking == true }
    var neuronTicks = 0
    for item in spikingNeurons { neuronTicks += item.element.size * max(result.ticks, 1) }
    var spikingSpikes = 0
    for item in spikingNeurons { spikingSpikes += counters.populations[item.offset].spikes }
    let synapses = network.synapseCount
    var zeroWeights = 0
    for projection in network.projections { zeroWeights += projection.synapses.weights.filter { $0 == 0 }.count }
    neuroBench = NeuroBenchMetrics(
      effectiveACs: counters.totalSynapticEvents, effectiveMACs: 0,
      denseOps: synapses * max(result.ticks, 1),
      activationSparsity: neuronTicks > 0 ? 1 - Double(spikingSpikes) / Double(neuronTicks) : 1,
      connectionSparsity: synapses > 0 ? Double(zeroWeights) / Double(synapses) : 0,
      footprintBytes: synapses * 4, membraneUpdates: counters.totalNeuronUpdates)
    var storedSynapses = 0
    for core in mapping.cores { storedSynapses += core.incomingSynapses }
    let weightBytes = storedSynapses * synapseBits / 8
    let stateBytes = network.neuronCount * neuronBits / 8
    memory = MemoryFootprint(weightsBytes: weightBytes, neuronStateBytes: stateBytes, replayBufferBytes: replayBufferBytes,
                             totalBytes: weightBytes + stateBytes + replayBufferBytes, perCoreBytes: perCore)
  }
}
