import SpikeCore
import SpikelineSupport

extension CoreMapping {
  /// Cuts every neuron population into cores in neuron order, each as long as the profile's
  /// neurons and synapses per core allow (fan-in not counted).
  mutating func cutByNeuronsAndSynapses(_ network: Network, incoming: [[Int]], neuronsPerCore: Int, synapsesPerCore: Int) {
    cores.removeAll()
    for (index, population) in network.populations.enumerated() where !population.isSource {
      var start = 0
      while start < population.size {
        var end = start
        var synapses = 0
        let core = Int32(cores.count)
        while end < population.size && end - start < neuronsPerCore && synapses + incoming[index][end] <= synapsesPerCore {
          synapses += incoming[index][end]
          end += 1
        }
        for neuron in start..<end { coreOfNeuron[index][neuron] = core }
        cores.append(Core(population: index, neurons: start..<end, incomingSynapses: synapses, fanIn: 0))
        start = end
      }
    }
  }

  /// The distinct source neurons whose synapses land on each core, counted from the synapse rows
  /// (a source reaching a core through several projections counts once); nil as soon as one core
  /// has more than `limit`.
  /// - Complexity: O(destinations × log(synapses per destination)) for rows sorted by target (one
  ///   delay per projection), O(synapses) for the others; memory O(cores).
  static func fanIns(_ network: Network, cores: [Core], coreOfNeuron: [[Int32]], limit: Int) -> [Int]? {
    let coreEnd = cores.map { UInt32($0.neurons.upperBound) }
    var fanIn = [Int](repeating: 0, count: cores.count)
    // The source that last counted on each core (sources are visited one at a time).
    var countedBy = [Int](repeating: -1, count: cores.count)
    var key = 0
    for (index, projections) in network.outgoingProjections().enumerated() {
      let size = network.populations[index].size
      defer { key += size }
      guard !projections.isEmpty else { continue }
      let routes = projections.map { id in
        (table: network.projections[id.index].synapses, targetCores: coreOfNeuron[network.projections[id.index].target.index])
      }
      for source in 0..<size {
        let sourceKey = key + source
        var exceeded = false
        for route in routes {
          let count = { (core: Int) in
            if countedBy[core] != sourceKey {
              countedBy[core] = sourceKey
              fanIn[core] += 1
              if fanIn[core] > limit { exceeded = true }
            }
          }
          if route.table.uniformDelay != nil {
            RoutingTable.forEachDestinationCore(route.table, source: source, targetCores: route.targetCores, coreEnd: coreEnd) { core, _ in
              count(core)
            }
          } else {
            for k in route.table.row(source) { count(Int(route.targetCores[Int(route.table.targets[k])])) }
          }
        }
        if exceeded { return nil }
      }
    }
    return fanIn
  }

  /// Cuts every neuron population into cores in neuron order, each as long as the profile's
  /// neurons, synapses and fan-in per core allow; counts a core's distinct inputs from every
  /// neuron's sources, read a window of neurons at a time (`IncomingSources`).
  /// - Throws: `SpikelineError` naming a neuron with more distinct inputs than a core accepts.
  mutating func cutWatchingFanIn(_ network: Network, incoming: [[Int]], neuronsPerCore: Int, synapsesPerCore: Int,
                                 fanInLimit: Int) throws {
    cores.removeAll()
    var cutter = FanInCutter(network, neuronsPerCore: neuronsPerCore, synapsesPerCore: synapsesPerCore, fanInLimit: fanInLimit)
    for (index, population) in network.populations.enumerated() where !population.isSource {
      var sources = IncomingSources(network, population: index, incoming: incoming[index])
      var start = 0
      while start < population.size {
        let growth = cutter.grow(from: start, before: population.size, incoming: incoming[index], sources: &sources)
        let core = try cutter.core(growth, population: index, name: population.name, profile: profile.name)
        for neuron in core.neurons { coreOfNeuron[index][neuron] = Int32(cores.count) }
        cores.append(core)
        start = core.neurons.upperBound
      }
    }
  }

  /// Grows cores neuron by neuron in neuron order while a core's neurons, incoming synapses and
  /// distinct inputs (fan-in) fit the profile (`cutWatchingFanIn`, on one process or on ranks).
  struct FanInCutter {
    let neuronsPerCore: Int, synapsesPerCore: Int, fanInLimit: Int
    /// The core that last counted each source: distinct inputs per core without a set. A neuron's
    /// sources are marked as they are counted (which also skips a source it lists twice); if the
    /// neuron then does not fit, the next core has another number, so the marks do no harm.
    private var countedBy: [Int32]
    private var nextCore: Int32 = 0

