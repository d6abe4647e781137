import SpikeCore

/// Watches a chip-time simulation tick by tick and accumulates the chip's latency:
/// per tick, the slowest core's work (synaptic events, neuron updates, messages sent) plus the
/// host's injection of the tick's input spikes plus the longest message route (chip crossings
/// included) plus the synchronisation of the chips taking part, never below the profile's
/// minimum tick.
///
/// The threads of a run share the work of each tick (`ChipTimePartitionedObserver`): the cores are
/// split into contiguous slices, one per thread, each thread counts the events on its slice's cores
/// and the spikes of its neurons, and the slices' maxima and counts are then combined, so the
/// latencies are the same bits for any number of threads.
public final class ChipActivityMonitor: ChipTimePartitionedObserver {
  /// The network watched.
  public let network: Network
  /// Where its neurons sit.
  public let mapping: CoreMapping
  /// Where its spikes go.
  public let routing: RoutingTable
  let outgoing: [[Int]]
  let neuronsOnCore: [Int]
  let populationOfCore: [Int]

  /// The target population of each projection.
  let targetPopulation: [Int]
  /// Per projection: where its rows start in `rowSummaries`.
  let summaryStart: [Int]
  /// Per source row of every projection: what a spike of the row sends (`rowSummary`). Flat and
  /// unsafe because the threads of a run fill it concurrently, each row only by the slice that owns
  /// its source neuron.
  let rowSummaries: UnsafeMutablePointer<RowSummary>
  /// The cores split into contiguous slices, one per thread of the run (`chipTicksWillRun`).
  var slices: [MonitorSlice] = []
  /// On ranks whose tables hold only their shares: the exchange, and this rank's part of every tick
  /// so far (see ChipActivityMonitor+Ranks); nil otherwise.
  let rankExchange: SpikeExchange?
  let rankParts: RankTickParts?

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

  /// - Parameter ranks: when `network` is one rank's share of a network split over ranks, the
  ///   ranks' exchange (and `mapping` made with it): this rank then accounts for the cores whose last
  ///   neuron it simulates and its slice of every source, and `combineRanks()` adds every rank's
  ///   part of each tick. Collective then: every rank calls it.
  /// - Throws: `SpikelineError` naming a latency figure the profile lacks.
  public init(network: Network, mapping: CoreMapping, routing: RoutingTable, ranks: SpikeExchange? = nil) throws {
    self.network = network
    let share = ranks.flatMap { network.keepsEverySynapse || $0.rankCount < 2 ? nil : $0 }
    rankExchange = share
    rankParts = share.map { _ in RankTickParts(populations: network.populations.count) }
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
    neuronsOnCore = mapping.cores.map { $0.neurons.count }
    populationOfCore = mapping.cores.map(\.population)
    targetPopulation = network.projections.map(\.target.index)
    var starts = [0]
    for projection in network.projections { starts.append(starts[starts.count - 1] + projection.synapses.sourceCount) }
    summaryStart = starts
    let rows = max(starts[starts.count - 1], 1)
    rowSummaries = .allocate(capacity: rows)
    rowSummaries.initialize(repeating: RowSummary(), count: rows)
    populationLatencySeconds = [Double](repeating: 0, count: network.populations.count)
    var idle = [Double](repeating: 0, count: network.populations.count)
    for core in mapping.cores { idle[core.population] = max(idle[core.population], Double(core.neurons.count) * neuronUpdateLatency) }
    idleCoreTime = idle
    if let share {
      let owned = accountedNeurons(rankSlices: network.rankSlices(of: share))
      slices = [rankSlice(accounting: owned)]
      summariseRows(within: owned, ranks: share)
    } else {
      slices = makeSlices(1)
    }
  }

  deinit { rowSummaries.deallocate() }

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

