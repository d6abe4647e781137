import SpikeCore

/// One thread's share of a `ChipActivityMonitor`'s work: a contiguous run of cores, and what it
/// found in the last two ticks (kept per tick parity, because the combination of tick t may overlap
/// the slices' work on tick t + 1).
final class MonitorSlice: @unchecked Sendable {
  /// What a slice found in one tick besides the per-population maxima.
  struct TickTotals {
    /// The slowest of its cores that had events, seconds (0 if none had).
    var slowestCore = 0.0
    /// The longest route of a message sent by its neurons' spikes, seconds.
    var longestRoute = 0.0
    /// Spikes of its share of off-chip sources (injected by the host).
    var hostSpikes = 0
  }

  /// Its cores.
  let cores: Range<Int>
  /// Per population, the neurons it accounts for: those on its cores (whose synaptic events it
  /// counts and whose spikes it sends), or for an off-chip source population its share of them.
  let neurons: [Range<Int>]
  /// Its cores' events in the tick being counted.
  var counts: CoreCounts
  private let populationCount: Int
  /// [parity]: the tick's totals.
  private let tickTotals: UnsafeMutablePointer<TickTotals>
  /// [parity][population]: the slowest of its cores of that population with events, seconds.
  private let slowestCores: UnsafeMutablePointer<Double>

  init(cores: Range<Int>, neurons: [Range<Int>]) {
    self.cores = cores
    self.neurons = neurons
    counts = CoreCounts(cores: cores)
    populationCount = neurons.count
    tickTotals = .allocate(capacity: 2)
    tickTotals.initialize(repeating: TickTotals(), count: 2)
    slowestCores = .allocate(capacity: max(2 * populationCount, 1))
    slowestCores.initialize(repeating: 0, count: max(2 * populationCount, 1))
  }

  deinit {
    tickTotals.deallocate()
    slowestCores.deallocate()
  }

  /// Where a tick of this parity (tick & 1) keeps its totals and per-population maxima.
  @inline(__always)
  func totals(parity: Int) -> (tick: UnsafeMutablePointer<TickTotals>, slowestCore: UnsafeMutablePointer<Double>) {
    (tickTotals + parity, slowestCores + parity * populationCount)
  }
}

extension ChipActivityMonitor {
  /// The cores cut into `count` contiguous slices of about equal work (incoming synapses plus
  /// neurons); each off-chip source population is cut into equal shares of its neurons.
  func makeSlices(_ count: Int) -> [MonitorSlice] {
    let cores = mapping.cores
    let weights = cores.map { $0.incomingSynapses + $0.neurons.count }
    let total = weights.reduce(0, +)
    var bounds = [0]
    var core = 0, sum = 0
    for slice in 1..<max(count, 1) {
      let goal = Int((Double(total) * Double(slice) / Double(count)).rounded())
      while core < cores.count && sum + weights[core] <= goal { sum += weights[core]; core += 1 }
      bounds.append(core)
    }
    bounds.append(cores.count)
    return (0..<max(count, 1)).map { slice in
      let owned = bounds[slice]..<bounds[slice + 1]
      let neurons = network.populations.indices.map { index -> Range<Int> in
        let population = network.populations[index]
        if population.isSource {
          return population.size * slice / count..<population.size * (slice + 1) / count
        }
        let mine = owned.filter { cores[$0].population == index }
        guard let first = mine.first, let last = mine.last else { return 0..<0 }
        return cores[first].neurons.lowerBound..<cores[last].neurons.upperBound
      }
      return MonitorSlice(cores: owned, neurons: neurons)
    }
  }

  /// Slice `part`'s share of tick `tick`: the synaptic events on its cores, the spikes of its
  /// neurons (updates and messages of their cores; the longest route; host injections), and the
  /// slowest of its cores per population. Slices of one tick run concurrently on their threads:
  /// each writes only its own counts and totals, and the summaries of its own neurons' rows.
  public func chipTick(_ tick: Int, part: Int, deliveries: UnsafeBufferPointer<PendingDelivery>,
                       spikes: UnsafeBufferPointer<SpikeEvent>) {
    let slice = slices[part]
    // The counts are taken into a local for the tick: the class's stored arrays, mutated inside the
    // per-destination closures, would cost a dynamic exclusivity check per access.
    var counts = CoreCounts(cores: 0..<0)
    swap(&counts, &slice.counts)
    defer { swap(&counts, &slice.counts) }
    let neurons = slice.neurons
    for delivery in deliveries {
      let p = Int(delivery.projection), s = Int(delivery.source)
      let owned = neurons[targetPopulation[p]]
      if owned.isEmpty { continue }
      if delivery.synapseRange == network.projections[p].synapses.row(s) {
        routing.forEachDestinationCore(projection: p, source: s, within: owned) { core, synapses in
          counts.add(synapticOps: synapses, on: core)
        }
      } else {
        // Part of a row (one delay of several): its synapses onto the slice's neurons, one at a time.
        for k in delivery.synapseRange where owned.contains(routing.targetNeuron(ofSynapse: k, projection: p)) {
          counts.add(synapticOps: 1, on: routing.core(ofSynapse: k, projection: p))
        }
      }
    }
    var route = 0.0
    var hostSpikes = 0
    for spike in spikes {
      let population = Int(spike.population), neuron = Int(spike.neuron)
      guard neurons[population].contains(neuron) else { continue }
      let sourceCore = Int(mapping.coreOfNeuron[population][neuron])
      if sourceCore >= 0 { counts.addSpike(on: sourceCore) } else { hostSpikes += 1 }
      for p in outgoing[population] {
        let summary = rowSummary(projection: p, source: neuron)
        if sourceCore >= 0 { counts.add(messages: Int(summary.messages), from: sourceCore) }
        route = max(route, summary.longestRoute)
      }
    }
    let totals = slice.totals(parity: tick & 1)
    totals.slowestCore.update(repeating: 0, count: network.populations.count)
    var slowest = 0.0
    for core in counts.touched {
      let events = counts.events(of: core)
      let time = Double(neuronsOnCore[core]) * neuronUpdateLatency + Double(events.activeUpdates) * activeExtraLatency
        + Double(events.synapticOps) * synapticOpLatency + Double(events.messagesSent) * messageLatency
      let population = populationOfCore[core]
      totals.slowestCore[population] = max(totals.slowestCore[population], time)
      slowest = max(slowest, time)
    }
    counts.clear()
    totals.tick.pointee = MonitorSlice.TickTotals(slowestCore: slowest, longestRoute: route, hostSpikes: hostSpikes)
  }

  /// The summary of row `source` of projection `p`, worked out from the routing table the first
  /// time the row spikes and kept: a spike then costs O(1) instead of a walk over its destinations.
  @inline(__always)
  func rowSummary(projection p: Int, source: Int) -> RowSummary {
    let slot = rowSummaries + summaryStart[p] + source
    if slot.pointee.messages >= 0 { return slot.pointee }
    var summary = RowSummary(messages: 0)
    routing.forEachDestination(projection: p, source: source) { destination in
      summary.messages += 1
      let latency = messageLatency + Double(destination.hopsEastWest) * hopLatencyEastWest
        + Double(destination.hopsNorthSouth) * hopLatencyNorthSouth + Double(destination.chipCrossings) * chipCrossingLatency
      summary.longestRoute = max(summary.longestRoute, latency)
      summary.hopsEastWest += Int(destination.hopsEastWest)
      summary.hopsNorthSouth += Int(destination.hopsNorthSouth)
      summary.chipCrossings += Int(destination.chipCrossings)
    }
    slot.pointee = summary
    return summary
  }
}
