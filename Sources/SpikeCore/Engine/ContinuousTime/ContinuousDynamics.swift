#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A neuron model's parameters in double precision, with the closed-form solution between events.
struct ContinuousDynamics {
  var synapse: NeuronModel.SynapseKind
  var resetMode: NeuronModel.ResetMode
  var tauM: Double
  var tauE: Double
  var tauI: Double
  /// V_inf = V_rest + b: where V settles without input.
  var settlingPotential: Double
  var threshold: Double
  var resetPotential: Double
  var refractoryPeriod: Double

  init(_ model: NeuronModel) {
    synapse = model.synapse
    resetMode = model.resetMode
    tauM = model.membraneTimeConstant
    tauE = model.excitatoryTimeConstant
    tauI = model.inhibitoryTimeConstant
    settlingPotential = model.restingPotential + model.bias
    threshold = model.threshold
    resetPotential = model.resetPotential
    refractoryPeriod = model.refractoryPeriod
  }

  /// The response at time s of V to a unit current at time 0 that decays with τ:
  /// τ/(τ−τm)·(e^(−s/τ) − e^(−s/τm)), written with expm1 so it stays accurate when τ ≈ τm.
  @inline(__always)
  func currentKernel(_ tau: Double, _ s: Double) -> Double {
    if tauM == 0 { return 0 }
    let difference = tau - tauM
    if abs(difference) <= 1e-12 * tauM { return s / tauM * exp(-s / tauM) }
    return tau / difference * exp(-s / tauM) * expm1(s * difference / (tauM * tau))
  }

  /// V after s seconds of free evolution from (v, ie, ii).
  @inline(__always)
  func potential(after s: Double, v: Double, ie: Double, ii: Double) -> Double {
    if tauM == 0 { return settlingPotential }
    var result = settlingPotential + (v - settlingPotential) * exp(-s / tauM)
    if synapse == .exponential {
      if ie != 0 { result += ie * currentKernel(tauE, s) }
      if ii != 0 { result += ii * currentKernel(tauI, s) }
    }
    return result
  }

  /// (V, Iₑ, Iᵢ) after s seconds of free evolution from (v, ie, ii), from three exponentials.
  ///
  /// The current kernel τ/(τ−τm)·(e^(−s/τ) − e^(−s/τm)) reuses the exponentials of the decay when τ
  /// and τm differ by more than a tenth (the subtraction then loses no more than the factor
  /// τ/(τ−τm) ≤ 11 ulps of the current, far below an ulp of V); closer time constants take the
  /// expm1 form of `currentKernel`.
  @inline(__always)
  func evolve(for s: Double, v: Double, ie: Double, ii: Double) -> (Double, Double, Double) {
    if tauM == 0 || synapse != .exponential || (ie == 0 && ii == 0) {
      let next = potential(after: s, v: v, ie: ie, ii: ii)
      return (next, synapse == .exponential ? ie * exp(-s / tauE) : ie, synapse == .exponential ? ii * exp(-s / tauI) : ii)
    }
    let decayM = exp(-s / tauM), decayE = exp(-s / tauE), decayI = exp(-s / tauI)
    var next = settlingPotential + (v - settlingPotential) * decayM
    if ie != 0 {
      next += ie * (abs(tauE - tauM) > 0.1 * tauM ? tauE / (tauE - tauM) * (decayE - decayM) : currentKernel(tauE, s))
    }
    if ii != 0 {
      next += ii * (abs(tauI - tauM) > 0.1 * tauM ? tauI / (tauI - tauM) * (decayI - decayM) : currentKernel(tauI, s))
    }
    return (next, ie * decayE, ii * decayI)
  }

  /// V(s) − threshold as an exponential sum, for finding the next crossing.
  func thresholdGap(v: Double, ie: Double, ii: Double) -> ExponentialSum {
    let rateM = -1 / tauM
    var membraneCoefficient = v - settlingPotential
    var gap = ExponentialSum(constant: settlingPotential - threshold)
    var linear = 0.0
    func addCurrent(_ current: Double, _ tau: Double) {
      guard current != 0 else { return }
      if abs(tau - tauM) <= 1e-12 * tauM {
        linear += current / tauM
      } else {
        let c = current * tau / (tau - tauM)
        gap.add(c, rate: -1 / tau)
        membraneCoefficient -= c
      }
    }
    if synapse == .exponential {
      addCurrent(ie, tauE)
      addCurrent(ii, tauI)
    }
    gap.add(membraneCoefficient, rate: rateM)
    if linear == 0 { return gap }
    var withLinear = ExponentialSum(constant: gap.constant, linearCoefficient: linear, linearRate: rateM)
    for k in 0..<gap.count { withLinear.add(gap.a[k], rate: gap.mu[k]) }
    return withLinear
  }

  /// An upper bound of V(s) over all s ≥ 0 from (v, ie, ii). The membrane term is at most
  /// max(0, v − V∞), and the response to a current I₀ is I₀·K(s) with 0 ≤ K(s) ≤ 1 (K peaks at
  /// e^(−s*/τ) ≤ 1; s·e^(−s/τ)/τ ≤ 1/e). Below threshold, no crossing needs to be searched for.
  @inline(__always)
  func potentialBound(v: Double, ie: Double, ii: Double) -> Double {
    var bound = settlingPotential + max(0, v - settlingPotential)
    if synapse == .exponential {
      bound += max(0, ie) + max(0, ii)
    }
    return bound
  }

  /// A lower bound of the time until V can reach threshold (0 at or above it; infinity when it
  /// never can). Currents only decay, so a positive current I₀ moves V no faster than a constant
  /// current I₀ would, and negative ones only hold V back: with D the sum of the positive currents,
  /// V(s) ≤ U(s) = V∞ + D + (v − V∞ − D)·e^(−s/τm), which reaches θ at s = τm·ln(1 + x) with
  /// x = (θ − v)/(V∞ + D − θ); ln(1 + x) ≥ 2x/(2 + x) gives the bound without a logarithm.
  /// Shortened by one part in 10⁶ against rounding.
  @inline(__always)
  func crossingTimeLowerBound(v: Double, ie: Double, ii: Double) -> Double {
    if v >= threshold || tauM == 0 { return 0 }
    let drive = synapse == .exponential ? max(0, ie) + max(0, ii) : 0
    let headroom = settlingPotential + drive - threshold
    guard headroom > 0 else { return .infinity }
    let x = (threshold - v) / headroom
    return 0.999_999 * tauM * (2 * x / (2 + x))
  }

  /// How far ahead to look for a crossing: after 80 of the longest time constants every
  /// exponential has decayed below 10⁻³⁴ of its start.
  var horizon: Double { 80 * max(tauM, synapse == .exponential ? max(tauE, tauI) : 0) }
}
