#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikeCore
import SpikelineSupport

/// How the gradient of a spike is approximated (the spike itself is a step function).
public enum Surrogate: Sendable, Equatable, Codable {
  /// SuperSpike "fast sigmoid": σ′(x) = 1/(k|x| + 1)² (Zenke & Ganguli 2018); k = 100 in SpikingLR.
  case fastSigmoid(slope: Float)
  /// Arctangent: σ′(x) = (k/2)/(1 + (πkx/2)²) (snnTorch's atan).
  case arctan(slope: Float)

  @inline(__always)
  func derivative(_ x: Float) -> Float {
    switch self {
    case .fastSigmoid(let k):
      let d = k * abs(x) + 1
      return 1 / (d * d)
    case .arctan(let k):
      let y = Float.pi * k * x / 2
      return (k / 2) / (1 + y * y)
    }
  }

  /// A smooth function whose derivative is `derivative`: the spike of gradient-check mode.
  @inline(__always)
  func primitive(_ x: Float) -> Float {
    switch self {
    case .fastSigmoid(let k): return x / (1 + k * abs(x))
    case .arctan(let k): return atan(Float.pi * k * x / 2) / Float.pi
    }
  }
}

/// One layer of leaky integrate-and-fire neurons (or the non-spiking readout) with feed-forward
/// weights from the layer below and optional recurrent weights, in the chip-time rule of
/// `ChipCoefficients`: I ← α·I + Wᵀs_below(t−1) + Vᵀs(t−1), U = β·V + I, spike if U ≥ θ.
public struct SpikingLayer: Sendable, Equatable {
  public var inputs: Int
  public var outputs: Int
  /// W, row-major [inputs][outputs]: row i holds the synapses of input i (as in a synapse table).
  public var feedforward: [Float]
  /// V, row-major [outputs][outputs], or empty for no recurrence.
  public var recurrent: [Float]
  /// β, membrane decay per step.
  public var membraneDecay: Float
  /// α, synaptic-current decay per step; 0 makes delta synapses (I = input of the step).
  public var synapticDecay: Float
  /// θ; `.infinity` for the non-spiking readout.
  public var threshold: Float
  public var resetMode: NeuronModel.ResetMode
  /// Whether β is trained.
  public var learnsMembraneDecay: Bool

  public var isRecurrent: Bool { !recurrent.isEmpty }
  public var isSpiking: Bool { threshold.isFinite }

  /// The per-step rule shared with the simulator.
  public var coefficients: ChipCoefficients {
    .discrete(membraneDecay: membraneDecay, synapticDecay: synapticDecay, threshold: threshold, resetMode: resetMode)
  }

  /// A layer with weights drawn from N(0, (scale/√inputs)²).
  public init(inputs: Int, outputs: Int, recurrent: Bool, membraneDecay: Float, synapticDecay: Float, threshold: Float,
              resetMode: NeuronModel.ResetMode = .toPotential, weightScale: Float, generator: inout SeededGenerator) {
    self.inputs = inputs
    self.outputs = outputs
    let sd = Double(weightScale) / Double(inputs).squareRoot()
    feedforward = (0..<(inputs * outputs)).map { _ in Float(generator.normal() * sd) }
    let recurrentSD = Double(weightScale) / Double(outputs).squareRoot()
    self.recurrent = recurrent ? (0..<(outputs * outputs)).map { _ in Float(generator.normal() * recurrentSD) } : []
    self.membraneDecay = membraneDecay
    self.synapticDecay = synapticDecay
    self.threshold = threshold
    self.resetMode = resetMode
    learnsMembraneDecay = false
  }

  /// Trainable parameters: W, V, and β when learned.
  public var parameterCount: Int { feedforward.count + recurrent.count + (learnsMembraneDecay ? 1 : 0) }
}
