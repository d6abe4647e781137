import SpikeCore

/// Watches a chip-time simulation tick by tick and accumulates the chip's latency:
/// per tick, the slowest core's work (synaptic events, neuron updates, messages sent) plus the
/// host's injection of the tick's input spikes plus the longest message route (chip crossings
/// included) plus the synchronisation of the chips taking part, never below the profile's
/// minimum tick.
public final class ChipActivityMonitor: ChipTimeObserver {
  /// The network watched.
  public let network: Network
  /// Where its neurons sit.
  public let mapping: CoreMapping
  /// Where its spikes go.
  public let routing: RoutingTable
  let outgoing: [[Int]]
  let neuronsOnCore: [Int]
  let populationOfCore: [Int]

  /// Per-tick scratch: each core's events in the tick.
  var counts: CoreCounts
  /// Per projection and source row: what a spike of the row sends (`rowSummary`).
  var rowSummaries: [[RowSummary]]

  // Costs per event (seconds).
  let synapticOpLatency: Double
  let neuronUpdateLatency: Double
  let activeExtraLatency: Double
  let messageLatency: Double
  let hopLatencyEastWest: Double
  let hopLatencyNorthSouth: Double
  let chipCrossingLatency: Double
  let hostSpikeLatency: Double
  let barrier: Double
  let minimumTick: Double
  /// Busiest-core time of the cores with no events (neuron updates only), per population.
  let idleCoreTime: [Double]

  /// Ticks observed.
  public private(set) var ticks = 0
  /// Sum of tick latencies, seconds.
  public private(set) var latencySeconds = 0.0
  /// Where the latency went, summed over ticks.
  public private(set) var parts = LatencyParts()
  /// Per population: the sum over ticks of its slowest core's work, seconds.
  public private(set) var populationLatencySeconds: [Double]
  /// The latency of each tick, seconds (kept when `recordsTicks`).
  public private(set) var tickLatencies: [Double] = []
  /// Keep every tick's latency in `tickLatencies` (off by default: long runs need no per-tick array).
  public var recordsTicks = false

  /// - Throws: `SpikelineError` naming a latency figure the profile lacks.
  public init(network: Network, mapping: CoreMapping, routing: RoutingTable) throws {
    self.network = network
    self.mapping = mapping
    self.routing = routing
    let profile = mapping.profile
    let purpose = "chip latency"
    synapticOpLatency = try profile.require(profile.synapticOpLatency, "synapticOpLatency", for: purpose)
    neuronUpdateLatency = try profile.require(profile.neuronUpdateLatency, "neuronUpdateLatency", for: purpose)
    activeExtraLatency = try profile.require(profile.activeNeuronUpdateLatency, "activeNeuronUpdateLatency", for: purpose) - neuronUpdateLatency
    messageLatency = try profile.require(profile.spikeMessageLatency, "spikeMessageLatency", for: purpose)
    hopLatencyEastWest = try profile.require(profile.hopLatencyEastWest, "hopLatencyEastWest", for: purpose)
    hopLatencyNorthSouth = try profile.require(profile.hopLatencyNorthSouth, "hopLatencyNorthSouth", for: purpose)
    barrier = try ChipActivityMonitor.synchronisation(mapping: mapping)
    chipCrossingLatency = profile.chipCrossingLatency ?? 0
    hostSpikeLatency = profile.hostSpikeLatency ?? 0
    minimumTick = profile.minimumTickDuration ?? 0
    outgoing = network.outgoingProjections().map { $0.map(\.index) }
    let coreCount = mapping.coresUsed
    neuronsOnCore = mapping.cores.map { $0.neurons.count }
    populationOfCore = mapping.cores.map(\.population)
    counts = CoreCounts(cores: coreCount)
    rowSummaries = network.projections.map { [RowSummary](repeating: RowSummary(), count: $0.synapses.sourceCount) }
    populationLatencySeconds = [Double](repeating: 0, count: network.populations.count)
    var idle = [Double](repeating: 0, count: network.populations.count)
    for core in mapping.cores { idle[core.population] = max(idle[core.population], Double(core.neurons.count) * neuronUpdateLatency) }
    idleCoreTime = idle
  }

  /// Synchronisation per timestep for a mapping: the larger of the on-chip barrier for the tiles
  /// in use (interpolated between one tile and all tiles) and the profile's synchronisation for
  /// the chips powered, seconds.
  /// - Throws: `SpikelineError` naming a barrier figure the profile lacks.
  public static func synchronisation(mapping: CoreMapping) throws -> Double {
    let profile = mapping.profile
    let purpose = "chip latency"
    _ = try profile.require(profile.barrierLatencyOneTile, "barrierLatencyOneTile", for: purpose)
    _ = try profile.require(profile.barrierLatencyAllTiles, "barrierLatencyAllTiles", for: purpose)
    return profile.timestepSynchronisation(tilesInUse: mapping.tilesUsed, tilesPerChip: mapping.tilesPerChip, chips: mapping.chipsPowered)
  }

  /// Synchronisation per tick: the larger of the on-chip barrier for the tiles in use and the
  /// profile's synchronisation for the chips powered, seconds.
  public var barrierLatency: Double { barrier }

