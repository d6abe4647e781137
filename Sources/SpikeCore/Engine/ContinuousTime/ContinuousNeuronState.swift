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
    var coefficients: [Double] = [v - settlingPotential]
    var rates: [Double] = [rateM]
    var linear = 0.0
    if synapse == .exponential {
      for (current, tau) in [(ie, tauE), (ii, tauI)] where current != 0 {
        if abs(tau - tauM) <= 1e-12 * tauM {
          linear += current / tauM
        } else {
          let c = current * tau / (tau - tauM)
          coefficients.append(c); rates.append(-1 / tau)
          coefficients[0] -= c
        }
      }
    }
    return ExponentialSum(constant: settlingPotential - threshold, coefficients: coefficients, rates: rates,
                          linearCoefficient: linear, linearRate: rateM)
  }

  /// How far ahead to look for a crossing: after 80 of the longest time constants every
  /// exponential has decayed below 10⁻³⁴ of its start.
  var horizon: Double { 80 * max(tauM, synapse == .exponential ? max(tauE, tauI) : 0) }
}
