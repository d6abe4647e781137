import Foundation
import Testing
import SpikeCore
@testable import ChipModel

/// Ranks that each hold only their share of the synapses (those onto their neurons and onto the rest
/// of the chip cores they cost) must give every rank the single process's chip report: mapping,
/// routing, latency per tick, energy and NeuroBench metrics. Ranks run as threads of this process
/// (`LocalSpikeExchange`); `Tests/MPI/check_ranks.sh` checks the same through Open MPI.
@Suite struct RankShareReportTests {
  /// `MonitorSliceTests`' network and small mesh (7 neurons per core, so cores straddle the ranks'
  /// slices; a projection with several delays; chips crossed; an off-chip input).
  let base = MonitorSliceTests()

  func report(ranks exchange: SpikeExchange?, threads: Int = 1) throws -> (ChipReport, SimulationResult, network: Network) {
    let profile = base.profile()
    let network = try base.network(keepingShareOf: exchange, margin: ChipSession.rankShareMargin(profile))
    let session = try ChipSession(network: network, profile: profile, ranks: exchange)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: RecordingPlan(spikes: .all),
                                            threads: threads, ranks: exchange)
    session.attach(to: simulation)
    simulation.run(ticks: MonitorSliceTests.ticks)
    return (try session.report(for: simulation.result), simulation.result, network)
  }

  /// Every rank's report, each rank on a thread of its own (the mapping and report are collective).
  func rankedReports(ranks: Int, threads: Int) throws -> [(ChipReport, SimulationResult, network: Network)] {
    let exchanges = LocalSpikeExchange.group(ranks: ranks)
    final class Results: @unchecked Sendable {
      var reports: [Result<(ChipReport, SimulationResult, network: Network), Error>?]
      init(_ count: Int) { reports = Array(repeating: nil, count: count) }
    }
    let results = Results(ranks)
    let done = DispatchGroup()
    for rank in 0..<ranks {
      done.enter()
      Thread {
        results.reports[rank] = Result { try self.report(ranks: exchanges[rank], threads: threads) }
        done.leave()
      }.start()
    }
    done.wait()
    return try results.reports.map { try $0!.get() }
  }

  @Test("2 and 3 ranks holding their shares give every rank the single process's chip report",
        arguments: [(2, 1), (3, 1), (2, 2)])
  func sharesGiveTheWholeReport(ranks: Int, threads: Int) throws {
    let (single, result, whole) = try report(ranks: nil)
    #expect(single.populations.allSatisfy { $0.messages > 0 || $0.isInput })
    for (rank, (report, ranked, network)) in try rankedReports(ranks: ranks, threads: threads).enumerated() {
      #expect(network.synapseCount < whole.synapseCount, "rank \(rank) holds a share")
      #expect(ranked.spikes == result.spikes && ranked.counters == result.counters, "rank \(rank)")
      #expect(report == single, "rank \(rank) of \(ranks)")
    }
  }
}