    init(_ network: Network, neuronsPerCore: Int, synapsesPerCore: Int, fanInLimit: Int) {
      self.neuronsPerCore = neuronsPerCore
      self.synapsesPerCore = synapsesPerCore
      self.fanInLimit = fanInLimit
      countedBy = [Int32](repeating: -1, count: network.populations.reduce(0) { $0 + $1.size })
    }

    /// What growing one core gave.
    enum Growth {
      /// The core's neurons start..<end, its incoming synapses and distinct inputs.
      case core(Range<Int>, synapses: Int, fanIn: Int)
      /// The core's first neuron alone has more synapses, or more distinct inputs, than a core takes.
      case tooManySynapses(neuron: Int, synapses: Int)
      case tooManyInputs(neuron: Int, inputs: Int)
    }

    /// The core `growth` grew, or the error that names the neuron that fits no core.
    func core(_ growth: Growth, population index: Int, name: String, profile: String) throws -> Core {
      switch growth {
      case .core(let neurons, let synapses, let fanIn):
        return Core(population: index, neurons: neurons, incomingSynapses: synapses, fanIn: fanIn)
      case .tooManySynapses(let neuron, let synapses):
        throw SpikelineError.field("populations[\(index)]",
          "neuron \(neuron) of '\(name)' has \(synapses) incoming synapses; a core of profile '\(profile)' stores at most \(synapsesPerCore)")
      case .tooManyInputs(let neuron, let inputs):
        throw SpikelineError.field("populations[\(index)]",
          "neuron \(neuron) of '\(name)' has \(inputs) distinct inputs; a core of profile '\(profile)' accepts at most \(fanInLimit) axons")
      }
    }

    /// One core from neuron `start` on, grown while it fits and its neurons lie below `end`;
    /// `sources` must be asked for neurons in ascending order.
    mutating func grow(from start: Int, before end: Int, incoming: [Int], sources: inout IncomingSources) -> Growth {
      var next = start, synapses = 0, fanIn = 0
      let core = nextCore
      nextCore += 1
      while next < end && next - start < neuronsPerCore {
        let extra = incoming[next]
        if extra > synapsesPerCore { return .tooManySynapses(neuron: next, synapses: extra) }
        var added = 0
        for key in sources.of(neuron: next) where countedBy[Int(key)] != core {
          countedBy[Int(key)] = core
          added += 1
        }
        if fanIn + added > fanInLimit {
          if next == start { return .tooManyInputs(neuron: next, inputs: added) }
          break
        }
        if synapses + extra > synapsesPerCore { break }
        synapses += extra
        fanIn += added
        next += 1
      }
      return .core(start..<next, synapses: synapses, fanIn: fanIn)
    }
  }

  /// Incoming synapses of every neuron, per population. A large table's targets are counted in
  /// parts, one per thread, each into its own array, and the parts summed (integers: the same counts
  /// for any number of threads).
  static func incomingSynapses(_ network: Network, threads: Int = DeterministicParallel.threadCount,
                               parallelSynapses: Int = 1 << 22) -> [[Int]] {
    var incoming = network.populations.map { [Int](repeating: 0, count: $0.size) }
    for projection in network.projections {
      let table = projection.synapses
      let size = incoming[projection.target.index].count
      let parts = table.count >= parallelSynapses ? max(1, threads) : 1
      table.targets.withUnsafeBufferPointer { targets in
        incoming[projection.target.index].withUnsafeMutableBufferPointer { counts in
          guard parts > 1, let base = targets.baseAddress else {
            for target in targets { counts[Int(target)] += 1 }
            return
          }
          let shared = UnsafeSendable(base), total = targets.count
          let partCounts = DeterministicParallel.map(parts, threads: parts) { part -> [Int] in
            var mine = [Int](repeating: 0, count: size)
            mine.withUnsafeMutableBufferPointer { mine in
              for k in total * part / parts..<total * (part + 1) / parts { mine[Int(shared.value[k])] += 1 }
            }
            return mine
          }
          for part in partCounts { for neuron in 0..<size { counts[neuron] += part[neuron] } }
        }
      }
    }
    return incoming
  }
}
