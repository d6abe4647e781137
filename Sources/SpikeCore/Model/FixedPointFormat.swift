import SpikelineSupport

/// Integer arithmetic with chip-like bit widths, so that a run cannot depend on event order.
///
/// Potentials, currents and weights become integers of `voltsPerUnit` volts each. Weights are
/// rounded to signed `weightBits`-bit integers and potentials saturate at signed
/// `potentialBits`-bit limits; decays and gains are fractions with `decayBits` fraction bits
/// (Loihi uses 12: u ← u·(2¹² − δ)/2¹²), applied with an arithmetic shift (rounding toward −∞).
/// Deliveries add in 64 bits and saturate once per tick, so their order cannot change a result.
public struct FixedPointFormat: Hashable, Sendable {
  /// Signed weight width, bits (2...24).
  public var weightBits: Int
  /// Signed potential and current width, bits (8...31).
  public var potentialBits: Int
  /// Fraction bits of decay and gain factors (4...20).
  public var decayBits: Int
  /// Volts represented by one integer unit.
  public var voltsPerUnit: Double

  /// A format of the given widths in which one integer unit is `voltsPerUnit` volts.
  public init(weightBits: Int = 8, potentialBits: Int = 24, decayBits: Int = 12, voltsPerUnit: Double) {
    self.weightBits = weightBits
    self.potentialBits = potentialBits
    self.decayBits = decayBits
    self.voltsPerUnit = voltsPerUnit
  }

  /// A format whose weight range just covers `maximumWeight` volts (at `weightBits` bits).
  public static func covering(maximumWeight: Double, weightBits: Int = 8, potentialBits: Int = 24,
                              decayBits: Int = 12) -> FixedPointFormat {
    let largest = Double((1 << (weightBits - 1)) - 1)
    return FixedPointFormat(weightBits: weightBits, potentialBits: potentialBits, decayBits: decayBits,
                            voltsPerUnit: maximumWeight > 0 ? maximumWeight / largest : 1)
  }

  /// Every problem with the widths and scale, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(2...24).contains(weightBits) { errors.append(.field("fixedPoint.weightBits", "must be 2...24 (got \(weightBits))")) }
    if !(8...31).contains(potentialBits) { errors.append(.field("fixedPoint.potentialBits", "must be 8...31 (got \(potentialBits))")) }
    if !(4...20).contains(decayBits) { errors.append(.field("fixedPoint.decayBits", "must be 4...20 (got \(decayBits))")) }
    if !(voltsPerUnit >= 1e-15 && voltsPerUnit <= 1e3) {
      errors.append(.field("fixedPoint.voltsPerUnit", "must be 1e-15...1000 volts per unit (got \(voltsPerUnit))"))
    }
    return errors
  }

  /// Largest and smallest weight integers.
  public var weightRange: ClosedRange<Int64> { -(1 << Int64(weightBits - 1))...((1 << Int64(weightBits - 1)) - 1) }
  /// Largest and smallest potential integers.
  public var potentialRange: ClosedRange<Int64> { -(1 << Int64(potentialBits - 1))...((1 << Int64(potentialBits - 1)) - 1) }

  /// A weight in volts as a saturated integer.
  public func quantize(weight: Double) -> Int32 {
    let units = (weight / voltsPerUnit).rounded()
    guard !units.isNaN else { return 0 }
    // Clamp before converting: a weight of 1 V at 1e-308 V per unit must saturate, not trap.
    return Int32(clamping: Int64(min(max(units, Double(weightRange.lowerBound)), Double(weightRange.upperBound))))
  }

  /// A potential in volts as a saturated integer.
  public func quantize(potential: Double) -> Int64 {
    if potential == .infinity { return .max }
    let value = (potential / voltsPerUnit).rounded()
    if value >= Double(potentialRange.upperBound) { return potentialRange.upperBound }
    if value <= Double(potentialRange.lowerBound) { return potentialRange.lowerBound }
    return Int64(value)
  }

  /// A factor in [0, 2) as an integer with `decayBits` fraction bits.
  public func quantize(factor: Float) -> Int64 {
    Int64((Double(factor) * Double(1 << decayBits)).rounded())
  }
}

