import ChipModel
import SpikeTraining

extension TrainingWorkload {
  /// The training code's operation counts in the chip model's terms: the only bridge from
  /// `OperationCount` (SpikeTraining) to `TrainingWorkload` (ChipModel).
  /// - Parameter memoryWords: 32-bit words moved outside the network (replay buffer reads,
  ///   decompressed trains written back), counted by the caller that knows the buffer.
  public init(_ operations: OperationCount, memoryWords: Int = 0) {
    self.init()
    samples = operations.samples
    timesteps = operations.timesteps
    forwardSynapticOps = operations.forwardSynapticOps
    neuronUpdates = operations.neuronUpdates
    backwardMACs = operations.backwardMACs
    backwardAccumulates = operations.backwardAccumulates
    weightUpdates = operations.weightUpdates
    self.memoryWords = memoryWords
  }
}
