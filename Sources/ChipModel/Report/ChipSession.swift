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

  /// - Parameter board: chips powered (a board the user names); nil powers the chips the mapping uses.
  /// - Throws: `SpikelineError` if the network does not fit or the profile lacks a figure.
  public init(network: Network, profile: ChipProfile, board: Int? = nil) throws {
    if let error = profile.validationErrors().first { throw error }
    self.network = network
    mapping = try CoreMapping(network: network, profile: profile, board: board)
    routing = RoutingTable(network: network, mapping: mapping)
    monitor = try ChipActivityMonitor(network: network, mapping: mapping, routing: routing)
  }

  /// Makes `simulation` report every tick to this session's monitor.
  public func attach(to simulation: ChipTimeSimulation) { simulation.observer = monitor }

  /// The report of a run (monitor used only if it watched a chip-time run).
  /// - Parameter timestep: seconds of biological time per chip timestep, for a continuous-time run.
  public func report(for result: SimulationResult, samples: Int = 1, replayBufferBytes: Int = 0,
                     timestep: Double = 1e-3) throws -> ChipReport {
    let watched: ChipActivityMonitor?
    if case .chip = result.timeModel, monitor.ticks > 0 { watched = monitor } else { watched = nil }
    return try ChipReport(network: network, result: result, mapping: mapping, routing: routing, monitor: watched,
                          samples: samples, replayBufferBytes: replayBufferBytes, timestep: timestep)
  }
}
