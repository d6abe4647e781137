import SpikeCore
import SpikelineSupport

extension CoreMapping {
  /// `cutWatchingFanIn` on ranks that each hold their share of the synapses (`Network.keepRankShare`
  /// with a margin of the profile's neurons per core less one): the same cores as one process cuts.
  ///
  /// The cut is greedy in neuron order, so the ranks take turns, population by population: rank 0
  /// cuts its slice and passes on where its last, unfinished core starts; the next rank grows that
  /// core again from there (its neurons lie within the margin, whose synapses the next rank also
  /// holds, so it makes the same decisions) and goes on through its own slice, and so on. Every rank
  /// then gathers the others' cores. Collective: every rank calls it.
  /// - Throws: `SpikelineError` naming a neuron with more distinct inputs than a core accepts (on every rank).
  mutating func cutWatchingFanIn(_ network: Network, incoming: [[Int]], neuronsPerCore: Int, synapsesPerCore: Int,
                                 fanInLimit: Int, slices: [Range<Int>], ranks: SpikeExchange) throws {
    cores.removeAll()
    let totalNeurons = network.populations.reduce(0) { $0 + $1.size }
    var countedBy = [Int32](repeating: -1, count: totalNeurons)
    var marker: Int32 = 0
    var received: [Int32] = [], counts: [Int] = []
    for (index, population) in network.populations.enumerated() where !population.isSource {
      var sources = IncomingSources(network, population: index, incoming: incoming[index])
      var open = 0
      var mine: [Core] = []
      for turn in 0..<ranks.rankCount {
        var message: [Int32] = []
        if turn == ranks.rank && slices[index].isEmpty {
          message = [Int32(truncatingIfNeeded: open)]  // nothing of this population here: pass the open core on
        } else if turn == ranks.rank {
          let through = slices[index].upperBound
          var start = open
          message = [0]
          // Grow cores from the open one on, up to the end of this rank's slice (no further: the
          // sources of later neurons are the next rank's).
          while start < through {
            var end = start, synapses = 0, fanIn = 0
            let core = marker
            marker += 1
            var failedInputs: Int?
            while end < through && end - start < neuronsPerCore {
              let extra = incoming[index][end]
              var added = 0
              for key in sources.of(neuron: end) where countedBy[Int(key)] != core {
                countedBy[Int(key)] = core
                added += 1
              }
              if fanIn + added > fanInLimit {
                if end == start { failedInputs = added }
                break
              }
              if synapses + extra > synapsesPerCore { break }
              synapses += extra
              fanIn += added
              end += 1
            }
            if let failedInputs {
              message = [-1, Int32(truncatingIfNeeded: end), Int32(truncatingIfNeeded: failedInputs)]
              break
            }
            if end == through && end - start < neuronsPerCore && through < population.size {
              break  // the core reached the end of this slice with room left: the next rank grows it on
            }
            mine.append(Core(population: index, neurons: start..<end, incomingSynapses: synapses, fanIn: fanIn))
            start = end
          }
          if message[0] == 0 { message = [Int32(truncatingIfNeeded: start)] }
        }
        ranks.allGather(message, into: &received, counts: &counts)
        let offset = counts[..<turn].reduce(0, +)
        if received[offset] < 0 {
          let neuron = Int(received[offset + 1]), inputs = Int(received[offset + 2])
          throw SpikelineError.field("populations[\(index)]",
            "neuron \(neuron) of '\(population.name)' has \(inputs) distinct inputs; a core of profile '\(profile.name)' accepts at most \(fanInLimit) axons")
        }
        open = Int(received[offset])
      }
      // Every rank's cores of the population, in rank order (which is neuron order).
      var words: [Int32] = []
      for core in mine {
        words += [core.neurons.lowerBound, core.neurons.upperBound, core.incomingSynapses, core.fanIn].map { Int32(truncatingIfNeeded: $0) }
      }
      ranks.allGather(words, into: &received, counts: &counts)
      for k in Swift.stride(from: 0, to: received.count, by: 4) {
        let neurons = Int(received[k])..<Int(received[k + 1])
        let number = Int32(cores.count)
        for neuron in neurons { coreOfNeuron[index][neuron] = number }
        cores.append(Core(population: index, neurons: neurons, incomingSynapses: Int(received[k + 2]), fanIn: Int(received[k + 3])))
      }
    }
  }
}
