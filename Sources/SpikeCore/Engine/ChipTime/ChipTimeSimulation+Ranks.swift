import Dispatch

/// The message buffers of the rank exchange and what the last exchange delivered.
struct RankBuffers {
  /// This rank's message: per projection, its synaptic events this tick as two words (only when the
  /// rank holds its share of the synapses); per neuron population, a count then the global indices
  /// that spiked; then, per probe this rank owns, its potential in volts as two words (a `Double`'s bits).
  var message: [Int32] = []
  var received: [Int32] = []
  var counts: [Int] = []
  /// Per population: every rank's spikers this tick, in neuron order.
  var spikes: [[Int32]] = []
  /// Per membrane trace: the owner's potential before reset this tick (volts).
  var probes: [Double] = []
  /// Per membrane trace: the rank that owns its neuron.
  var probeOwner: [Int] = []
  /// Per projection: this tick's synaptic events onto this rank's neurons (only when it holds its share of the synapses).
  var shareEvents: [Int] = []
}

extension ChipTimeSimulation {
  /// Whether neurons are split over ranks (so this process must exchange each tick's spikes).
  var isRanked: Bool { (exchange?.rankCount ?? 1) > 1 }

  /// Works out which rank owns each probed neuron.
  func prepareRanks(populationSizes: [Int]) {
    guard let exchange, exchange.rankCount > 1 else { return }
    let slices = ChipPartition.split(populationSizes: populationSizes, threads: exchange.rankCount)
    rankBuffers.spikes = Array(repeating: [], count: populations.count)
    rankBuffers.probes = Array(repeating: 0, count: recorder.membranes.count)
    rankBuffers.probeOwner = Array(repeating: 0, count: recorder.membranes.count)
    rankBuffers.shareEvents = Array(repeating: 0, count: holdsRankShare ? projections.count : 0)
    for (index, population) in populations.enumerated() {
      for probe in population.probes {
        rankBuffers.probeOwner[probe.trace] = slices.firstIndex { $0.ranges[index].contains(probe.neuron) } ?? 0
      }
    }
  }

  /// The membrane potential of unit `g` now, volts.
  func potentialVolts(of g: Int) -> Double {
    if let format = arithmetic.format { return Double(fixedPotential[g]) * format.voltsPerUnit }
    return Double(potential[g])
  }

  /// The membrane potential of unit `g` in `state`, volts (`format`: the fixed-point arithmetic, if any).
  @inline(__always)
  static func potentialVolts(of g: Int, _ state: ChipTickState, format: FixedPointFormat?) -> Double {
    if let format { return Double(state.fixedPotential[g]) * format.voltsPerUnit }
    return Double(state.potential[g])
  }

  /// After a tick's parallel phase: sends this rank's spikers and probed potentials, receives every
  /// rank's, and lays them out in neuron order for `settle`. Collective: every rank calls it each tick.
  func exchangeTick(_ exchange: SpikeExchange) {
    let start = DispatchTime.now().uptimeNanoseconds
    rankBuffers.message.removeAll(keepingCapacity: true)
    for events in rankBuffers.shareEvents { rankBuffers.message.appendWords(of: UInt64(UInt(bitPattern: events))) }
    for index in rankBuffers.shareEvents.indices { rankBuffers.shareEvents[index] = 0 }
    for index in populations.indices where populations[index].coefficients != nil {
      let countSlot = rankBuffers.message.count
      rankBuffers.message.append(0)
      for partition in partitions { rankBuffers.message.append(contentsOf: partition.spiked(index)) }
      rankBuffers.message[countSlot] = Int32(rankBuffers.message.count - countSlot - 1)
    }
    for population in populations {
      for probe in population.probes where rankBuffers.probeOwner[probe.trace] == exchange.rank {
        rankBuffers.message.appendWords(of: potentialVolts(of: population.offset + probe.neuron).bitPattern)
      }
    }
    // Moved out and back so the two inout arguments are not both accesses to `rankBuffers` (and nothing is copied).
    var received: [Int32] = [], counts: [Int] = []
    swap(&received, &rankBuffers.received)
    swap(&counts, &rankBuffers.counts)
    exchange.allGather(rankBuffers.message, into: &received, counts: &counts)
    swap(&received, &rankBuffers.received)
    swap(&counts, &rankBuffers.counts)
    for index in rankBuffers.spikes.indices { rankBuffers.spikes[index].removeAll(keepingCapacity: true) }
    var offset = 0
    for (rank, count) in rankBuffers.counts.enumerated() {
      var cursor = offset
      for projection in rankBuffers.shareEvents.indices {
        let events = Int(bitPattern: UInt(rankBuffers.received.word64(at: cursor)))
        recorder.counters.projections[projection].synapticEvents += events
        recorder.counters.populations[views[projection].targetPopulation].synapticEvents += events
        cursor += 2
      }
      for index in populations.indices where populations[index].coefficients != nil {
        let spiked = Int(rankBuffers.received[cursor])
        rankBuffers.spikes[index].append(contentsOf: rankBuffers.received[(cursor + 1)..<(cursor + 1 + spiked)])
        cursor += 1 + spiked
      }
      for population in populations {
        for probe in population.probes where rankBuffers.probeOwner[probe.trace] == rank {
          rankBuffers.probes[probe.trace] = Double(bitPattern: rankBuffers.received.word64(at: cursor))
          cursor += 2
        }
      }
      precondition(cursor == offset + count, "rank \(rank) sent \(count) words, expected \(cursor - offset)")
      offset += count
    }
    exchangeStatistics.exchanges += 1
    exchangeStatistics.wordsSent += rankBuffers.message.count
    exchangeStatistics.wordsReceived += rankBuffers.received.count
    exchangeStatistics.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }

  /// Calls `body` with the global index of every neuron of population `index` that spiked this tick,
  /// in neuron order: from this process's partitions, or from every rank after the exchange.
  @inline(__always)
  func forEachSpiker(of index: Int, _ body: (Int) -> Void) {
    if isRanked {
      for global in rankBuffers.spikes[index] { body(Int(global)) }
    } else {
      for partition in partitions { for global in partition.spiked(index) { body(Int(global)) } }
    }
  }

  /// The potential (volts, before reset) to record for membrane trace `trace` of unit `g`.
  func probedPotential(trace: Int, unit g: Int) -> Double {
    isRanked ? rankBuffers.probes[trace] : potentialVolts(of: g)
  }
}
