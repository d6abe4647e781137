import Foundation
import Testing
import SpikelineSupport
@testable import SpikeTraining

/// The optimisers' vector loop against the per-parameter rules written out with the standard
/// scalar operations: the same bits for every parameter, moment and step (the vector square root
/// and maximum are written so that they compile to vector instructions; they must not change a bit).
@Suite struct OptimizerRuleTests {
  /// `count` values, about a tenth exactly zero, some negative zeros, the rest of either sign over
  /// several orders of magnitude.
  static func values(_ count: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      switch generator.uniformInt(below: 20) {
      case 0, 1: return 0
      case 2: return -0.0
      default: return Float(generator.normal() * pow(10, generator.uniform(-6, 1)))
      }
    }
  }

  /// One step of `kind` on every parameter by the formulas with scalar `squareRoot()` and `Float.maximum`.
  static func reference(_ kind: OptimizerKind, step: Int, learningRate lr: Float, p: inout [Float], m: inout [Float], v: inout [Float],
                        g: [Float]) {
    for i in p.indices {
      switch kind {
      case .sgd(let momentum):
        m[i] = momentum * m[i] + g[i]
        p[i] -= lr * m[i]
      case .adam(let beta1, let beta2, let epsilon):
        let c1 = 1 - pow(beta1, Float(step)), c2 = 1 - pow(beta2, Float(step))
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        p[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
      case .adamax(let beta1, let beta2, let epsilon):
        let c1 = lr / (1 - pow(beta1, Float(step)))
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = Float.maximum(beta2 * v[i], g[i] < 0 ? -g[i] : g[i])
        p[i] -= c1 * m[i] / (v[i] + epsilon)
      }
    }
  }

  @Test("Adam, Adamax and SGD: the vector loop gives the scalar formulas' bits over several steps",
        arguments: [OptimizerKind.adamDefault, .adamaxDefault, .sgd(momentum: 0.9)])
  func sameBitsAsScalar(kind: OptimizerKind) {
    let count = 203  // vectors of eight and a tail
    var parameters = Self.values(count, seed: 1)
    var p = parameters, m = [Float](repeating: 0, count: count), v = m
    var optimizer = Optimizer(kind: kind, parameterCount: count)
    for step in 1...5 {
      let g = Self.values(count, seed: 10 + UInt64(step))
      optimizer.apply(g, to: &parameters, range: 0..<count, learningRate: 1e-3)
      Self.reference(kind, step: step, learningRate: 1e-3, p: &p, m: &m, v: &v, g: g)
      #expect(parameters.map(\.bitPattern) == p.map(\.bitPattern), "step \(step)")
      #expect(optimizer.first.map(\.bitPattern) == m.map(\.bitPattern), "step \(step)")
      if case .sgd = kind { continue }
      #expect(optimizer.second.map(\.bitPattern) == v.map(\.bitPattern), "step \(step)")
    }
  }

  @Test("The vector square root and maximum match the scalar ones lane by lane")
  func laneHelpers() {
    let x = Self.values(64, seed: 3), y = Self.values(64, seed: 4)
    for start in stride(from: 0, to: 64, by: 8) {
      let a = SIMD8<Float>(x[start..<(start + 8)]), b = SIMD8<Float>(y[start..<(start + 8)])
      var magnitudes = a  // (Adam's v/c₂: zero is +0, never −0)
      for lane in 0..<8 { magnitudes[lane] = a[lane].magnitude }
      let root = OptimizerRule.squareRoot(ofNonNegative: magnitudes)
      let maximum = OptimizerRule.maximum(a, magnitudeOf: b)
      for lane in 0..<8 {
        #expect(root[lane].bitPattern == magnitudes[lane].squareRoot().bitPattern)
        let reference = Float.maximum(a[lane], b[lane] < 0 ? -b[lane] : b[lane])
        #expect(maximum[lane].bitPattern == reference.bitPattern, "\(a[lane]) \(b[lane])")
      }
    }
    // A NaN gradient leaves the decayed moment, as Float.maximum does.
    let nan = OptimizerRule.maximum(SIMD8<Float>(repeating: 2), magnitudeOf: SIMD8<Float>(repeating: .nan))
    #expect(nan == SIMD8<Float>(repeating: 2))
  }

  @Test("The logistic loss's gradient alone has the bits of the gradient beside the loss")
  func gradientOnly() {
    let z = Self.values(101, seed: 5).map { $0 * 1000 }, x = Self.values(101, seed: 6).map { abs($0) }
    var full = [Float](repeating: 0, count: 101), alone = full
    _ = Losses.binaryCrossEntropyWithLogits(z, targets: x, count: 101, gradient: &full, scale: 0.25)
    Losses.binaryCrossEntropyWithLogitsGradient(z, targets: x, count: 101, gradient: &alone, scale: 0.25)
    #expect(full.map(\.bitPattern) == alone.map(\.bitPattern))
  }
}
