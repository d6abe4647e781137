import SpikeCore
import SpikelineSupport

/// Mapping, routing and monitor for one network on one profile: attach, run, report.
public final class ChipSession {
  /// The network mapped.
  public let network: Network
  /// Where its neurons sit.
  public let mapping: CoreMapping
  /// Where its spikes go.
  public let routing: RoutingTable
  /// The monitor `attach(to:)` connects to a simulation.
  public let monitor: ChipActivityMonitor

  /// The ranks this session's network is split over, when each holds only its share of the synapses.
  public let ranks: SpikeExchange?

  /// - Parameters:
  ///   - board: chips powered (a board the user names); nil powers the chips the mapping uses.
  ///   - ranks: when `network` is one rank's share of a network split over ranks
  ///     (`Network.keepRankShare(of:margin:)` with `ChipSession.rankShareMargin(profile)`), the ranks'
  ///     exchange: the mapping, the monitor and the report then gather what other ranks hold, and
  ///     every rank gets the whole network's report. Collective: every rank creates its session.
  /// - Throws: `SpikelineError` if the network does not fit or the profile lacks a figure.
  public init(network: Network, profile: ChipProfile, board: Int? = nil, ranks: SpikeExchange? = nil) throws {
    if let error = profile.validationErrors().first { throw error }
    self.network = network
    self.ranks = ranks.flatMap { network.keepsEverySynapse || $0.rankCount < 2 ? nil : $0 }
    mapping = try CoreMapping(network: network, profile: profile, board: board, ranks: self.ranks)
    routing = RoutingTable(network: network, mapping: mapping)
    monitor = try ChipActivityMonitor(network: network, mapping: mapping, routing: routing, ranks: self.ranks)
  }

  /// The neurons below its slice whose synapses a rank must also keep so that it holds every
  /// synapse of the cores it accounts for: a core holds at most the profile's neurons per core.
  public static func rankShareMargin(_ profile: ChipProfile) -> Int { max(0, (profile.neuronsPerCore ?? 1) - 1) }

  /// Makes `simulation` report every tick to this session's monitor.
  public func attach(to simulation: ChipTimeSimulation) { simulation.observer = monitor }

  /// The report of a run (monitor used only if it watched a chip-time run). Collective on ranks that
  /// hold their shares (`ranks`): every rank calls it and gets the whole network's report.
  /// - Parameter timestep: seconds of biological time per chip timestep, for a continuous-time run.
  public func report(for result: SimulationResult, samples: Int = 1, replayBufferBytes: Int = 0,
                     timestep: Double = 1e-3) throws -> ChipReport {
    monitor.combineRanks()
    let watched: ChipActivityMonitor?
    if case .chip = result.timeModel, monitor.ticks > 0 { watched = monitor } else { watched = nil }
    return try ChipReport(network: network, result: result, mapping: mapping, routing: routing, monitor: watched,
                          samples: samples, replayBufferBytes: replayBufferBytes, timestep: timestep, ranks: ranks)
  }
}