  /// What one spike of a row sends: a message per destination core, the longest route among them
  /// (seconds; 0 for a row without synapses), and the hops and chip crossings of all its messages.
  struct RowSummary {
    /// Messages per spike; -1 until the row first spikes.
    var messages: Int32 = -1
    var longestRoute = 0.0
    var hopsEastWest = 0
    var hopsNorthSouth = 0
    var chipCrossings = 0
  }

  /// What a spike of row `source` of projection `projection` sends, if the row has spiked while
  /// this monitor watched (the report then needs no second walk over the row's destinations).
  func knownRowSummary(projection: Int, source: Int) -> RowSummary? {
    let summary = rowSummaries[summaryStart[projection] + source]
    return summary.messages >= 0 ? summary : nil
  }

  /// Adds one tick's latency: the slowest core's work, the longest route and the barrier (each
  /// slice's part of the tick in turn, then their combination).
  /// - Complexity: O(deliveries × destinations + spikes + cores touched), plus a walk over a row's
  ///   destinations the first time it spikes.
  public func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                             spikes: UnsafeBufferPointer<SpikeEvent>) {
    for part in slices.indices { chipTick(tick, part: part, deliveries: deliveries, spikes: spikes) }
    chipTickPartsDidEnd(tick)
  }

  /// Splits the cores into `parts` slices for a run on that many threads (on ranks, every thread of
  /// the run reports to one slice, the rank's).
  public func chipTicksWillRun(parts: Int) {
    if rankParts == nil && slices.count != max(parts, 1) { slices = makeSlices(max(parts, 1)) }
  }

  /// Combines the slices' parts of tick `tick` into its latency: the busiest core sets the pace
  /// (cores with no events still update their neurons), plus the host's injection of the tick's
  /// input spikes, the longest route and the barrier. Only maxima and integer counts cross slices,
  /// so the result does not depend on how the cores were split. On ranks, this rank's part of the
  /// tick is kept until `combineRanks()` adds every rank's.
  public func chipTickPartsDidEnd(_ tick: Int) {
    let part = slicesPart(parity: tick & 1)
    if let rankParts { rankParts.keep(part); return }
    addTick(part)
  }

  /// What this process's slices found in a tick: per population its slowest core with events, the
  /// slowest of those, the longest route (seconds) and the host's spikes.
  struct TickPart {
    var slowestPerPopulation: [Double]
    var slowest = 0.0
    var longestRoute = 0.0
    var hostSpikes = 0
  }

  /// The slices' part of the last tick of `parity`.
  func slicesPart(parity: Int) -> TickPart {
    var part = TickPart(slowestPerPopulation: [Double](repeating: 0, count: idleCoreTime.count))
    for slice in slices {
      let totals = slice.totals(parity: parity)
      for index in part.slowestPerPopulation.indices {
        part.slowestPerPopulation[index] = max(part.slowestPerPopulation[index], totals.slowestCore[index])
      }
      part.slowest = max(part.slowest, totals.tick.pointee.slowestCore)
      part.longestRoute = max(part.longestRoute, totals.tick.pointee.longestRoute)
      part.hostSpikes += totals.tick.pointee.hostSpikes
    }
    return part
  }

  /// Adds one tick made of `part` (every core's part of it) to the latencies.
  func addTick(_ part: TickPart) {
    var perPopulation = idleCoreTime
    for index in perPopulation.indices { perPopulation[index] = max(perPopulation[index], part.slowestPerPopulation[index]) }
    let slowest = max(idleCoreTime.max() ?? 0, part.slowest)
    for index in perPopulation.indices { populationLatencySeconds[index] += perPopulation[index] }
    let host = Double(part.hostSpikes) * hostSpikeLatency
    let busy = slowest + host + part.longestRoute + barrier
    let tickLatency = max(busy, minimumTick)
    parts.cores += slowest
    parts.host += host
    parts.routing += part.longestRoute
    parts.synchronisation += barrier
    parts.idle += tickLatency - busy
    latencySeconds += tickLatency
    if recordsTicks { tickLatencies.append(tickLatency) }
    ticks += 1
  }
}
