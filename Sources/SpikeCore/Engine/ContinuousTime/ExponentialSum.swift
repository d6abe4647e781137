#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// f(s) = constant + Σ aₖ·exp(μₖ·s) + c·s·exp(ν·s) with at most four exponential terms: the
/// membrane potential between two events, minus the threshold. Finds the first time f reaches
/// zero exactly (to a few ulps), without stepping, and without allocating.
///
/// Method: a sum of n distinct exponentials has at most n − 1 + (constant ≠ 0) real zeros, and
/// its critical points are the zeros of f′·exp(−μ_max·s), a sum with one exponential fewer
/// (the argument behind Descartes' rule of signs for exponential sums). Recursing down to one
/// exponential, whose zero is closed-form, splits [0, horizon] into intervals on which f is
/// monotone; on the first interval where f goes from negative to non-negative the crossing is
/// refined by safeguarded Newton–bisection. A linear term c·s·exp(ν·s) (τsyn = τm) is handled by
/// working with f·exp(−ν·s), whose derivative is again an exponential sum.
public struct ExponentialSum: Sendable, Equatable {
  /// The constant term.
  public private(set) var constant: Double
  /// Exponential terms in use (at most four).
  @usableFromInline var a: SIMD4<Double> = .zero
  @usableFromInline var mu: SIMD4<Double> = .zero
  public private(set) var count: Int = 0
  /// Coefficient c and rate ν of the optional term c·s·exp(ν·s).
  public private(set) var linearCoefficient: Double
  /// ν of the linear term, per second.
  public private(set) var linearRate: Double

  /// An empty sum equal to `constant`.
  public init(constant: Double, linearCoefficient: Double = 0, linearRate: Double = 0) {
    self.constant = constant
    self.linearCoefficient = linearCoefficient
    self.linearRate = linearRate
  }

  /// A sum from parallel lists (at most four distinct non-zero rates after merging).
  public init(constant: Double, coefficients: [Double], rates: [Double], linearCoefficient: Double = 0, linearRate: Double = 0) {
    self.init(constant: constant, linearCoefficient: linearCoefficient, linearRate: linearRate)
    for (coefficient, rate) in zip(coefficients, rates) { add(coefficient, rate: rate) }
  }

  /// Adds a·e^(μs); equal rates merge, a zero rate joins the constant, zero coefficients vanish.
  public mutating func add(_ coefficient: Double, rate: Double) {
    if coefficient == 0 { return }
    if rate == 0 { constant += coefficient; return }
    for k in 0..<count where mu[k] == rate { a[k] += coefficient; return }
    precondition(count < 4, "ExponentialSum holds at most four exponential terms")
    a[count] = coefficient
    mu[count] = rate
    count += 1
  }

  /// f(s).
  @inlinable
  public func value(at s: Double) -> Double {
    var sum = constant
    for k in 0..<count { sum += a[k] * exp(mu[k] * s) }
    if linearCoefficient != 0 { sum += linearCoefficient * s * exp(linearRate * s) }
    return sum
  }

  /// f′(s).
  @inlinable
  public func derivative(at s: Double) -> Double {
    var sum = 0.0
    for k in 0..<count { sum += a[k] * mu[k] * exp(mu[k] * s) }
    if linearCoefficient != 0 { sum += linearCoefficient * (1 + linearRate * s) * exp(linearRate * s) }
    return sum
  }

  /// The first s in (0, horizon] with f(s) ≥ 0, given f(0) < 0; nil if f stays negative.
  /// - Complexity: O(*c* · *k*) for *k* terms and *c* critical points (found as the zeros of the derivative), plus the
  ///   bisection that refines the one bracket where the sum turns non-negative.
  public func firstCrossing(horizon: Double) -> Double? {
    guard horizon > 0 else { return nil }
    if value(at: 0) >= 0 { return 0 }
    let critical = criticalPoints(in: 0, horizon)
    var left = 0.0
    for index in 0...critical.count {
      let right = index < critical.count ? critical[index] : horizon
      guard right > left else { continue }
      if value(at: right) >= 0 { return refine(left, right) }
      left = right
    }
    return nil
  }

