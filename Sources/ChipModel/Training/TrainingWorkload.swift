/// The operations of a training (or continual-learning) phase, counted by the training code.
/// The chip model knows nothing of training: it only prices these counts.
public struct TrainingWorkload: Codable, Sendable, Equatable {
  /// Forward passes (sample presentations).
  public var samples: Int = 0
  /// Time steps simulated over all forward passes.
  public var timesteps: Int = 0
  /// Spike-driven accumulates of the forward pass (active input × fan-out).
  public var forwardSynapticOps: Int = 0
  /// Multiply-accumulates of the forward pass with non-binary inputs.
  public var forwardMACs: Int = 0
  /// Neuron state updates of the forward pass.
  public var neuronUpdates: Int = 0
  /// Multiply-accumulates of the backward pass (gradients through time and layers).
  public var backwardMACs: Int = 0
  /// Accumulates of the backward pass (weight gradients of spike inputs).
  public var backwardAccumulates: Int = 0
  /// Parameter updates applied by the optimiser (parameters × steps).
  public var weightUpdates: Int = 0
  /// 32-bit words read or written outside the network (replay buffer, decompression).
  public var memoryWords: Int = 0

  /// No operations.
  public init() {}

  /// The operations of both phases.
  public static func + (a: TrainingWorkload, b: TrainingWorkload) -> TrainingWorkload {
    var sum = TrainingWorkload()
    sum.samples = a.samples + b.samples
    sum.timesteps = a.timesteps + b.timesteps
    sum.forwardSynapticOps = a.forwardSynapticOps + b.forwardSynapticOps
    sum.forwardMACs = a.forwardMACs + b.forwardMACs
    sum.neuronUpdates = a.neuronUpdates + b.neuronUpdates
    sum.backwardMACs = a.backwardMACs + b.backwardMACs
    sum.backwardAccumulates = a.backwardAccumulates + b.backwardAccumulates
    sum.weightUpdates = a.weightUpdates + b.weightUpdates
    sum.memoryWords = a.memoryWords + b.memoryWords
    return sum
  }

  /// Adds the operations of `b` to `a`.
  public static func += (a: inout TrainingWorkload, b: TrainingWorkload) { a = a + b }
}