  /// What one spike of a row sends: a message per destination core, and the longest route among
  /// them (seconds; 0 for a row without synapses).
  struct RowSummary {
    /// Messages per spike; -1 until the row first spikes.
    var messages: Int32 = -1
    var longestRoute = 0.0
  }

  /// The summary of row `source` of projection `p`, worked out from the routing table the first
  /// time the row spikes and kept in `summaries`: a spike then costs O(1) instead of a walk over its
  /// destinations.
  @inline(__always)
  func rowSummary(projection p: Int, source: Int, in summaries: inout [[RowSummary]]) -> RowSummary {
    let known = summaries[p][source]
    if known.messages >= 0 { return known }
    var summary = RowSummary(messages: 0)
    routing.forEachDestination(projection: p, source: source) { destination in
      summary.messages += 1
      let latency = messageLatency + Double(destination.hopsEastWest) * hopLatencyEastWest
        + Double(destination.hopsNorthSouth) * hopLatencyNorthSouth + Double(destination.chipCrossings) * chipCrossingLatency
      summary.longestRoute = max(summary.longestRoute, latency)
    }
    summaries[p][source] = summary
    return summary
  }

  /// Adds one tick's latency: the slowest core's work, the longest route and the barrier.
  /// The tick's scratch is taken out of the monitor into locals first: the class's stored arrays,
  /// mutated inside the per-destination closures, had cost a dynamic exclusivity check per access.
  /// - Complexity: O(deliveries × destinations + spikes + cores touched), plus a walk over a row's
  ///   destinations the first time it spikes.
  public func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                             spikes: UnsafeBufferPointer<SpikeEvent>) {
    var counts = CoreCounts(cores: 0), summaries: [[RowSummary]] = []
    swap(&counts, &self.counts)
    swap(&summaries, &rowSummaries)
    defer {
      swap(&counts, &self.counts)
      swap(&summaries, &rowSummaries)
    }
    for delivery in deliveries {
      let p = Int(delivery.projection), s = Int(delivery.source)
      let table = network.projections[p].synapses
      if delivery.synapseRange == table.row(s) {
        routing.forEachDestination(projection: p, source: s) { destination in
          counts.add(synapticOps: Int(destination.synapses), on: Int(destination.core))
        }
      } else {
        for k in delivery.synapseRange { counts.add(synapticOps: 1, on: routing.core(ofSynapse: k, projection: p)) }
      }
    }
    var route = 0.0
    var hostSpikes = 0
    for spike in spikes {
      let population = Int(spike.population), neuron = Int(spike.neuron)
      let sourceCore = Int(mapping.coreOfNeuron[population][neuron])
      if sourceCore >= 0 { counts.addSpike(on: sourceCore) } else { hostSpikes += 1 }
      for p in outgoing[population] {
        let summary = rowSummary(projection: p, source: neuron, in: &summaries)
        if sourceCore >= 0 { counts.messagesSent[sourceCore] += Int(summary.messages) }
        route = max(route, summary.longestRoute)
      }
    }
    // The busiest core sets the pace; cores with no events still update their neurons.
    var perPopulation = idleCoreTime
    var slowest = perPopulation.max() ?? 0
    for core in counts.touched {
      let time = Double(neuronsOnCore[core]) * neuronUpdateLatency + Double(counts.activeUpdates[core]) * activeExtraLatency
        + Double(counts.synapticOps[core]) * synapticOpLatency + Double(counts.messagesSent[core]) * messageLatency
      let population = populationOfCore[core]
      perPopulation[population] = max(perPopulation[population], time)
      slowest = max(slowest, time)
    }
    counts.clear()
    for index in perPopulation.indices { populationLatencySeconds[index] += perPopulation[index] }
    let host = Double(hostSpikes) * hostSpikeLatency
    let busy = slowest + host + route + barrier
    let tickLatency = max(busy, minimumTick)
    parts.cores += slowest
    parts.host += host
    parts.routing += route
    parts.synchronisation += barrier
    parts.idle += tickLatency - busy
    latencySeconds += tickLatency
    if recordsTicks { tickLatencies.append(tickLatency) }
    ticks += 1
  }
}

/// Each core's events in one tick, and the cores that had any.
struct CoreCounts {
  var synapticOps: [Int]
  var activeUpdates: [Int]
  var messagesSent: [Int]
  /// Cores with events this tick, in the order they first had one.
  var touched: [Int] = []
  var touchedFlag: [Bool]

  init(cores: Int) {
    synapticOps = [Int](repeating: 0, count: cores)
    activeUpdates = synapticOps
    messagesSent = synapticOps
    touchedFlag = [Bool](repeating: false, count: cores)
  }

  @inline(__always)
  mutating func touch(_ core: Int) {
    if !touchedFlag[core] { touchedFlag[core] = true; touched.append(core) }
  }

  @inline(__always)
  mutating func add(synapticOps count: Int, on core: Int) {
    synapticOps[core] += count
    touch(core)
  }

  @inline(__always)
  mutating func addSpike(on core: Int) {
    activeUpdates[core] += 1
    touch(core)
  }

  /// Zeroes the touched cores' counts for the next tick.
  mutating func clear() {
    for core in touched {
      synapticOps[core] = 0; activeUpdates[core] = 0; messagesSent[core] = 0; touchedFlag[core] = false
    }
    touched.removeAll(keepingCapacity: true)
  }
}
