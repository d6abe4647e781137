#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// f(s) = constant + Σ aₖ·exp(μₖ·s) + c·s·exp(ν·s): the membrane potential between two events,
/// minus the threshold. Finds the first time f reaches zero exactly (to a few ulps), without
/// stepping.
///
/// Method: a sum of n distinct exponentials has at most n − 1 + (constant ≠ 0) real zeros, and
/// its critical points are the zeros of f′·exp(−μ₁s), a sum with one exponential fewer
/// (the argument behind Descartes' rule of signs for exponential sums). Recursing down to one
/// exponential, whose zero is closed-form, splits [0, horizon] into intervals on which f is
/// monotone; on the first interval where f goes from negative to non-negative the crossing is
/// refined by safeguarded Newton–bisection. A linear term c·s·exp(ν·s) (τsyn = τm) is handled by
/// working with f·exp(−ν·s), whose derivative is again an exponential sum.
public struct ExponentialSum: Sendable, Equatable {
  public var constant: Double
  public var coefficients: [Double]
  public var rates: [Double]
  /// Coefficient c and rate ν of the optional term c·s·exp(ν·s).
  public var linearCoefficient: Double
  public var linearRate: Double

  public init(constant: Double, coefficients: [Double] = [], rates: [Double] = [],
              linearCoefficient: Double = 0, linearRate: Double = 0) {
    self.constant = constant
    self.linearCoefficient = linearCoefficient
    self.linearRate = linearRate
    // Merge equal rates and drop zero terms; a zero rate joins the constant.
    var mergedCoefficients: [Double] = [], mergedRates: [Double] = []
    var extraConstant = 0.0
    for (a, mu) in zip(coefficients, rates) where a != 0 {
      if mu == 0 { extraConstant += a; continue }
      if let k = mergedRates.firstIndex(of: mu) { mergedCoefficients[k] += a } else {
        mergedCoefficients.append(a); mergedRates.append(mu)
      }
    }
    self.constant += extraConstant
    self.coefficients = mergedCoefficients
    self.rates = mergedRates
  }

  /// f(s).
  @inlinable
  public func value(at s: Double) -> Double {
    var sum = constant
    for k in coefficients.indices { sum += coefficients[k] * exp(rates[k] * s) }
    if linearCoefficient != 0 { sum += linearCoefficient * s * exp(linearRate * s) }
    return sum
  }

  /// f′(s).
  @inlinable
  public func derivative(at s: Double) -> Double {
    var sum = 0.0
    for k in coefficients.indices { sum += coefficients[k] * rates[k] * exp(rates[k] * s) }
    if linearCoefficient != 0 { sum += linearCoefficient * (1 + linearRate * s) * exp(linearRate * s) }
    return sum
  }

  /// The first s in (0, horizon] with f(s) ≥ 0, given f(0) < 0; nil if f stays negative.
  public func firstCrossing(horizon: Double) -> Double? {
    guard horizon > 0 else { return nil }
    if value(at: 0) >= 0 { return 0 }
    // Break points: critical points of f (or of f·e^(−νs) when there is a linear term; same sign).
    let critical = criticalPoints(in: 0, horizon)
    var left = 0.0
    for right in critical + [horizon] where right > left {
      if value(at: right) >= 0 { return refine(left, right) }
      left = right
    }
    return nil
  }

  /// The critical points in (lo, hi), sorted: where f′ (or (f·e^(−νs))′) changes sign.
  func criticalPoints(in lo: Double, _ hi: Double) -> [Double] {
    if linearCoefficient == 0 {
      guard let shift = rates.max() else { return [] }
      return ExponentialSum.derivativeShifted(coefficients, rates, by: shift).zeros(in: lo, hi)
    }
    // h(s) = f(s)·e^(−νs) = constant·e^(−νs) + Σ aₖ e^((μₖ−ν)s) + c·s has the sign of f, and
    // h′(s) = −ν·constant·e^(−νs) + Σ aₖ(μₖ−ν) e^((μₖ−ν)s) + c is an exponential sum.
    var hCoefficients: [Double] = [], hRates: [Double] = []
    if constant != 0 { hCoefficients.append(-linearRate * constant); hRates.append(-linearRate) }
    for k in coefficients.indices where rates[k] != linearRate {
      let shifted = rates[k] - linearRate
      hCoefficients.append(coefficients[k] * shifted); hRates.append(shifted)
    }
    return ExponentialSum(constant: linearCoefficient, coefficients: hCoefficients, rates: hRates).zeros(in: lo, hi)
  }

  /// (Σ aₖμₖ e^(μₖ s)) · e^(−shift·s) as an exponential sum: same zeros as f′. Shifting by the
  /// largest rate keeps every remaining rate ≤ 0, so nothing overflows.
  static func derivativeShifted(_ coefficients: [Double], _ rates: [Double], by shift: Double) -> ExponentialSum {
    var constant = 0.0
    var newCoefficients: [Double] = [], newRates: [Double] = []
    for k in coefficients.indices {
      let a = coefficients[k] * rates[k]
      let mu = rates[k] - shift
      if mu == 0 { constant += a } else { newCoefficients.append(a); newRates.append(mu) }
    }
    return ExponentialSum(constant: constant, coefficients: newCoefficients, rates: newRates)
  }

  /// Every zero (sign change or exact zero) of a pure exponential sum in (lo, hi), sorted.
  func zeros(in lo: Double, _ hi: Double) -> [Double] {
    switch coefficients.count {
    case 0:
      return []
    case 1:
      // constant + a·e^(μs) = 0  ⇒  s = ln(−constant/a)/μ.
      let ratio = -constant / coefficients[0]
      guard ratio > 0 else { return [] }
      let s = log(ratio) / rates[0]
      return s > lo && s < hi ? [s] : []
    default:
      let shift = rates.max() ?? 0
      let critical = ExponentialSum.derivativeShifted(coefficients, rates, by: shift).zeros(in: lo, hi)
      var result: [Double] = []
      var left = lo
      var fLeft = value(at: lo)
      for right in critical + [hi] where right > left {
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
  func refine(_ a: Double, _ b: Double) -> Double {
    var lo = a, hi = b
    let rising = value(at: a) < 0
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
    var t = min(max(s, a), b)
    var steps = 0
    while value(at: t) < 0 && t < b && steps < 64 { t = t.nextUp; steps += 1 }
    if value(at: t) < 0 { return hi }
    steps = 0
    while t > a && value(at: t.nextDown) >= 0 && steps < 64 { t = t.nextDown; steps += 1 }
    return t
  }
}
