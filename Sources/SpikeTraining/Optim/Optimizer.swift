#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// Which update rule an optimiser applies.
public enum OptimizerKind: Sendable, Equatable, Codable {
  /// v ← μv + g; θ ← θ − lr·v.
  case sgd(momentum: Float)
  /// Adam (Kingma & Ba 2015) with bias correction.
  case adam(beta1: Float, beta2: Float, epsilon: Float)
  /// Adamax, Adam's infinity-norm variant (used by SpikingLR).
  case adamax(beta1: Float, beta2: Float, epsilon: Float)

  /// Adam with the usual β₁ 0.9, β₂ 0.999, ε 10⁻⁸.
  public static let adamDefault = OptimizerKind.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
  /// Adamax with β₁ 0.9, β₂ 0.999, ε 10⁻⁸.
  public static let adamaxDefault = OptimizerKind.adamax(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

  /// Parses "adam", "adamax", "sgd" (momentum 0.9).
  public static func named(_ name: String) -> OptimizerKind? {
    switch name.lowercased() {
    case "adam": return .adamDefault
    case "adamax": return .adamaxDefault
    case "sgd": return .sgd(momentum: 0.9)
    default: return nil
    }
  }
}

/// How the learning rate changes over training.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
  /// The base rate throughout.
  case constant
  /// × factor every `epochs` epochs.
  case step(epochs: Int, factor: Float)
  /// Half-cosine from the base rate to `floor`·base over all epochs.
  case cosine(floor: Float)
  /// Linear from the base rate to `end`·base over all epochs.
  case linear(end: Float)

  /// The rate for `epoch` (0-based) of `epochs`, at fraction `progress` ∈ [0, 1) through it.
  public func rate(base: Float, epoch: Int, epochs: Int, progress: Double = 0) -> Float {
    let position = epochs > 1 ? (Double(epoch) + progress) / Double(epochs) : 0
    switch self {
    case .constant: return base
    case .step(let every, let factor): return base * pow(factor, Float(epoch / max(every, 1)))
    case .cosine(let floor): return base * (floor + (1 - floor) * Float(0.5 * (1 + cos(Double.pi * position))))
    case .linear(let end): return base * Float(1 + (Double(end) - 1) * position)
    }
  }
}

/// An optimiser over a flat parameter vector, updating only a chosen range (the trainable layers).
public struct Optimizer: Sendable, Equatable, Codable {
  /// The update rule.
  public var kind: OptimizerKind
  /// Decoupled weight decay per step, as a fraction of the learning rate (AdamW style).
  public var weightDecay: Float
  /// Clip the gradient's global L2 norm to this (nil: no clipping).
  public var gradientClipNorm: Float?
  /// Steps taken (for bias correction).
  public private(set) var step: Int = 0
  /// First moments, one per parameter.
  public private(set) var first: [Float] = []
  /// Second moments (or the infinity norm for Adamax), one per parameter.
  public private(set) var second: [Float] = []

  /// An optimiser with zero moments for `parameterCount` parameters.
  public init(kind: OptimizerKind, parameterCount: Int, weightDecay: Float = 0, gradientClipNorm: Float? = nil) {
    self.kind = kind
    self.weightDecay = weightDecay
    self.gradientClipNorm = gradientClipNorm
    first = [Float](repeating: 0, count: parameterCount)
    second = [Float](repeating: 0, count: parameterCount)
  }

  /// Restores a saved state (from a checkpoint).
  public init(kind: OptimizerKind, weightDecay: Float, gradientClipNorm: Float?, step: Int, first: [Float], second: [Float]) {
    self.kind = kind
    self.weightDecay = weightDecay
    self.gradientClipNorm = gradientClipNorm
    self.step = step
    self.first = first
    self.second = second
  }

  /// One update of `parameters[range]` with `gradient[range]` at `learningRate`.
  /// - Returns: the gradient's global norm before clipping.
  @discardableResult
  public mutating func apply(_ gradient: [Float], to parameters: inout [Float], range: Range<Int>, learningRate lr: Float) -> Float {
    step += 1
    var norm: Double = 0
    for i in range { norm += Double(gradient[i]) * Double(gradient[i]) }
    let globalNorm = Float(norm.squareRoot())
    var scale: Float = 1
    if let clip = gradientClipNorm, globalNorm > clip, globalNorm > 0 { scale = clip / globalNorm }
    let t = Float(step)
    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { gBuffer in
        first.withUnsafeMutableBufferPointer { m in
          second.withUnsafeMutableBufferPointer { v in
            let decay = lr * weightDecay
            switch kind {
            case .sgd(let momentum):
              for i in range {
                if decay != 0 { p[i] -= decay * p[i] }
                m[i] = momentum * m[i] + gBuffer[i] * scale
                p[i] -= lr * m[i]
              }
            case .adam(let beta1, let beta2, let epsilon):
              // Bias corrections once per step, not per parameter.
              let d1 = 1 - pow(beta1, t), d2 = 1 - pow(beta2, t)
              for i in range {
                let g = gBuffer[i] * scale
                if decay != 0 { p[i] -= decay * p[i] }
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                p[i] -= lr * (m[i] / d1) / ((v[i] / d2).squareRoot() + epsilon)
              }
            case .adamax(let beta1, let beta2, let epsilon):
              let c1 = lr / (1 - pow(beta1, t))  // the same value the per-parameter form computed
              for i in range {
                let g = gBuffer[i] * scale
                if decay != 0 { p[i] -= decay * p[i] }
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = max(beta2 * v[i], abs(g))
                p[i] -= c1 * m[i] / (v[i] + epsilon)
              }
            }
          }
        }
      }
    }
    return globalNorm
  }
}
