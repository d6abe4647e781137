import Foundation
import Testing
import ChipModel
import SpikeCore
import SpikelineSupport
@testable import ScenarioKit

/// `spikeline run --ranks` reads the scenario on every rank keeping only the rank's share of the
/// synapses (`ScenarioLoader.RankShare`) and runs it with the others: every rank must get the single
/// process's report. Ranks run as threads here (`LocalSpikeExchange`); the MPI build is checked by
/// `Tests/MPI/check_ranks.sh`.
@Suite struct RankShareScenarioTests {
  /// A small CUBA network on a Loihi with 50-neuron cores (so cores straddle the ranks' slices).
  static let text = """
    {"description": "CUBA, small, on small cores", "seed": 9,
     "time": {"model": "chip", "tickDuration": 0.0005, "durationSeconds": 0.05},
     "populations": [
       {"name": "drive", "size": 40, "source": {"poisson": {"rateHz": 60}}},
       {"name": "e", "size": 240, "neuron": {"model": "cuba", "tauMembrane": 0.02, "tauExcitatory": 0.005, "tauInhibitory": 0.01,
        "restingPotential": -0.049, "threshold": -0.05, "reset": {"potential": -0.06}, "refractory": 0.002},
        "initialPotential": {"uniform": [-0.06, -0.05]}},
       {"name": "i", "size": 60, "neuron": {"model": "cuba", "tauMembrane": 0.02, "tauExcitatory": 0.005, "tauInhibitory": 0.01,
        "restingPotential": -0.049, "threshold": -0.05, "reset": {"potential": -0.06}, "refractory": 0.002},
        "initialPotential": {"uniform": [-0.06, -0.05]}}],
     "projections": [
       {"source": "drive", "target": "e", "connector": {"probability": 0.2}, "weight": 0.004, "delay": {"ticks": 1}},
       {"source": "e", "target": "e", "connector": {"probability": 0.05}, "weight": 0.002, "delay": {"ticks": 2}, "receptor": "excitatory"},
       {"source": "e", "target": "i", "connector": {"probability": 0.05}, "weight": 0.002, "delay": {"ticks": 1}, "receptor": "excitatory"},
       {"source": "i", "target": "e", "connector": {"probability": 0.1}, "weight": -0.009, "delay": {"ticks": 1}, "receptor": "inhibitory"}],
     "record": {"spikes": "all", "membranes": [{"population": "e", "neurons": [0, 120, 239]}]},
     "chip": {"profile": {"base": "loihi", "neuronsPerCore": 50}}}
    """

  /// The report of the scenario on one process or as `exchange`'s rank, and the synapses it held.
  func run(ranks exchange: SpikeExchange?) throws -> (report: Data, synapses: Int, spikes: Int) {
    let share = exchange.map { ScenarioLoader.RankShare(ranks: $0) }
    let scenario = try ScenarioLoader.parse(Array(Self.text.utf8), file: "ranks.json", rankShare: share)
    guard case .network(let body) = scenario.body else { throw SpikelineError(.invalidInput, "not a network scenario") }
    let outcome = try NetworkScenarioRunner.run(scenario, body, threads: 1, ranks: exchange)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try encoder.encode(outcome.report), body.network.synapseCount, outcome.result.counters.totalSpikes)
  }

  @Test("2 and 3 ranks reading the scenario with their shares report what one process does", arguments: [2, 3])
  func ranksReportTheWhole(ranks: Int) throws {
    let single = try run(ranks: nil)
    #expect(single.spikes > 500, "the network must be active: \(single.spikes) spikes")
    let exchanges = LocalSpikeExchange.group(ranks: ranks)
    final class Results: @unchecked Sendable { var runs: [Result<(report: Data, synapses: Int, spikes: Int), Error>?] = [] }
    let results = Results()
    results.runs = Array(repeating: nil, count: ranks)
    let done = DispatchGroup()
    for rank in 0..<ranks {
      done.enter()
      Thread {
        results.runs[rank] = Result { try self.run(ranks: exchanges[rank]) }
        done.leave()
      }.start()
    }
    done.wait()
    for (rank, outcome) in results.runs.enumerated() {
      let ranked = try (outcome ?? .failure(SpikelineError(.invalidInput, "rank \(rank) did not run"))).get()
      #expect(ranked.synapses < single.synapses, "rank \(rank) holds a share")
      #expect(ranked.report == single.report, "rank \(rank) of \(ranks)")
    }
  }
}
