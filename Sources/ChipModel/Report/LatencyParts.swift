/// A run's chip time split by cause, seconds (each summed over timesteps).
public struct LatencyParts: Codable, Sendable, Equatable {
  /// The slowest core's work (synaptic events, neuron updates, messages sent).
  public var cores = 0.0
  /// Injecting input spikes from the host.
  public var host = 0.0
  /// The longest message route (hops and chip crossings).
  public var routing = 0.0
  /// Synchronisation and housekeeping (barriers).
  public var synchronisation = 0.0
  /// Waiting for the minimum timestep (a chip that runs in real time).
  public var idle = 0.0
  /// No time yet.
  public init() {}
}
