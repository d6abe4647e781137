import SpikeCore

/// One rank's part of every tick of a run whose ranks hold only their shares of the synapses: what
/// its slice found (`ChipActivityMonitor.TickPart`), kept until `combineRanks()` adds every rank's.
final class RankTickParts {
  let populations: Int
  /// Per tick: the slowest core with events of each population, the slowest of all, the longest route.
  private(set) var maxima: [Double] = []
  /// Per tick: the host's spikes.
  private(set) var hostSpikes: [Int] = []

  init(populations: Int) { self.populations = populations }

  /// Values of `maxima` per tick.
  var stride: Int { populations + 2 }

  func keep(_ part: ChipActivityMonitor.TickPart) {
    maxima.append(contentsOf: part.slowestPerPopulation)
    maxima.append(part.slowest)
    maxima.append(part.longestRoute)
    hostSpikes.append(part.hostSpikes)
  }

  func clear() {
    maxima.removeAll(keepingCapacity: true)
    hostSpikes.removeAll(keepingCapacity: true)
  }
}

extension ChipActivityMonitor {
  /// Collective on ranks (every rank calls it, e.g. before a report): adds every rank's part of each
  /// tick kept since the last call, in tick order. A tick's latency takes maxima and integer sums of
  /// its cores' parts, so it is the same bits as one process's. Does nothing without ranks.
  public func combineRanks() {
    guard let rankParts, let ranks = rankExchange else { return }
    let maxima = ranks.maximumElementwise(rankParts.maxima)
    let hostSpikes = ranks.sumElementwise(rankParts.hostSpikes)
    let stride = rankParts.stride, populations = rankParts.populations
    for tick in hostSpikes.indices {
      let base = tick * stride
      addTick(TickPart(slowestPerPopulation: Array(maxima[base..<(base + populations)]), slowest: maxima[base + populations],
                       longestRoute: maxima[base + populations + 1], hostSpikes: hostSpikes[tick]))
    }
    rankParts.clear()
  }

  /// Per population, the neurons this rank accounts for: those on the cores whose last neuron lies
  /// in its slice (it holds every synapse onto them), and for an off-chip source its slice.
  func accountedNeurons(rankSlices: [Range<Int>]) -> [Range<Int>] {
    network.populations.indices.map { index -> Range<Int> in
      if network.populations[index].isSource { return rankSlices[index] }
      let mine = mapping.cores.filter { $0.population == index && rankSlices[index].contains($0.neurons.upperBound - 1) }
      guard let first = mine.first, let last = mine.last else { return 0..<0 }
      return first.neurons.lowerBound..<last.neurons.upperBound
    }
  }

  /// The one slice of a rank: its accounted neurons, and the run of core numbers from its first
  /// core to its last (which may hold other ranks' cores of other populations: the slice counts
  /// events by neuron, never by core number alone).
  func rankSlice(accounting neurons: [Range<Int>]) -> MonitorSlice {
    let owned = mapping.cores.indices.filter { core in
      let placement = mapping.cores[core]
      return neurons[placement.population].contains(placement.neurons.upperBound - 1)
    }
    let cores = (owned.first ?? 0)..<((owned.last ?? -1) + 1)
    return MonitorSlice(cores: cores, neurons: neurons)
  }

  /// On ranks: every row's summary (`rowSummary`), from each rank's part of it (the destinations
  /// among the cores it accounts for, `within` per population) summed and maximised over the
  /// ranks. Every row is summarised, whether or not it spikes: a rank cannot ask the others about a
  /// row during a tick.
  func summariseRows(within accounted: [Range<Int>], ranks: SpikeExchange) {
    let rows = summaryStart[summaryStart.count - 1]
    var counts = [Int](repeating: 0, count: 4 * rows)  // messages, hops east-west, north-south, chip crossings
    var routes = [Double](repeating: 0, count: rows)
    for (p, projection) in network.projections.enumerated() {
      let within = accounted[targetPopulation[p]]
      if within.isEmpty { continue }
      let sources = projection.source.index
      for source in 0..<projection.synapses.sourceCount {
        let row = summaryStart[p] + source
        let sourceCore = Int(mapping.coreOfNeuron[sources][source])
        routing.forEachDestinationCore(projection: p, source: source, within: within) { core, synapses in
          let destination = routing.destination(core: core, synapses: synapses, from: sourceCore)
          let latency = messageLatency + Double(destination.hopsEastWest) * hopLatencyEastWest
            + Double(destination.hopsNorthSouth) * hopLatencyNorthSouth + Double(destination.chipCrossings) * chipCrossingLatency
          counts[4 * row] += 1
          counts[4 * row + 1] += Int(destination.hopsEastWest)
          counts[4 * row + 2] += Int(destination.hopsNorthSouth)
          counts[4 * row + 3] += Int(destination.chipCrossings)
          routes[row] = max(routes[row], latency)
        }
      }
    }
    counts = ranks.sumElementwise(counts)
    routes = ranks.maximumElementwise(routes)
    for row in 0..<rows {
      rowSummaries[row] = RowSummary(messages: Int32(truncatingIfNeeded: counts[4 * row]), longestRoute: routes[row],
                                     hopsEastWest: counts[4 * row + 1], hopsNorthSouth: counts[4 * row + 2],
                                     chipCrossings: counts[4 * row + 3])
    }
  }
}