/// `ChipCoefficients` in integers: the per-tick rule of `FixedPointFormat`.
public struct FixedPointCoefficients: Hashable, Sendable {
  /// How spikes act on the neuron.
  public var synapse: NeuronModel.SynapseKind
  /// What a spike does to the potential.
  public var resetMode: NeuronModel.ResetMode
  /// β with `decayBits` fraction bits.
  public var membraneDecay: Int64
  /// α of the excitatory current with `decayBits` fraction bits.
  public var excitatoryDecay: Int64
  /// α of the inhibitory current with `decayBits` fraction bits.
  public var inhibitoryDecay: Int64
  /// g of the excitatory current with `decayBits` fraction bits.
  public var excitatoryGain: Int64
  /// g of the inhibitory current with `decayBits` fraction bits.
  public var inhibitoryGain: Int64
  /// V_rest in units of the format.
  public var restingPotential: Int64
  /// b' in units of the format, added every tick.
  public var biasPerTick: Int64
  /// `Int64.max` for a non-spiking neuron.
  public var threshold: Int64
  /// The potential after a spike in units of the format.
  public var resetPotential: Int64
  /// Ticks after a spike during which V is held.
  public var refractoryTicks: Int32
  /// Fraction bits of the decay and gain factors.
  public var decayBits: Int64
  /// The lowest potential or current the format holds.
  public var lowest: Int64
  /// The highest potential or current the format holds.
  public var highest: Int64

  /// `c` quantised to `format`: factors rounded to `decayBits` fraction bits, potentials to units.
  public init(_ c: ChipCoefficients, format: FixedPointFormat) {
    synapse = c.synapse
    resetMode = c.resetMode
    membraneDecay = format.quantize(factor: c.membraneDecay)
    excitatoryDecay = format.quantize(factor: c.excitatoryDecay)
    inhibitoryDecay = format.quantize(factor: c.inhibitoryDecay)
    excitatoryGain = format.quantize(factor: c.excitatoryGain)
    inhibitoryGain = format.quantize(factor: c.inhibitoryGain)
    restingPotential = format.quantize(potential: Double(c.restingPotential))
    biasPerTick = format.quantize(potential: Double(c.biasPerTick))
    threshold = c.threshold.isFinite ? format.quantize(potential: Double(c.threshold)) : .max
    resetPotential = format.quantize(potential: Double(c.resetPotential))
    refractoryTicks = c.refractoryTicks
    decayBits = Int64(format.decayBits)
    lowest = format.potentialRange.lowerBound
    highest = format.potentialRange.upperBound
  }

  /// `value` clamped to the format's signed `potentialBits`-bit range.
  @inlinable @inline(__always)
  public func saturate(_ value: Int64) -> Int64 { min(max(value, lowest), highest) }

  /// α·I for the next tick (saturated).
  @inlinable @inline(__always)
  public func decayCurrent(_ current: Int64, excitatory: Bool) -> Int64 {
    // |current| < 2³¹ (saturated) and factors < 2²¹: the product fits 53 bits, so wrapping
    // arithmetic never wraps and skips the overflow checks.
    saturate((current &* (excitatory ? excitatoryDecay : inhibitoryDecay)) &>> decayBits)
  }

  /// Step 2 of the tick in integers (see `ChipCoefficients`): the new potential, saturated.
  @inlinable @inline(__always)
  public func integrate(potential v: Int64, excitatory ie: Int64, inhibitory ii: Int64, input x: Int64) -> Int64 {
    // Potentials and currents are saturated to ≤ 31 bits and factors are < 2²¹ (decayBits ≤ 20),
    // so every product fits 53 bits; the input x is a tick's sum of ≤ 24-bit weights. Wrapping
    // arithmetic therefore never wraps, and skips the overflow checks.
    let decayed = restingPotential &+ (((v &- restingPotential) &* membraneDecay) &>> decayBits)
    let drive = ((saturate(ie) &* excitatoryGain) &>> decayBits) &+ ((saturate(ii) &* inhibitoryGain) &>> decayBits)
    return saturate(decayed &+ biasPerTick &+ drive &+ x)
  }

  /// The potential after a spike (`NeuronTickRule.reset`).
  @inlinable
  public func reset(_ v: Int64) -> Int64 {
    NeuronTickRule.reset(v, mode: resetMode, threshold: threshold, resetPotential: resetPotential)
  }
}
