/// Operations counted by the training code (priced later by the chip model).
public struct OperationCount: Sendable, Equatable, Codable {
  /// Forward passes.
  public var samples = 0
  /// Time steps over all forward passes.
  public var timesteps = 0
  /// Active input × fan-out additions of the forward pass (what a chip's synaptic events are).
  public var forwardSynapticOps = 0
  /// Neuron state updates of the forward pass.
  public var neuronUpdates = 0
  /// Multiply-accumulates of the backward pass.
  public var backwardMACs = 0
  /// Accumulates of weight gradients for active inputs.
  public var backwardAccumulates = 0
  /// Parameter updates by the optimiser.
  public var weightUpdates = 0

  /// No operations.
  public init() {}

  /// The operations of both.
  public static func + (a: OperationCount, b: OperationCount) -> OperationCount {
    var s = OperationCount()
    s.samples = a.samples + b.samples; s.timesteps = a.timesteps + b.timesteps
    s.forwardSynapticOps = a.forwardSynapticOps + b.forwardSynapticOps; s.neuronUpdates = a.neuronUpdates + b.neuronUpdates
    s.backwardMACs = a.backwardMACs + b.backwardMACs; s.backwardAccumulates = a.backwardAccumulates + b.backwardAccumulates
    s.weightUpdates = a.weightUpdates + b.weightUpdates
    return s
  }

  /// Adds the operations of `b` to `a`.
  public static func += (a: inout OperationCount, b: OperationCount) { a = a + b }
}
