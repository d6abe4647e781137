#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// The dynamics of a population of leaky integrate-and-fire neurons.
///
/// In continuous time the membrane potential V (volts) follows
///
///     τm dV/dt = −(V − V_rest) + I_exc + I_inh + b
///
/// between spikes. With **delta synapses** an arriving spike makes V jump by the weight (volts).
/// With **exponential synapses** (current-based, "CUBA") it makes the synaptic current of its
/// receptor jump by the weight (volts of drive), and each current decays as τ dI/dt = −I.
/// When V reaches the threshold the neuron spikes and V is reset, either to `resetPotential`
/// or by subtracting the threshold; during the refractory period V does not integrate.
///
/// In chip time (integer ticks of Δt seconds) see `ChipCoefficients` for the per-tick update.
public struct NeuronModel: Hashable, Sendable {
  /// How an arriving spike acts on the neuron.
  public enum SynapseKind: String, Hashable, Sendable, CaseIterable {
    /// The weight is added to the membrane potential at once.
    case delta
    /// The weight is added to an exponentially decaying synaptic current.
    case exponential
  }

  /// What happens to the membrane potential after a spike.
  public enum ResetMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// V is set to `resetPotential` (0 V by default: "reset to zero").
    case toPotential = "potential"
    /// The threshold is subtracted from V ("soft reset").
    case subtractThreshold = "subtract"
  }

  /// How chip time discretises the dynamics.
  public enum ChipIntegration: String, Hashable, Sendable, CaseIterable {
    /// Coefficients from the exact solution of the ODE over one tick: the sub-threshold potential
    /// at tick boundaries equals the continuous-time solution (see `ChipCoefficients`).
    case exact
    /// The form used by SNN training frameworks and Loihi: `I ← αI + x`, `V ← βV + I + b`;
    /// weights and bias are per-tick increments. Defined in chip time only.
    case discreteSum
  }

  /// How an arriving spike acts on the neuron.
  public var synapse: SynapseKind
  /// τm, seconds.
  public var membraneTimeConstant: Double
  /// τ of the excitatory synaptic current, seconds (exponential synapses only).
  public var excitatoryTimeConstant: Double
  /// τ of the inhibitory synaptic current, seconds (exponential synapses only).
  public var inhibitoryTimeConstant: Double
  /// V_rest, volts.
  public var restingPotential: Double
  /// Spike threshold, volts. `.infinity` makes a non-spiking (readout) neuron.
  public var threshold: Double
  /// The potential after a spike when `resetMode == .toPotential`, volts.
  public var resetPotential: Double
  /// What happens to V after a spike.
  public var resetMode: ResetMode
  /// Time after a spike during which V is held, seconds.
  public var refractoryPeriod: Double
  /// Constant drive b, volts: without input V settles at V_rest + b (exact rule), or receives
  /// b every tick (discrete-sum rule).
  public var bias: Double
  /// How chip time discretises the dynamics.
  public var integration: ChipIntegration

  /// A neuron model; times in seconds, potentials in volts (see the properties). The inhibitory time
  /// constant defaults to the excitatory one.
  public init(synapse: SynapseKind, membraneTimeConstant: Double, excitatoryTimeConstant: Double = 5e-3,
              inhibitoryTimeConstant: Double? = nil, restingPotential: Double = 0, threshold: Double = 1,
              resetPotential: Double = 0, resetMode: ResetMode = .toPotential, refractoryPeriod: Double = 0,
              bias: Double = 0, integration: ChipIntegration = .exact) {
    self.synapse = synapse
    self.membraneTimeConstant = membraneTimeConstant
    self.excitatoryTimeConstant = excitatoryTimeConstant
    self.inhibitoryTimeConstant = inhibitoryTimeConstant ?? excitatoryTimeConstant
    self.restingPotential = restingPotential
    self.threshold = threshold
    self.resetPotential = resetPotential
    self.resetMode = resetMode
    self.refractoryPeriod = refractoryPeriod
    self.bias = bias
    self.integration = integration
  }

  /// LIF neuron with delta synapses (potentials in volts, times in seconds).
  public static func lif(membraneTimeConstant: Double, threshold: Double = 1, restingPotential: Double = 0,
                         resetPotential: Double = 0, resetMode: ResetMode = .toPotential,
                         refractoryPeriod: Double = 0, bias: Double = 0) -> NeuronModel {
    NeuronModel(synapse: .delta, membraneTimeConstant: membraneTimeConstant, restingPotential: restingPotential,
                threshold: threshold, resetPotential: resetPotential, resetMode: resetMode,
                refractoryPeriod: refractoryPeriod, bias: bias)
  }

  /// Current-based LIF neuron with exponential synaptic currents (potentials in volts, times in seconds).
  public static func cuba(membraneTimeConstant: Double, excitatoryTimeConstant: Double,
                          inhibitoryTimeConstant: Double? = nil, threshold: Double = 1,
                          restingPotential: Double = 0, resetPotential: Double = 0,
                          resetMode: ResetMode = .toPotential, refractoryPeriod: Double = 0,
                          bias: Double = 0) -> NeuronModel {
    NeuronModel(synapse: .exponential, membraneTimeConstant: membraneTimeConstant,
                excitatoryTimeConstant: excitatoryTimeConstant, inhibitoryTimeConstant: inhibitoryTimeConstant,
                restingPotential: restingPotential, threshold: threshold, resetPotential: resetPotential,
                resetMode: resetMode, refractoryPeriod: refractoryPeriod, bias: bias)
  }

  /// The discrete LIF of SNN training frameworks, `V[t] = β·V[t−1] + I[t]`, for ticks of
  /// `tickDuration` seconds. `synapticDecay` (α) makes it current-based: `I[t] = α·I[t−1] + x[t]`.
  public static func discrete(membraneDecay beta: Double, synapticDecay alpha: Double? = nil,
                              threshold: Double = 1, resetMode: ResetMode = .toPotential,
                              resetPotential: Double = 0, refractoryTicks: Int = 0,
                              tickDuration: Double) -> NeuronModel {
    NeuronModel(synapse: alpha == nil ? .delta : .exponential,
                membraneTimeConstant: timeConstant(decay: beta, tickDuration: tickDuration),
                excitatoryTimeConstant: alpha.map { timeConstant(decay: $0, tickDuration: tickDuration) } ?? 5e-3,
                threshold: threshold, resetPotential: resetPotential, resetMode: resetMode,
                refractoryPeriod: Double(refractoryTicks) * tickDuration, integration: .discreteSum)
  }

  /// The time constant τ with exp(−Δt/τ) = decay. A decay of 0 gives τ = 0 (no memory).
  public static func timeConstant(decay: Double, tickDuration: Double) -> Double {
    decay <= 0 ? 0 : (decay >= 1 ? .infinity : -tickDuration / log(decay))
  }

  /// True when the neuron can spike.
  public var isSpiking: Bool { threshold.isFinite }

  /// Every problem with these parameters, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    func check(_ ok: Bool, _ field: String, _ message: String) {
      if !ok { errors.append(.field(field, message)) }
    }
    check(membraneTimeConstant.isFinite || membraneTimeConstant == .infinity, "membraneTimeConstant", "must be a number")
    check(membraneTimeConstant >= 0 && !membraneTimeConstant.isNaN, "membraneTimeConstant",
          "must be >= 0 seconds (got \(membraneTimeConstant))")
    if synapse == .exponential {
      check(excitatoryTimeConstant > 0 && !excitatoryTimeConstant.isNaN, "excitatoryTimeConstant",
            "must be > 0 seconds (got \(excitatoryTimeConstant))")
      check(inhibitoryTimeConstant > 0 && !inhibitoryTimeConstant.isNaN, "inhibitoryTimeConstant",
            "must be > 0 seconds (got \(inhibitoryTimeConstant))")
    }
    check(restingPotential.isFinite, "restingPotential", "must be a finite number of volts")
    check(!threshold.isNaN && threshold != -.infinity, "threshold", "must be a number of volts or +infinity")
    check(resetPotential.isFinite, "resetPotential", "must be a finite number of volts")
    if resetMode == .toPotential && threshold.isFinite {
      check(threshold > resetPotential, "threshold",
            "must be above the reset potential (threshold \(threshold) V, reset \(resetPotential) V)")
    }
    if resetMode == .subtractThreshold && threshold.isFinite {
      check(threshold > 0 || threshold > restingPotential, "threshold", "must be positive to subtract it on a spike")
    }
    check(refractoryPeriod >= 0 && refractoryPeriod.isFinite, "refractoryPeriod",
          "must be >= 0 seconds (got \(refractoryPeriod))")
    check(bias.isFinite, "bias", "must be a finite number of volts")
    return errors
  }
}

