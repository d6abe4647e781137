#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// A neuron model reduced to the numbers one chip tick needs (single precision, as on a chip).
///
/// One tick t, for every neuron, in this order (the simulator and the training engine share
/// `integrate(potential:excitatory:inhibitory:input:)` so they compute the same bits):
///
/// 1. Synaptic currents decay and take the spikes due at t: `I ← α·I + Σw` (exponential synapses;
///    the simulator keeps `α·I` from the previous tick and adds the weights onto it).
/// 2. The membrane integrates: `V ← V_rest + β·(V − V_rest) + b' + g_e·I_e + g_i·I_i + x`, where x is
///    the sum of delta-synapse weights due at t. A refractory neuron keeps its V instead.
/// 3. If V ≥ threshold the neuron spikes and V is reset; its spike is scheduled for t + delay.
///
/// Coefficients: β = exp(−Δt/τm), α = exp(−Δt/τ_syn). With `.discreteSum`, g = 1 and b' = b.
/// With `.exact`, g = τs(α − β)/(τs − τm) and b' = (1 − β)·b, which makes step 2 the exact ODE
/// solution over the tick for a current that starts the tick at I: so V at tick t equals the
/// continuous-time V at time t·Δt when the spikes delivered at tick t arrive at time (t−1)·Δt
/// (exponential synapses) or at t·Δt (delta synapses).
public struct ChipCoefficients: Hashable, Sendable {
  /// How spikes act on the neuron (delta or exponential synapses).
  public var synapse: NeuronModel.SynapseKind
  /// What a spike does to the potential.
  public var resetMode: NeuronModel.ResetMode
  /// β, membrane decay per tick.
  public var membraneDecay: Float
  /// α of the excitatory current, decay per tick.
  public var excitatoryDecay: Float
  /// α of the inhibitory current.
  public var inhibitoryDecay: Float
  /// g of the excitatory current: gain from synaptic current to membrane per tick.
  public var excitatoryGain: Float
  /// g of the inhibitory current.
  public var inhibitoryGain: Float
  /// V_rest, volts.
  public var restingPotential: Float
  /// b', added to V every tick, volts.
  public var biasPerTick: Float
  /// θ, volts; `.infinity` for a neuron that never spikes.
  public var threshold: Float
  /// The potential after a spike when resetting to a potential, volts.
  public var resetPotential: Float
  /// Ticks after a spike during which V is held.
  public var refractoryTicks: Int32

  /// Derives the per-tick coefficients of `model` for ticks of `tickDuration` seconds.
  public init(model: NeuronModel, tickDuration: Double) {
    synapse = model.synapse
    resetMode = model.resetMode
    let tauM = model.membraneTimeConstant
    let beta = tauM == 0 ? 0 : exp(-tickDuration / tauM)
    membraneDecay = Float(beta)
    func decay(_ tau: Double) -> Double { exp(-tickDuration / tau) }
    func gain(_ tau: Double) -> Double {
      if model.integration == .discreteSum { return 1 }
      let alpha = decay(tau)
      if tauM == 0 { return 1 }
      if abs(tau - tauM) <= 1e-9 * tauM { return (tickDuration / tauM) * beta }
      return tau * (alpha - beta) / (tau - tauM)
    }
    if model.synapse == .exponential {
      excitatoryDecay = Float(decay(model.excitatoryTimeConstant))
      inhibitoryDecay = Float(decay(model.inhibitoryTimeConstant))
      excitatoryGain = Float(gain(model.excitatoryTimeConstant))
      inhibitoryGain = Float(gain(model.inhibitoryTimeConstant))
    } else {
      excitatoryDecay = 0; inhibitoryDecay = 0; excitatoryGain = 0; inhibitoryGain = 0
    }
    restingPotential = Float(model.restingPotential)
    biasPerTick = Float(model.integration == .discreteSum ? model.bias : (1 - beta) * model.bias)
    threshold = model.threshold.isFinite ? Float(model.threshold) : .infinity
    resetPotential = Float(model.resetPotential)
    let ticks = (model.refractoryPeriod / tickDuration * (1 + 1e-9)).rounded(.down)
    refractoryTicks = Int32(clamping: Int(min(ticks, Double(Int32.max))))
  }

