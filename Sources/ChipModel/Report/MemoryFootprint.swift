/// Bytes of memory the run needs on the chip, at the profile's bits per synapse and per neuron.
/// Off-chip input sources hold no state on the chip.
public struct MemoryFootprint: Codable, Sendable, Equatable {
  /// Bytes of stored synapses (weights and indices), summed over cores.
  public var weightsBytes: Int
  /// Bytes of state of the neurons mapped onto cores, summed over cores.
  public var neuronStateBytes: Int
  /// A replay buffer kept beside the network (0 if none).
  public var replayBufferBytes: Int
  /// Weights, state and replay buffer together: the sum of `perCoreBytes` plus the replay buffer.
  public var totalBytes: Int
  /// Bytes on each core (weights plus state, each rounded up to whole bytes).
  public var perCoreBytes: [Int]
}
