#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One optimiser step's constants and its per-parameter rule, eight lanes at a time.
struct OptimizerRule: Sendable {
  var kind: OptimizerKind
  var learningRate: Float
  /// lr × weight decay (0: none).
  var decay: Float
  /// Gradient scale from clipping (1: none).
  var scale: Float
  /// Bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ, once per step (1 for SGD).
  var firstCorrection: Float = 1, secondCorrection: Float = 1

  init(kind: OptimizerKind, learningRate: Float, decay: Float, scale: Float, step: Float) {
    self.kind = kind
    self.learningRate = learningRate
    self.decay = decay
    self.scale = scale
    switch kind {
    case .sgd: break
    case .adam(let beta1, let beta2, _):
      firstCorrection = 1 - pow(beta1, step)
      secondCorrection = 1 - pow(beta2, step)
    case .adamax(let beta1, _, _):
      firstCorrection = 1 - pow(beta1, step)
    }
  }

  /// Updates `count` parameters `p` with gradients `g` and moments `m`, `v`. The optimiser's kind is
  /// decided once per call, outside the loop.
  @inline(__always)
  func update(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
              count: Int) {
    switch kind {
    case .sgd(let momentum):
      update(p, g, m, v, count: count) { p, m, _, g in
        m = momentum * m + g
        p -= learningRate * m
      }
    case .adam(let beta1, let beta2, let epsilon):
      update(p, g, m, v, count: count) { p, m, v, g in
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p -= learningRate * (m / firstCorrection) / (Self.squareRoot(ofNonNegative: v / secondCorrection) + epsilon)
      }
    case .adamax(let beta1, let beta2, let epsilon):
      let c1 = learningRate / firstCorrection  // the same value the per-parameter form computed
      update(p, g, m, v, count: count) { p, m, v, g in
        m = beta1 * m + (1 - beta1) * g
        v = Self.maximum(beta2 * v, magnitudeOf: g)
        p -= c1 * m / (v + epsilon)
      }
    }
  }

  /// The loop of `update` around one kind's `rule` (parameter, first and second moment, scaled gradient).
  @inline(__always)
  private func update(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                      _ v: UnsafeMutablePointer<Float>, count: Int,
                      _ rule: (inout SIMD8<Float>, inout SIMD8<Float>, inout SIMD8<Float>, SIMD8<Float>) -> Void) {
    var i = 0
    while i + 8 <= count {
      var pv = load(p + i), mv = load(m + i), vv = load(v + i)
      step(&pv, &mv, &vv, load(g + i), rule)
      store(pv, p + i); store(mv, m + i); store(vv, v + i)
      i += 8
    }
    while i < count {
      var pv = SIMD8<Float>(repeating: p[i]), mv = SIMD8<Float>(repeating: m[i]), vv = SIMD8<Float>(repeating: v[i])
      step(&pv, &mv, &vv, SIMD8<Float>(repeating: g[i]), rule)
      p[i] = pv[0]; m[i] = mv[0]; v[i] = vv[0]
      i += 1
    }
  }

  @inline(__always)
  private func step(_ p: inout SIMD8<Float>, _ m: inout SIMD8<Float>, _ v: inout SIMD8<Float>, _ gradient: SIMD8<Float>,
                    _ rule: (inout SIMD8<Float>, inout SIMD8<Float>, inout SIMD8<Float>, SIMD8<Float>) -> Void) {
    let g = gradient * scale
    if decay != 0 { p -= decay * p }
    rule(&p, &m, &v, g)
  }

  /// √x lane by lane for x ≥ +0 (Adam's v/c₂, which is never −0), the same bits as `x.squareRoot()`.
  /// Written per lane on the magnitude so that the compiler knows no lane is negative: the standard
  /// SIMD square root becomes eight scalar `sqrtf` calls on Linux (each with a branch for C's errno),
  /// this one vector square roots.
  @inline(__always)
  static func squareRoot(ofNonNegative x: SIMD8<Float>) -> SIMD8<Float> {
    var root = SIMD8<Float>()
    for lane in 0..<8 { root[lane] = x[lane].magnitude.squareRoot() }
    return root
  }

  /// `pointwiseMax(a, |g|)` with the same bits as `pointwiseMax(a, g.replacing(with: -g, where: g .< 0))`
  /// (a NaN lane of |g| gives a's lane, as `Float.maximum` does), as vector instructions: the
  /// standard forms become a call and per-lane branches.
  @inline(__always)
  static func maximum(_ a: SIMD8<Float>, magnitudeOf g: SIMD8<Float>) -> SIMD8<Float> {
    var result = SIMD8<Float>()
    for lane in 0..<8 {
      let b = g[lane] < 0 ? -g[lane] : g[lane]
      result[lane] = a[lane] > b || b != b ? a[lane] : b
    }
    return result
  }

  @inline(__always) private func load(_ x: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Float>.self) }
  @inline(__always) private func load(_ x: UnsafeMutablePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Float>.self) }
  @inline(__always) private func store(_ x: SIMD8<Float>, _ to: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(to).storeBytes(of: x, as: SIMD8<Float>.self)
  }
}
