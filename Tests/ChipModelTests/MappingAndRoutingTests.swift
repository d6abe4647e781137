import Testing
import SpikeCore
@testable import ChipModel

/// The core mapping and the routing table against counts made the plain way: sets of cores and of
/// source neurons built synapse by synapse.
@Suite struct MappingAndRoutingTests {
  /// Loihi's figures on a small mesh: 7 neurons per core, 2 cores per tile, 2 tile columns, 6 cores per chip.
  func smallProfile(fanIn: Int?) -> ChipProfile {
    var profile = ChipProfile.loihi
    profile.neuronsPerCore = 7
    profile.coresPerTile = 2
    profile.meshColumns = 2
    profile.coresPerChip = 6
    profile.fanInPerCore = fanIn
    return profile
  }

  /// An input source and two neuron populations; A reaches B through two projections (so a source
  /// must count once per core across projections), one of them with several delays (rows sorted
  /// by delay first); A → A is dense, so its rows cover several cores with many synapses each; C
  /// has many distinct inputs per core.
  func network() throws -> Network {
    var network = Network(seed: 7)
    let input = try network.addSource("input", size: 9, source: .poisson(rateHertz: 50))
    let a = try network.addPopulation("a", size: 30, model: .lif(membraneTimeConstant: 0.01))
    let b = try network.addPopulation("b", size: 41, model: .lif(membraneTimeConstant: 0.01))
    try network.connect(input, to: a, connector: .fixedProbability(0.5), weight: .constant(0.1), delay: .constant(1e-3))
    try network.connect(a, to: b, connector: .fixedProbability(0.3), weight: .constant(0.1), delay: .constant(1e-3))
    try network.connect(a, to: b, connector: .fixedProbability(0.2), weight: .constant(0.1), delay: .uniform(1e-3, 4e-3),
                        name: "a->b delayed")
    try network.connect(a, to: a, connector: .allToAll(selfConnections: false), weight: .constant(0.01), delay: .constant(2e-3))
    // C's neurons have few inputs each, but a core of seven has about 54 distinct ones.
    let wide = try network.addSource("wide input", size: 80, source: .poisson(rateHertz: 50))
    let c = try network.addPopulation("c", size: 41, model: .lif(membraneTimeConstant: 0.01))
    try network.connect(wide, to: c, connector: .fixedProbability(0.15), weight: .constant(0.1), delay: .constant(1e-3))
    return network
  }

  @Test("Each row's destinations are its targets' cores with their synapse counts, hops and chip crossings")
  func destinationsByHand() throws {
    let network = try network()
    let mapping = try CoreMapping(network: network, profile: smallProfile(fanIn: nil))
    #expect(mapping.coresUsed == 17 && mapping.chipsUsed == 3)
    #expect(network.projections[2].synapses.uniformDelay == nil)
    let routing = RoutingTable(network: network, mapping: mapping)
    var checkedCrossings = false
    for (p, projection) in network.projections.enumerated() {
      let table = projection.synapses
      for source in 0..<table.sourceCount {
        var counts: [Int32: Int32] = [:]
        for k in table.row(source) { counts[mapping.coreOfNeuron[projection.target.index][Int(table.targets[k])], default: 0] += 1 }
        let sourceCore = Int(mapping.coreOfNeuron[projection.source.index][source])
        let expected = counts.keys.sorted().map { core in
          let hops = mapping.hops(from: sourceCore, to: Int(core))
          let sourceChip = sourceCore < 0 ? 0 : mapping.chip(ofCore: sourceCore)
          return RoutingTable.Destination(core: core, synapses: counts[core] ?? 0, hopsEastWest: Int32(hops.eastWest),
                                          hopsNorthSouth: Int32(hops.northSouth),
                                          chipCrossings: Int32(abs(mapping.chip(ofCore: Int(core)) - sourceChip)))
        }
        var found: [RoutingTable.Destination] = []
        routing.forEachDestination(projection: p, source: source) { found.append($0) }
        #expect(found == expected, "projection \(p), row \(source)")
        if found.contains(where: { $0.chipCrossings > 0 }) { checkedCrossings = true }
        for k in table.row(source) {
          #expect(routing.core(ofSynapse: k, projection: p) == Int(mapping.coreOfNeuron[projection.target.index][Int(table.targets[k])]))
        }
      }
    }
    #expect(checkedCrossings)
  }

  /// Distinct source neurons per core, from sets.
  func fanInsByHand(_ network: Network, _ mapping: CoreMapping) -> [Int] {
    var sources = [Set<Int>](repeating: [], count: mapping.coresUsed)
    var offsets: [Int] = [], total = 0
    for population in network.populations { offsets.append(total); total += population.size }
    for projection in network.projections {
      let table = projection.synapses
      for source in 0..<table.sourceCount {
        for k in table.row(source) {
          let core = Int(mapping.coreOfNeuron[projection.target.index][Int(table.targets[k])])
          sources[core].insert(offsets[projection.source.index] + source)
        }
      }
    }
    return sources.map(\.count)
  }