  /// The discrete-sum rule with per-tick values given directly (as a training engine holds them):
  /// `I ← α·I + x`, `V ← β·V + I`, rest 0, no bias; `synapticDecay` nil means delta synapses.
  public static func discrete(membraneDecay beta: Float, synapticDecay alpha: Float?, threshold: Float,
                              resetMode: NeuronModel.ResetMode = .toPotential, refractoryTicks: Int32 = 0) -> ChipCoefficients {
    var model = NeuronModel.discrete(membraneDecay: Double(beta), synapticDecay: alpha.map(Double.init),
                                     threshold: threshold.isFinite ? Double(threshold) : .infinity, resetMode: resetMode,
                                     refractoryTicks: Int(refractoryTicks), tickDuration: 1e-3)
    model.membraneTimeConstant = 1
    var c = ChipCoefficients(model: model, tickDuration: 1e-3)
    c.membraneDecay = beta
    c.excitatoryDecay = alpha ?? 0
    c.inhibitoryDecay = alpha ?? 0
    c.threshold = threshold
    return c
  }

  /// Step 2 of the tick for one neuron (or eight, with SIMD): the integrated potential.
  /// `input` is the sum of delta-synapse weights due this tick (0 for exponential synapses).
  @inlinable
  public func integrate(potential v: Float, excitatory ie: Float, inhibitory ii: Float, input x: Float) -> Float {
    restingPotential + membraneDecay * (v - restingPotential) + biasPerTick
      + excitatoryGain * ie + inhibitoryGain * ii + x
  }

  /// The coefficients broadcast to eight lanes, built once outside a loop.
  @inlinable
  public var vector: Vector { Vector(self) }

  /// The coefficients broadcast to the lanes of `V`, built once outside a loop.
  @inlinable
  public func lanes<V: SIMD>(_: V.Type) -> Lanes<V> where V.Scalar == Float { Lanes(self) }

  /// `ChipCoefficients` as SIMD8 lanes, for kernels that update eight neurons at a time.
  public typealias Vector = Lanes<SIMD8<Float>>

  /// `ChipCoefficients` broadcast to the lanes of `V` (`SIMD8<Float>` or `SIMD16<Float>`), for
  /// kernels that update a vector of neurons at a time.
  @frozen
  public struct Lanes<V: SIMD> where V.Scalar == Float {
    /// β, α and g broadcast to every lane.
    public var membraneDecay, excitatoryDecay, inhibitoryDecay, excitatoryGain, inhibitoryGain: V
    /// V_rest, b' and θ broadcast to every lane, volts.
    public var restingPotential, biasPerTick, threshold: V

    /// Broadcasts every coefficient of `c`.
    @inlinable
    public init(_ c: ChipCoefficients) {
      membraneDecay = V(repeating: c.membraneDecay)
      excitatoryDecay = V(repeating: c.excitatoryDecay)
      inhibitoryDecay = V(repeating: c.inhibitoryDecay)
      excitatoryGain = V(repeating: c.excitatoryGain)
      inhibitoryGain = V(repeating: c.inhibitoryGain)
      restingPotential = V(repeating: c.restingPotential)
      biasPerTick = V(repeating: c.biasPerTick)
      threshold = V(repeating: c.threshold)
    }

    /// The same operations as `ChipCoefficients.integrate`, lane by lane (the arithmetic of a
    /// specialised generic `SIMD` becomes one vector instruction per operation).
    @inlinable @inline(__always)
    public func integrate(potential v: V, excitatory ie: V, inhibitory ii: V, input x: V) -> V {
      restingPotential + membraneDecay * (v - restingPotential) + biasPerTick
        + excitatoryGain * ie + inhibitoryGain * ii + x
    }
  }

  /// The potential after a spike from potential `v` (`NeuronTickRule.reset`).
  @inlinable
  public func reset(_ v: Float) -> Float {
    NeuronTickRule.reset(v, mode: resetMode, threshold: threshold, resetPotential: resetPotential)
  }
}

