/// A membrane potential in any of the representations the engines use: `Double` (continuous
/// time), `Float` (chip time and training), `Int64` (fixed point), `SIMD8<Float>` and `SIMD16<Float>`
/// (a vector of neurons).
public protocol MembraneValue {
  /// The difference of two potentials.
  static func - (lhs: Self, rhs: Self) -> Self
}

extension Float: MembraneValue {}
extension Double: MembraneValue {}
extension Int64: MembraneValue {}
extension SIMD8: MembraneValue where Scalar == Float {}
extension SIMD16: MembraneValue where Scalar == Float {}

/// The one definition of what a leaky integrate-and-fire neuron does after it integrates: hold
/// while refractory, spike at threshold, reset. Every engine and the trainer call it (chip time in
/// floating and fixed point, continuous time's reset, the training forward pass), so a model means
/// the same thing wherever it runs. The SIMD overload is the same rule lane by lane.
///
/// The order within a tick (see `ChipCoefficients`): integrate to U; `settle` decides the potential
/// kept and whether the neuron spikes; the spike is recorded; then `reset` is applied to a spiking
/// neuron and its refractory countdown starts.
public enum NeuronTickRule {
  /// Settles one neuron after integration.
  /// - Parameters:
  ///   - integrated: U, the potential step 2 of the tick computed.
  ///   - previous: V before the tick, kept by a refractory neuron.
  ///   - countdown: refractory ticks left; a refractory neuron counts down by one and cannot spike.
  ///   - threshold: θ, in the same units as the potential (`.infinity` or `.max`: never spikes).
  /// - Returns: the potential to keep (before any reset) and whether the neuron spiked.
  @inlinable @inline(__always)
  public static func settle<P: Comparable>(integrated: P, previous: P, countdown: inout Int32, threshold: P) -> (potential: P, spiked: Bool) {
    if countdown > 0 {
      countdown -= 1
      return (previous, false)
    }
    return (integrated, integrated >= threshold)
  }

  /// Settles eight neurons after integration: `settle` lane by lane.
  @inlinable @inline(__always)
  public static func settle(integrated: SIMD8<Float>, previous: SIMD8<Float>, countdown: inout SIMD8<Int32>,
                            threshold: SIMD8<Float>) -> (potential: SIMD8<Float>, spiked: SIMDMask<SIMD8<Int32>>) {
    let held = countdown .> SIMD8<Int32>(repeating: 0)
    var potential = integrated
    potential.replace(with: previous, where: held)
    countdown.replace(with: countdown &- SIMD8<Int32>(repeating: 1), where: held)
    return (potential, (integrated .>= threshold) .& .!held)
  }

  /// Settles sixteen neurons after integration: `settle` lane by lane. (Concrete overloads, not one
  /// generic: a generic `SIMD` comparison or masked replace becomes a loop over the lanes.)
  @inlinable @inline(__always)
  public static func settle(integrated: SIMD16<Float>, previous: SIMD16<Float>, countdown: inout SIMD16<Int32>,
                            threshold: SIMD16<Float>) -> (potential: SIMD16<Float>, spiked: SIMDMask<SIMD16<Int32>>) {
    let held = countdown .> SIMD16<Int32>(repeating: 0)
    var potential = integrated
    potential.replace(with: previous, where: held)
    countdown.replace(with: countdown &- SIMD16<Int32>(repeating: 1), where: held)
    return (potential, (integrated .>= threshold) .& .!held)
  }

  /// The potential after a spike from potential `v`: `resetPotential` ("reset to a potential") or
  /// `v − threshold` ("soft reset", by subtraction).
  @inlinable @inline(__always)
  public static func reset<P: MembraneValue>(_ v: P, mode: NeuronModel.ResetMode, threshold: P, resetPotential: P) -> P {
    mode == .toPotential ? resetPotential : v - threshold
  }
}