  /// The mapping made by the greedy cut that watches fan-in from every neuron's source list.
  func cutWatchingFanIn(_ network: Network, _ mapping: CoreMapping, limit: Int) throws -> CoreMapping {
    var incoming = network.populations.map { [Int](repeating: 0, count: $0.size) }
    for projection in network.projections {
      for target in projection.synapses.targets { incoming[projection.target.index][Int(target)] += 1 }
    }
    var watched = mapping
    try watched.cutWatchingFanIn(network, incoming: incoming, neuronsPerCore: 7, synapsesPerCore: mapping.profile.synapsesPerCore ?? 0,
                                 fanInLimit: limit)
    return watched
  }

  @Test("Fan-in counted from the rows: the same cores as the cut that watches fan-in, whether or not the limit binds")
  func fanInCut() throws {
    let network = try network()
    // The limit does not bind: the cores come from neurons and synapses alone, fan-in counted from the rows.
    let loose = try CoreMapping(network: network, profile: smallProfile(fanIn: 100))
    #expect(loose.cores.map(\.fanIn) == fanInsByHand(network, loose))
    let watchedLoose = try cutWatchingFanIn(network, loose, limit: 100)
    #expect(watchedLoose.cores == loose.cores && watchedLoose.coreOfNeuron == loose.coreOfNeuron)
    // A limit of 45 binds on C's cores only (A's and B's have at most 39 inputs): C's are cut shorter.
    let tight = try CoreMapping(network: network, profile: smallProfile(fanIn: 45))
    #expect(tight.coresUsed > loose.coresUsed)
    #expect(tight.cores.filter { $0.population != 4 } == loose.cores.filter { $0.population != 4 })
    #expect(tight.cores.allSatisfy { $0.fanIn <= 45 })
    #expect(tight.cores.map(\.fanIn) == fanInsByHand(network, tight))
    let watchedTight = try cutWatchingFanIn(network, tight, limit: 45)
    #expect(watchedTight.cores == tight.cores)
  }

  @Test("Each neuron's sources, read in windows of a few synapses through row cursors, or whole for several delays")
  func sourcesInWindows() throws {
    let network = try network()
    var offsets: [Int] = [], total = 0
    for population in network.populations { offsets.append(total); total += population.size }
    for (index, population) in network.populations.enumerated() where !population.isSource {
      var byHand = [[UInt32]](repeating: [], count: population.size)
      for projection in network.projections where projection.target.index == index {
        let table = projection.synapses
        for source in 0..<table.sourceCount {
          for k in table.row(source) { byHand[Int(table.targets[k])].append(UInt32(offsets[projection.source.index] + source)) }
        }
      }
      for window in [1, 5, 40, 1 << 24] {
        // On 2 and 3 threads (every window read in parts), the same lists in the same order as on one.
        var oneThread: [[UInt32]] = []
        for threads in [1, 2, 3] {
          var sources = IncomingSources(network, population: index, incoming: byHand.map(\.count), windowSynapses: window,
                                        threads: threads, parallelSynapses: 0)
          // B is reached through a projection with several delays: no cursors, one window.
          #expect(sources.windowed == (index != 2))
          for neuron in 0..<population.size {
            let list = Array(sources.of(neuron: neuron))
            #expect(list.sorted() == byHand[neuron].sorted(), "population \(index), neuron \(neuron), window \(window), \(threads) threads")
            if threads == 1 { oneThread.append(list) } else { #expect(list == oneThread[neuron]) }
            if sources.windowed && window == 5 { #expect(sources.window.count <= max(1, 5)) }
          }
        }
      }
    }
  }

  @Test("Incoming synapses per neuron: counted in parts on 2 and 3 threads, the same as by hand")
  func incomingSynapsesInParts() throws {
    let network = try network()
    var byHand = network.populations.map { [Int](repeating: 0, count: $0.size) }
    for projection in network.projections {
      let table = projection.synapses
      for k in 0..<table.count { byHand[projection.target.index][Int(table.targets[k])] += 1 }
    }
    #expect(byHand.joined().reduce(0, +) > 0)
    for threads in [1, 2, 3] {
      #expect(CoreMapping.incomingSynapses(network, threads: threads, parallelSynapses: 0) == byHand, "\(threads) threads")
    }
  }

  @Test("A row's destination cores by galloping and by reading every synapse's core are the same, whole rows and parts")
  func scanAndGallopAgree() throws {
    let network = try network()
    let mapping = try CoreMapping(network: network, profile: smallProfile(fanIn: nil))
    let coreEnd = mapping.cores.map { UInt32($0.neurons.upperBound) }
    var calls = 0
    for projection in network.projections where projection.synapses.uniformDelay != nil {
      let table = projection.synapses, targetCores = mapping.coreOfNeuron[projection.target.index]
      for source in 0..<table.sourceCount {
        let row = table.row(source)
        for part in [row, row.lowerBound..<(row.lowerBound + row.count / 2), (row.lowerBound + row.count / 3)..<row.upperBound] {
          var galloped: [[Int]] = [], scanned: [[Int]] = []
          RoutingTable.forEachDestinationCore(table, synapses: part, targetCores: targetCores, coreEnd: coreEnd, scan: false) {
            galloped.append([$0, $1])
          }
          RoutingTable.forEachDestinationCore(table, synapses: part, targetCores: targetCores, coreEnd: coreEnd, scan: true) {
            scanned.append([$0, $1])
          }
          #expect(scanned == galloped)
          calls += galloped.count
        }
      }
    }
    #expect(calls > 100)
  }
}
