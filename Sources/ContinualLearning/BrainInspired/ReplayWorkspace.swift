import SpikeTraining

/// The matrices one model's training steps write and reuse: the encoder's and decoder's traces and
/// backward scratch, the reconstruction gradient, the gradient into the hidden layer, and the input
/// gradient of the latent layer — the large arrays of a step (128 × 784 and 128 × 400 for BI-R on
/// MNIST), which a step used to allocate afresh (and zero) every time.
///
/// One workspace per model and run (`ContinualRun`); it holds no result between steps, only storage,
/// so results are the same bits with or without it.
final class ReplayWorkspace {
  var encoder = DenseStack.Trace()
  var decoder = DenseStack.Trace()
  var encoderScratch = DenseStack.BackwardScratch()
  var decoderScratch = DenseStack.BackwardScratch()
  /// d loss / d decoder output.
  var reconstructionGradient = Matrix(rows: 0, columns: 0)
  /// d loss / d hidden (the encoder's output).
  var hiddenGradient = Matrix(rows: 0, columns: 0)
  /// d loss / d hidden through the latent layer.
  var latentInputGradient = Matrix(rows: 0, columns: 0)

  init() {}
}
