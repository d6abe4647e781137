import Foundation
import Testing
import SpikeCore
import SpikelineSupport
@testable import ChipModel

/// Ranks that each hold only their share of the synapses (those onto their neurons and onto the rest
/// of the chip cores they cost) must give every rank the single process's chip report: mapping,
/// routing, latency per tick, energy and NeuroBench metrics. Ranks run as threads of this process
/// (`LocalSpikeExchange`); `Tests/MPI/check_ranks.sh` checks the same through Open MPI.
@Suite struct RankShareReportTests {
  /// `MonitorSliceTests`' network and small mesh (7 neurons per core, so cores straddle the ranks'
  /// slices; a projection with several delays; chips crossed; an off-chip input).
  let base = MonitorSliceTests()

  func report(ranks exchange: SpikeExchange?, threads: Int = 1, fanIn: Int? = nil) throws
    -> (ChipReport, SimulationResult, network: Network) {
    var profile = base.profile()
    profile.fanInPerCore = fanIn
    let network = try base.network(keepingShareOf: exchange, margin: ChipSession.rankShareMargin(profile))
    let session = try ChipSession(network: network, profile: profile, ranks: exchange)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: RecordingPlan(spikes: .all),
                                            threads: threads, ranks: exchange)
    session.attach(to: simulation)
    simulation.run(ticks: MonitorSliceTests.ticks)
    return (try session.report(for: simulation.result), simulation.result, network)
  }

  /// Every rank's report, each rank on a thread of its own (the mapping and report are collective).
  func rankedReports(ranks: Int, threads: Int, fanIn: Int? = nil) throws -> [(ChipReport, SimulationResult, network: Network)] {
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
        results.reports[rank] = Result { try self.report(ranks: exchanges[rank], threads: threads, fanIn: fanIn) }
        done.leave()
      }.start()
    }
    done.wait()
    return try results.reports.map { try ($0 ?? .failure(SpikelineError(.invalidInput, "a rank did not report"))).get() }
  }

  @Test("2 and 3 ranks holding their shares give every rank the single process's chip report, cores cut by fan-in too",
        arguments: [(2, 1, nil), (3, 1, nil), (2, 2, nil), (2, 1, 32), (3, 1, 32), (4, 1, 32)] as [(Int, Int, Int?)])
  func sharesGiveTheWholeReport(ranks: Int, threads: Int, fanIn: Int?) throws {
    let (single, result, whole) = try report(ranks: nil, fanIn: fanIn)
    if fanIn != nil {
      // The fan-in limit cuts cores: more of them than neurons and synapses alone would need.
      #expect(single.coresUsed > (try report(ranks: nil).0.coresUsed))
    }
    #expect(single.populations.allSatisfy { $0.messages > 0 || $0.isInput })
    for (rank, (report, ranked, network)) in try rankedReports(ranks: ranks, threads: threads, fanIn: fanIn).enumerated() {
      #expect(network.synapseCount < whole.synapseCount, "rank \(rank) holds a share")
      #expect(ranked.spikes == result.spikes && ranked.counters == result.counters, "rank \(rank)")
      #expect(report == single, "rank \(rank) of \(ranks)")
    }
  }
}
