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
  public internal(set) var step: Int = 0
  /// First moments, one per parameter.
  public internal(set) var first: [Float] = []
  /// Second moments (or the infinity norm for Adamax), one per parameter.
  public internal(set) var second: [Float] = []

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

  /// Parameters per parallel chunk of an update (a fixed size, so the gradient norm's partial sums
  /// and therefore every result are the same for any thread count).
  static let chunk = 16_384

  /// One update of `parameters[range]` with `gradient[range]` at `learningRate`: eight parameters at a
  /// time, chunks on all cores.
  /// - Returns: the gradient's global L2 norm before clipping when clipping is on (nil otherwise: the
  ///   norm costs a pass over the gradient that nothing else needs).
  @discardableResult
  public mutating func apply(_ gradient: [Float], to parameters: inout [Float], range: Range<Int>, learningRate lr: Float) -> Float? {
    precondition(gradient.count >= range.upperBound && parameters.count >= range.upperBound && first.count >= range.upperBound,
                 "internal error: optimiser range \(range) past \(gradient.count) gradients, \(parameters.count) parameters")
    step += 1
    let chunks = (range.count + Self.chunk - 1) / Self.chunk
    let (globalNorm, scale) = gradient.withUnsafeBufferPointer { clipping(UnsafeBufferPointer(rebasing: $0[range])) }
    let rule = OptimizerRule(kind: kind, learningRate: lr, decay: lr * weightDecay, scale: scale, step: Float(step))
    let count = range.count, offset = range.lowerBound
    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        first.withUnsafeMutableBufferPointer { m in
          second.withUnsafeMutableBufferPointer { v in
            let pp = DisjointWrites(base: p.baseAddress! + offset), mp = DisjointWrites(base: m.baseAddress! + offset)
            let vp = DisjointWrites(base: v.baseAddress! + offset), gp = UnsafeSendable(g.baseAddress! + offset)
            DeterministicParallel.forEach(chunks) { c in
              let start = c * Self.chunk, end = min(count, start + Self.chunk)
              rule.update(pp.base + start, gp.value + start, mp.base + start, vp.base + start, count: end - start)
            }
          }
        }
      }
    }
    return globalNorm
  }
}
