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

  /// A lower bound of the time until V can reach threshold, from a bound on the slope:
  /// τm·V′ = V∞ − V + I with V ≥ V∞ + min(0, v − V∞) + Σ min(0, Iₖ) and I ≤ Σ max(0, Iₖ) for all
  /// later times (currents only decay), so V′ ≤ (V∞ − V_min + I⁺)/τm.
  @inline(__always)
  func crossingTimeLowerBound(v: Double, ie: Double, ii: Double) -> Double {
    var lowest = settlingPotential + min(0, v - settlingPotential)
    var drive = 0.0
    if synapse == .exponential {
      lowest += min(0, ie) + min(0, ii)
      drive = max(0, ie) + max(0, ii)
    }
    let slope = (settlingPotential - lowest + drive) / tauM
    return slope > 0 ? (threshold - v) / slope : .infinity
  }

  /// How far ahead to look for a crossing: after 80 of the longest time constants every
  /// exponential has decayed below 10⁻³⁴ of its start.
  var horizon: Double { 80 * max(tauM, synapse == .exponential ? max(tauE, tauI) : 0) }
}
