import SpikeTraining

/// The matrices one model's training steps write and reuse: the encoder's and decoder's traces and
/// backward scratch, the reconstruction, hidden-layer and latent gradients, the latent statistics,
/// draw and KL terms, the scores, the decoder's gate rows — the arrays of a step (up to 128 × 784 for
/// BI-R on MNIST), which a step used to allocate afresh (and zero) every time.
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
  /// The latent layer's output (means, then log-variances) and its two halves.
  var statistics = Matrix(rows: 0, columns: 0)
  var mean = Matrix(rows: 0, columns: 0)
  var logVariance = Matrix(rows: 0, columns: 0)
  /// The decoder's per-row gate masks (gated methods).
  var gates: [Matrix?] = []
  /// The classifier's scores and their gradient.
  var scores = Matrix(rows: 0, columns: 0)
  var scoreGradient = Matrix(rows: 0, columns: 0)
  /// The latent draw z and its noise ε; the gradients of the latent statistics.
  var latent = Matrix(rows: 0, columns: 0)
  var noise = Matrix(rows: 0, columns: 0)
  var meanGradient = Matrix(rows: 0, columns: 0)
  var logVarianceGradient = Matrix(rows: 0, columns: 0)
  var statisticsGradient = Matrix(rows: 0, columns: 0)
  /// The KL divergence from the prior and its gradients; the conditional prior's rows; the
  /// reconstruction loss per row.
  var divergence = Variational.KLTerms()
  var priorMeanRows = Matrix(rows: 0, columns: 0)
  var priorLogVarianceRows = Matrix(rows: 0, columns: 0)
  var rowLoss: [Float] = []

  init() {}

  /// The matrix at `keyPath`, taken out of the workspace (the caller's copy is then the only reference
  /// to its storage, so writing it needs no copy) and shaped `rows` × `columns`: zeroed when `zeroed`,
  /// otherwise holding stale values the caller overwrites. Give it back with `putBack(_:to:)`.
  func take(_ keyPath: ReferenceWritableKeyPath<ReplayWorkspace, Matrix>, rows: Int, columns: Int, zeroed: Bool = false) -> Matrix {
    var matrix = Matrix(rows: 0, columns: 0)
    swap(&matrix, &self[keyPath: keyPath])
    matrix.reshape(rows: rows, columns: columns)
    if zeroed { matrix.values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    return matrix
  }

  /// Keeps `matrix` at `keyPath` for the next step.
  func putBack(_ matrix: Matrix, to keyPath: ReferenceWritableKeyPath<ReplayWorkspace, Matrix>) { self[keyPath: keyPath] = matrix }

  /// Copies `statistics`' first `latent` columns into `mean` and the next `latent` into `logVariance`.
  func splitStatistics(latent z: Int) {
    let rows = statistics.rows, columns = statistics.columns
    precondition(columns == 2 * z, "internal error: \(columns) latent statistics for z = \(z)")
    mean.reshape(rows: rows, columns: z)
    logVariance.reshape(rows: rows, columns: z)
    statistics.values.withUnsafeBufferPointer { source in
      mean.values.withUnsafeMutableBufferPointer { means in
        logVariance.values.withUnsafeMutableBufferPointer { logVariances in
          for i in 0..<rows {
            for j in 0..<z {
              means[i * z + j] = source[i * columns + j]
              logVariances[i * z + j] = source[i * columns + z + j]
            }
          }
        }
      }
    }
  }
}
