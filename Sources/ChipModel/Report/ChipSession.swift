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

  /// - Throws: `SpikelineError` if the network does not fit or the profile lacks a figure.
  public init(network: Network, profile: ChipProfile, chips: Int = 1) throws {
    if let error = profile.validationErrors().first { throw error }
    self.network = network
    mapping = try CoreMapping(network: network, profile: profile, chips: chips)
    routing = RoutingTable(network: network, mapping: mapping)
    monitor = try ChipActivityMonitor(network: network, mapping: mapping, routing: routing)
  }

  /// Makes `simulation` report every tick to this session's monitor.
  public func attach(to simulation: ChipTimeSimulation) { simulation.observer = monitor }

  /// The report of a run (monitor used only if it watched a chip-time run).
  public func report(for result: SimulationResult, samples: Int = 1, replayBufferBytes: Int = 0) throws -> ChipReport {
    let watched: ChipActivityMonitor?
    if case .chip = result.timeModel, monitor.ticks > 0 { watched = monitor } else { watched = nil }
    return try ChipReport(network: network, result: result, mapping: mapping, routing: routing, monitor: watched,
                          samples: samples, replayBufferBytes: replayBufferBytes)
  }
}
