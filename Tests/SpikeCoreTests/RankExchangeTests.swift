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
  static func rankedRun(ranks: Int, threadsPerRank: Int, arithmetic: ChipArithmetic,
                        ticks: Int = 150) throws -> [(SimulationResult, SpikeExchangeStatistics)] {
    let (network, plan) = try ParallelEngineTests.tickedNetwork()
    let exchanges = LocalSpikeExchange.group(ranks: ranks)
    let simulations = try exchanges.map { exchange in
      try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan, arithmetic: arithmetic,
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
    for (ranks, threads) in [(2, 1), (3, 1), (2, 2)] {
      let results = try Self.rankedRun(ranks: ranks, threadsPerRank: threads, arithmetic: arithmetic)
      for (rank, (result, statistics)) in results.enumerated() {
        let label = "rank \(rank) of \(ranks), \(threads) threads"
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
}