  /// The critical points in (lo, hi), sorted: where f′ (or (f·e^(−νs))′) changes sign.
  func criticalPoints(in lo: Double, _ hi: Double) -> SmallRootList {
    if linearCoefficient == 0 {
      guard count > 0 else { return SmallRootList() }
      return derivativeShifted().zeros(in: lo, hi)
    }
    // h(s) = f(s)·e^(−νs) = constant·e^(−νs) + Σ aₖ e^((μₖ−ν)s) + c·s has the sign of f, and
    // h′(s) = −ν·constant·e^(−νs) + Σ aₖ(μₖ−ν) e^((μₖ−ν)s) + c is an exponential sum.
    var hPrime = ExponentialSum(constant: linearCoefficient)
    if constant != 0 { hPrime.add(-linearRate * constant, rate: -linearRate) }
    for k in 0..<count where mu[k] != linearRate {
      hPrime.add(a[k] * (mu[k] - linearRate), rate: mu[k] - linearRate)
    }
    return hPrime.zeros(in: lo, hi)
  }

  /// f′·e^(−μ_max·s) as an exponential sum with one term fewer: same zeros as f′. Shifting by
  /// the largest rate keeps every remaining rate ≤ 0, so nothing overflows.
  func derivativeShifted() -> ExponentialSum {
    var shift = mu[0]
    for k in 1..<max(count, 1) where mu[k] > shift { shift = mu[k] }
    var result = ExponentialSum(constant: 0)
    for k in 0..<count { result.add(a[k] * mu[k], rate: mu[k] - shift) }
    return result
  }

  /// Every zero (sign change or exact zero) of a pure exponential sum in (lo, hi), sorted.
  func zeros(in lo: Double, _ hi: Double) -> SmallRootList {
    var result = SmallRootList()
    switch count {
    case 0:
      return result
    case 1:
      // constant + a·e^(μs) = 0  ⇒  s = ln(−constant/a)/μ.
      let ratio = -constant / a[0]
      guard ratio > 0 else { return result }
      let s = log(ratio) / mu[0]
      if s > lo && s < hi { result.append(s) }
      return result
    default:
      let critical = derivativeShifted().zeros(in: lo, hi)
      var left = lo
      var fLeft = value(at: lo)
      for index in 0...critical.count {
        let right = index < critical.count ? critical[index] : hi
        guard right > left else { continue }
        let fRight = value(at: right)
        if fLeft != 0 && fRight != 0 && (fLeft < 0) != (fRight < 0) {
          result.append(refine(left, right))
        } else if fRight == 0 && right < hi {
          result.append(right)
        }
        left = right
        fLeft = fRight
      }
      return result
    }
  }

  /// The zero in [a, b], where f(a) and f(b) differ in sign. Newton steps kept inside a shrinking
  /// bracket (bisection when a step would leave it); for a rising zero the result is then moved to
  /// the first representable time with f ≥ 0, so a neuron never spikes below its threshold.
  func refine(_ start: Double, _ end: Double) -> Double {
    var lo = start, hi = end
    let rising = value(at: start) < 0
    var s = 0.5 * (lo + hi)
    for _ in 0..<100 {
      let f = value(at: s)
      if f == 0 { break }
      if (f < 0) == rising { lo = s } else { hi = s }
      let d = derivative(at: s)
      var next = (d != 0 && d.isFinite) ? s - f / d : 0.5 * (lo + hi)
      if !(next >= lo && next <= hi) { next = 0.5 * (lo + hi) }
      let converged = abs(next - s) <= 2 * s.ulp || hi - lo <= 2 * hi.ulp
      s = next
      if converged { break }
    }
    guard rising else { return s }
    var t = min(max(s, start), end)
    var steps = 0
    while value(at: t) < 0 && t < end && steps < 64 { t = t.nextUp; steps += 1 }
    if value(at: t) < 0 { return hi }
    steps = 0
    while t > start && value(at: t.nextDown) >= 0 && steps < 64 { t = t.nextDown; steps += 1 }
    return t
  }
}

/// Up to four sorted roots, stored inline (no allocation).
struct SmallRootList {
  private var storage: SIMD4<Double> = .zero
  private(set) var count = 0

  subscript(index: Int) -> Double { storage[index] }

  mutating func append(_ value: Double) {
    guard count < 4 else { return }
    storage[count] = value
    count += 1
  }
}
