import SpikeTraining
import SpikelineSupport

/// One way to learn a new class: which latents are replayed, how they are stored, at what T, and
/// how thresholds and the learning rate move during the phase.
public struct ReplayMethod: Sendable, Codable, Equatable {
  /// Which data the learning layers train on.
  public enum Kind: String, Sendable, Codable {
    /// Replay compressed latents of old classes alongside the new class.
    case latentReplay
    /// Fine-tune on the new class only (the lower bound).
    case naive
    /// Retrain on every class's full, uncompressed latents (the upper bound).
    case joint
  }

  /// The name in tables (SpikingLR, Replay4NCL, Naive, Joint).
  public var name: String
  /// Latent replay, or one of the two bounds.
  public var kind: Kind
  /// Replays are taken after this many layers; layers from here on learn (0–3; 2 = after the 100-neuron layer).
  public var latentLayer: Int
  /// Time steps of the continual-learning phase (new data, replay, evaluation).
  public var steps: Int
  /// The T its backbone was pre-trained at (a network runs best at the T it was trained at).
  public var backboneSteps: Int
  /// How replayed latents are stored (they are made at `steps` steps).
  public var compression: LatentCompression
  /// Replayed samples per old class (SpikingLR: 64 × k).
  public var samplesPerClass: Int
  /// Passes over the phase's training set.
  public var epochs: Int
  /// Samples per optimiser step.
  public var batchSize: Int
  /// Adam's learning rate before the schedule's multiples.
  public var learningRate: Float
  /// The learning rate's course over the phase, as a multiple of `learningRate`: from `learningRateStart` to `learningRateEnd`.
  public var learningRateStart: Float
  /// The multiple at the last epoch (linear in between).
  public var learningRateEnd: Float
  /// The learning layers' thresholds over the phase, as multiples of the pre-trained threshold.
  public var thresholdStart: Float
  /// The multiple at the last epoch (linear in between).
  public var thresholdEnd: Float
  /// Replay generated latents instead of stored ones: a conditional VAE of the old classes' latent
  /// firing rates (BI-R-style generative replay); nil: a buffer of stored latents.
  public var latentGenerator: LatentGeneratorSpec? = nil
  /// SpikingLR's schedule: every mini-batch holds one class (false: classes mixed in each batch).
  public var singleClassBatches: Bool
  /// The new class's readout weights are re-initialised ~ N(mean, std²) (SpikingLR: 0.003, 0.003).
  public var newClassWeightMean: Float
  /// The standard deviation of those weights.
  public var newClassWeightStandardDeviation: Float

  /// SpikingLR (Dequino et al. 2024): T = 100 throughout, latents compressed 1:2 in time (OR) and
  /// decompressed back to 100 steps for replay; thresholds and learning rate unchanged.
  public static let spikingLR = ReplayMethod(
    name: "SpikingLR", kind: .latentReplay, latentLayer: 2, steps: 100, backboneSteps: 100, compression: LatentCompression(window: 2, variant: .or),
    samplesPerClass: 64, epochs: 12, batchSize: 64, learningRate: 1e-3, learningRateStart: 1, learningRateEnd: 1,
    thresholdStart: 1, thresholdEnd: 1, singleClassBatches: false, newClassWeightMean: 0.003, newClassWeightStandardDeviation: 0.003)

  /// Replay4NCL (Minhas et al., DAC 2025): the phase runs at T = 40, so latents are stored at 40
  /// steps and replayed without decompression; the learning layers' threshold is lowered and the
  /// learning rate lowered, both on a schedule over the phase. Its backbone is pre-trained at T = 40
  /// (a T = 100 backbone run at T = 40 keeps only 38% of its old-class accuracy). The schedule values
  /// come from `spikeline replay4ncl search` on the validation speakers (see the README).
  public static let replay4NCL = ReplayMethod(
    name: "Replay4NCL", kind: .latentReplay, latentLayer: 2, steps: 40, backboneSteps: 40, compression: .none,
    samplesPerClass: 64, epochs: 12, batchSize: 64, learningRate: 1e-3, learningRateStart: 1, learningRateEnd: 0.5,
    thresholdStart: 1.0, thresholdEnd: 0.9, singleClassBatches: false, newClassWeightMean: 0.003, newClassWeightStandardDeviation: 0.003)

  /// Fine-tuning on the new class alone (T = 100).
  public static let naive = ReplayMethod(
    name: "Naive", kind: .naive, latentLayer: 2, steps: 100, backboneSteps: 100, compression: .none, samplesPerClass: 0, epochs: 12, batchSize: 64,
    learningRate: 1e-3, learningRateStart: 1, learningRateEnd: 1, thresholdStart: 1, thresholdEnd: 1, singleClassBatches: false,
    newClassWeightMean: 0.003, newClassWeightStandardDeviation: 0.003)

  /// Retraining the learning layers on all classes' full training data (T = 100).
  public static let joint = ReplayMethod(
    name: "Joint", kind: .joint, latentLayer: 2, steps: 100, backboneSteps: 100, compression: .none, samplesPerClass: 0, epochs: 12, batchSize: 64,
    learningRate: 1e-3, learningRateStart: 1, learningRateEnd: 1, thresholdStart: 1, thresholdEnd: 1, singleClassBatches: false,
    newClassWeightMean: 0.003, newClassWeightStandardDeviation: 0.003)

  /// The threshold multiple for epoch `e` (linear from start to end).
  public func thresholdFactor(epoch e: Int) -> Float { interpolate(thresholdStart, thresholdEnd, e) }

  func interpolate(_ a: Float, _ b: Float, _ e: Int) -> Float {
    epochs > 1 ? a + (b - a) * Float(e) / Float(epochs - 1) : a
  }

  /// Every problem with the settings (`layers` is the pre-trained model's layer count).
  public func validationErrors(layers: Int) -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(0..<layers).contains(latentLayer) {
      errors.append(.field("latentLayer", "must be 0...\(layers - 1) (0 replays inputs, \(layers - 1) trains only the readout); got \(latentLayer)"))
    }
    if steps < 1 { errors.append(.field("steps", "T must be at least 1 (got \(steps)); T = 0 has no time steps")) }
    if backboneSteps < 1 { errors.append(.field("backboneSteps", "must be at least 1 (got \(backboneSteps))")) }
    if epochs < 0 { errors.append(.field("epochs", "must be >= 0")) }
    if batchSize < 1 { errors.append(.field("batchSize", "must be >= 1")) }
    if kind == .latentReplay && samplesPerClass < 1 { errors.append(.field("samplesPerClass", "must be >= 1 for latent replay")) }
    if !(learningRate > 0 && learningRate < 10) { errors.append(.field("learningRate", "must be in (0, 10)")) }
    for (field, value) in [("thresholdStart", thresholdStart), ("thresholdEnd", thresholdEnd), ("learningRateStart", learningRateStart), ("learningRateEnd", learningRateEnd)]
    where !(value > 0 && value < 100) {
      errors.append(.field(field, "must be a positive multiple (got \(value))"))
    }
    return errors + compression.validationErrors()
  }
}
