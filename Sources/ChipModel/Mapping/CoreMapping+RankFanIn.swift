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
    var cutter = FanInCutter(network, neuronsPerCore: neuronsPerCore, synapsesPerCore: synapsesPerCore, fanInLimit: fanInLimit)
    var received: [Int32] = [], counts: [Int] = []
    for (index, population) in network.populations.enumerated() where !population.isSource {
      var sources = IncomingSources(network, population: index, incoming: incoming[index])
      var open = 0
      var mine: [Core] = []
      for turn in 0..<ranks.rankCount {
        // The turn's rank says where the core it leaves unfinished starts, or [-1, neuron, inputs, synapses].
        var message: [Int32] = []
        if turn == ranks.rank {
          // Cores from the open one on, up to the end of this rank's slice and no further (the
          // sources of later neurons are the next rank's); an empty slice passes the open core on.
          let through = slices[index].upperBound
          var start = open
          var failure: [Int32]?
          while !slices[index].isEmpty && start < through {
            let growth = cutter.grow(from: start, before: through, incoming: incoming[index], sources: &sources)
            guard case .core(let neurons, _, _) = growth else { failure = Self.failureWords(growth); break }
            // A core that reached the end of the slice with room left: the next rank grows it on.
            if neurons.upperBound == through && neurons.count < neuronsPerCore && through < population.size { break }
            mine.append(try cutter.core(growth, population: index, name: population.name, profile: profile.name))
            start = neurons.upperBound
          }
          message = failure ?? [Int32(truncatingIfNeeded: start)]
        }
        ranks.allGather(message, into: &received, counts: &counts)
        let offset = counts[..<turn].reduce(0, +)
        if received[offset] < 0 {
          // Every rank throws the error one process would.
          let neuron = Int(received[offset + 1]), inputs = Int(received[offset + 2]), synapses = Int(received[offset + 3])
          let growth: FanInCutter.Growth = inputs > 0 ? .tooManyInputs(neuron: neuron, inputs: inputs)
            : .tooManySynapses(neuron: neuron, synapses: synapses)
          _ = try cutter.core(growth, population: index, name: population.name, profile: profile.name)
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

  /// A neuron that fits no core, as the words of a rank's turn: [-1, neuron, distinct inputs, synapses].
  static func failureWords(_ growth: FanInCutter.Growth) -> [Int32] {
    switch growth {
    case .tooManyInputs(let neuron, let inputs): return [-1, Int32(truncatingIfNeeded: neuron), Int32(truncatingIfNeeded: inputs), 0]
    case .tooManySynapses(let neuron, let synapses): return [-1, Int32(truncatingIfNeeded: neuron), 0, Int32(truncatingIfNeeded: synapses)]
    case .core: return []
    }
  }
}
