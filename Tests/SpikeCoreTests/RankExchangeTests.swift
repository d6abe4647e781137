import Foundation
import Testing
import SpikelineSupport
@testable import SpikeCore

/// Ranks (processes that each own a slice of every population and swap spikes at the tick barrier)
/// must give the single-process result on every rank. Ranks run here as threads of this process
/// through `LocalSpikeExchange`; the Open MPI transport is checked in SpikelineCLITests.
@Suite struct RankExchangeTests {
  /// Runs `ranks` simulations of the ticked recurrent network, each on its own thread, and returns
  /// every rank's result and exchange statistics.
  /// With `shares`, every rank builds the network keeping only its share of the synapses.
  static func rankedRun(ranks: Int, threadsPerRank: Int, arithmetic: ChipArithmetic, shares: Bool = false,
                        ticks: Int = 150) throws -> [(SimulationResult, SpikeExchangeStatistics)] {
    let exchanges = LocalSpikeExchange.group(ranks: ranks)
    let simulations = try exchanges.map { exchange in
      let (network, plan) = try ParallelEngineTests.tickedNetwork(keepingShareOf: shares ? exchange : nil)
      return try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan, arithmetic: arithmetic,
                                    threads: threadsPerRank, ranks: exchange)
    }
    struct Shared: @unchecked Sendable { let simulations: [ChipTimeSimulation] }
    let box = Shared(simulations: simulations)
    let done = DispatchGroup()
    for rank in 0..<ranks {
      done.enter()
      // A thread per rank: every rank must run at once, whatever the number of cores.
      Thread {
        box.simulations[rank].run(ticks: ticks)
        done.leave()
      }.start()
    }
    done.wait()
    return simulations.map { ($0.result, $0.exchangeStatistics) }
  }

  @Test("Every rank of 2 and 3 ranks gives the single-process spikes, membranes and counters",
        arguments: [ChipArithmetic.floatingPoint,
                    .fixedPoint(FixedPointFormat(weightBits: 8, potentialBits: 16, decayBits: 12, voltsPerUnit: 0.005))])
  func ranksMatchOneProcess(arithmetic: ChipArithmetic) throws {
    let (network, plan) = try ParallelEngineTests.tickedNetwork()
    let single = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan, arithmetic: arithmetic, threads: 1)
    single.run(ticks: 150)
    let one = single.result
    #expect(one.spikes.reduce(0) { $0 + $1.count } > 200)
    for (ranks, threads, shares) in [(2, 1, false), (3, 1, false), (2, 2, false), (2, 1, true), (3, 2, true)] {
      let results = try Self.rankedRun(ranks: ranks, threadsPerRank: threads, arithmetic: arithmetic, shares: shares)
      for (rank, (result, statistics)) in results.enumerated() {
        let label = "rank \(rank) of \(ranks), \(threads) threads\(shares ? ", synapse share" : "")"
        #expect(result.spikes == one.spikes, "\(label)")
        #expect(result.membranes == one.membranes, "\(label)")
        #expect(result.counters == one.counters, "\(label)")
        #expect(statistics.exchanges == 150, "\(label)")
        #expect(statistics.wordsReceived >= statistics.wordsSent, "\(label)")
      }
    }
  }

  @Test("A rank owns its slice of every population; the slices of all ranks cover each neuron once")
  func rankSlicesCoverPopulations() {
    let sizes = [30, 101, 37]
    let exchanges = LocalSpikeExchange.group(ranks: 3)
    var covered = sizes.map { Array(repeating: 0, count: $0) }
    for exchange in exchanges {
      for (population, range) in ChipPartition.rankSlices(populationSizes: sizes, exchange: exchange).enumerated() {
        for neuron in range { covered[population][neuron] += 1 }
      }
    }
    #expect(covered.allSatisfy { $0.allSatisfy { $0 == 1 } })
    #expect(ChipPartition.rankSlices(populationSizes: sizes, exchange: nil) == sizes.map { 0..<$0 })
  }

  @Test("A rank's share of a table is exactly the whole table's synapses onto its neurons, for every connector")
  func synapseShareFiltersEveryConnector() throws {
    let explicit: [SynapseSpec] = (0..<60).map { (n: Int) -> SynapseSpec in
      SynapseSpec(source: n % 7, target: (n * 13) % 40, delay: n % 3 == 0 ? 2e-3 : nil)
    }
    let dense: [Double] = (0..<(7 * 40)).map { (n: Int) -> Double in n % 5 == 0 ? 0 : Double(n % 11) * 1e-4 }
    let connectors: [(Connector, Bool)] = [
      (.allToAll(selfConnections: false), true), (.allToAll(), false), (.oneToOne, false),
      (.fixedProbability(0.3, selfConnections: false), true), (.denseMatrix(weights: dense, dropZeros: true), false),
      (.denseMatrix(weights: dense), false), (.explicit(explicit), false),
    ]
    for storage in [WeightStorage.singlePrecision, .fixedPoint(FixedPointFormat(weightBits: 12, potentialBits: 20, decayBits: 12, voltsPerUnit: 1e-5))] {
      for (connector, recurrent) in connectors {
        // One-to-one needs equal sizes; the dense and explicit connectors are 7 × 40.
        let sourceSize = recurrent || connector == .oneToOne ? 40 : 7
        func build(_ share: Range<Int>?) throws -> SynapseTable {
          var network = Network(seed: 5)
          try network.storeWeights(as: storage)
          let a = try network.addPopulation("a", size: sourceSize, model: ParallelEngineTests.model)
          let b = recurrent ? a : try network.addPopulation("b", size: 40, model: ParallelEngineTests.model)
          if let share { try network.keepSynapses(onto: recurrent ? [share] : [0..<sourceSize, share]) }
          try network.connect(a, to: b, connector: connector, weight: .uniform(1e-4, 5e-4), delay: .uniform(1e-3, 4e-3))
          return network.projections[0].synapses
        }
        let whole = try build(nil)
        #expect(whole.count > 0)
        for share in [0..<16, 16..<29, 29..<40] {
          let part = try build(share)
          for row in 0..<whole.sourceCount {
            let expected = whole.row(row).filter { share.contains(Int(whole.targets[$0])) }
            let got = Array(part.row(row))
            #expect(expected.map { whole.targets[$0] } == got.map { part.targets[$0] }, "\(connector) row \(row) share \(share)")
            #expect(expected.map { whole.weights[$0] } == got.map { part.weights[$0] }, "\(connector) row \(row) share \(share)")
            #expect(expected.map { whole.delays[$0] } == got.map { part.delays[$0] }, "\(connector) row \(row) share \(share)")
          }
        }
      }
    }
  }

  @Test("A share that does not cover the rank's neurons, or one chosen after connecting, is refused")
  func synapseShareIsChecked() throws {
    let exchanges = LocalSpikeExchange.group(ranks: 2)
    let (network, plan) = try ParallelEngineTests.tickedNetwork(keepingShareOf: exchanges[0])
    #expect(throws: SpikelineError.self) {
      _ = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan, ranks: exchanges[1])
    }
    #expect(throws: SpikelineError.self) {
      _ = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan)
    }
    var connected = try ParallelEngineTests.tickedNetwork().0
    #expect(throws: SpikelineError.self) { try connected.keepRankShare(of: exchanges[0]) }
  }
}
