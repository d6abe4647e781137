import CSpikelineKernels

/// The neuron-update loop of chip time: a vector of neurons at a time with SIMD (`Lanes`: eight, or
/// sixteen in a build with `SPIKELINE_WIDE_VECTORS`), a scalar loop for the rest. Every path evaluates
/// `ChipCoefficients.integrate` and `NeuronTickRule.settle` with the same operations in the same
/// order, so they give identical bits for any width (a test checks this).
enum ChipKernels {
  /// Integrates, settles (refractoriness, threshold) and, for exponential synapses, decays the
  /// currents for the next tick; for delta synapses, clears the summed input `x`. Writes the global
  /// index of every spiking neuron from `spikers` on (room for `range.count`) and returns how many;
  /// leaves V un-reset. The loop calls nothing, so the coefficients stay in registers.
  ///
  /// `exponential` is a constant at each call site, so inlining removes the branch from the loop.
  ///
  /// In the default build on a CPU with AVX2, the vectors of neurons go through
  /// `spikeline_chip_update_avx2` (the same operations in one AVX2 instruction where the baseline
  /// build's eight lanes take two SSE ones), and the rest through the scalar loop here.
  @inline(__always)
  static func update(_ range: Range<Int>, _ c: ChipCoefficients, exponential: Bool,
                     _ v: UnsafeMutableBufferPointer<Float>, _ ie: UnsafeMutableBufferPointer<Float>,
                     _ ii: UnsafeMutableBufferPointer<Float>, _ x: UnsafeMutableBufferPointer<Float>,
                     _ r: UnsafeMutableBufferPointer<Int32>, spikers: UnsafeMutablePointer<Int32>) -> Int {
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    if dispatchesAVX2, let vBase = v.baseAddress, let eBase = ie.baseAddress, let iBase = ii.baseAddress,
       let xBase = x.baseAddress, let rBase = r.baseAddress {
      var coefficients = spikeline_chip_coefficients(
        membraneDecay: c.membraneDecay, excitatoryDecay: c.excitatoryDecay, inhibitoryDecay: c.inhibitoryDecay,
        excitatoryGain: c.excitatoryGain, inhibitoryGain: c.inhibitoryGain, restingPotential: c.restingPotential,
        biasPerTick: c.biasPerTick, threshold: c.threshold)
      var next = range.lowerBound
      let count = spikeline_chip_update_avx2(&coefficients, exponential ? 1 : 0, range.lowerBound, range.upperBound,
                                             vBase, eBase, iBase, xBase, rBase, spikers, &next)
      return count + updateInSwift(next..<range.upperBound, c, exponential: exponential, v, ie, ii, x, r, spikers: spikers + count)
    }
    #endif
    return updateInSwift(range, c, exponential: exponential, v, ie, ii, x, r, spikers: spikers)
  }

  /// Whether `update` runs the AVX2 kernel: the CPU has AVX2 and `SPIKELINE_KERNELS` does not say
  /// `portable` (`spikeline_selected_level`).
  static let dispatchesAVX2 = spikeline_selected_level() >= 1

  /// `update` in Swift, on `Lanes`.
  @inline(__always)
  static func updateInSwift(_ range: Range<Int>, _ c: ChipCoefficients, exponential: Bool,
                            _ v: UnsafeMutableBufferPointer<Float>, _ ie: UnsafeMutableBufferPointer<Float>,
                            _ ii: UnsafeMutableBufferPointer<Float>, _ x: UnsafeMutableBufferPointer<Float>,
                            _ r: UnsafeMutableBufferPointer<Int32>, spikers: UnsafeMutablePointer<Int32>) -> Int {
    var i = range.lowerBound
    var count = 0
    let zero = Lanes(repeating: 0)
    let cv = c.lanes(Lanes.self)
    if let vBase = v.baseAddress, let eBase = ie.baseAddress, let iBase = ii.baseAddress, let xBase = x.baseAddress,
       let rBase = r.baseAddress {
      while i + Lanes.scalarCount <= range.upperBound {
        let vOld = UnsafeRawPointer(vBase + i).loadUnaligned(as: Lanes.self)
        var countdown = UnsafeRawPointer(rBase + i).loadUnaligned(as: Countdowns.self)
        let integrated: Lanes
        if exponential {
          let e = UnsafeRawPointer(eBase + i).loadUnaligned(as: Lanes.self)
          let h = UnsafeRawPointer(iBase + i).loadUnaligned(as: Lanes.self)
          integrated = cv.integrate(potential: vOld, excitatory: e, inhibitory: h, input: zero)
          UnsafeMutableRawPointer(eBase + i).storeBytes(of: cv.excitatoryDecay * e, as: Lanes.self)
          UnsafeMutableRawPointer(iBase + i).storeBytes(of: cv.inhibitoryDecay * h, as: Lanes.self)
        } else {
          let drive = UnsafeRawPointer(xBase + i).loadUnaligned(as: Lanes.self)
          integrated = cv.integrate(potential: vOld, excitatory: zero, inhibitory: zero, input: drive)
          UnsafeMutableRawPointer(xBase + i).storeBytes(of: zero, as: Lanes.self)
        }
        let (vNew, spike) = NeuronTickRule.settle(integrated: integrated, previous: vOld, countdown: &countdown, threshold: cv.threshold)
        UnsafeMutableRawPointer(vBase + i).storeBytes(of: vNew, as: Lanes.self)
        UnsafeMutableRawPointer(rBase + i).storeBytes(of: countdown, as: Countdowns.self)
        if anyLane(spike) {
          for lane in 0..<Lanes.scalarCount where spike[lane] { spikers[count] = Int32(i + lane); count += 1 }
        }
        i += Lanes.scalarCount
      }
    }
    while i < range.upperBound {
      let integrated: Float
      if exponential {
        integrated = c.integrate(potential: v[i], excitatory: ie[i], inhibitory: ii[i], input: 0)
        ie[i] = c.excitatoryDecay * ie[i]
        ii[i] = c.inhibitoryDecay * ii[i]
      } else {
        integrated = c.integrate(potential: v[i], excitatory: 0, inhibitory: 0, input: x[i])
        x[i] = 0
      }
      let (vNew, spike) = NeuronTickRule.settle(integrated: integrated, previous: v[i], countdown: &r[i], threshold: c.threshold)
      v[i] = vNew
      if spike { spikers[count] = Int32(i); count += 1 }
      i += 1
    }
    return count
  }

  /// Whether any lane of `mask` is set, as ORs and one test: spikes are rare, so this test runs
  /// for every vector of neurons and must stay cheap (the standard `any` sometimes becomes a lane-by-lane reduction).
  @inline(__always)
  static func anyLane(_ mask: SIMDMask<SIMD8<Int32>>) -> Bool {
    anyBit(SIMD8<Int32>(repeating: 0).replacing(with: -1, where: mask))
  }

  /// `anyLane` for sixteen lanes: the halves ORed first (a 16-lane reduction compiles to shuffles).
  @inline(__always)
  static func anyLane(_ mask: SIMDMask<SIMD16<Int32>>) -> Bool {
    let words = SIMD16<Int32>(repeating: 0).replacing(with: -1, where: mask)
    return anyBit(words.lowHalf | words.highHalf)
  }

  /// Whether any bit of `words` is set.
  @inline(__always)
  static func anyBit(_ words: SIMD8<Int32>) -> Bool {
    let halves = unsafeBitCast(words.lowHalf | words.highHalf, to: SIMD2<UInt64>.self)
    return halves[0] | halves[1] != 0
  }
}

#if SPIKELINE_WIDE_VECTORS
extension ChipKernels {
  /// The neurons one step of the update loop takes: sixteen, one 512-bit register (opt-in build).
  typealias Lanes = SIMD16<Float>
  /// Refractory countdowns of `Lanes` neurons.
  typealias Countdowns = SIMD16<Int32>
}
#else
extension ChipKernels {
  /// The neurons one step of the update loop takes: eight (two SSE registers on baseline x86-64).
  typealias Lanes = SIMD8<Float>
  /// Refractory countdowns of `Lanes` neurons.
  typealias Countdowns = SIMD8<Int32>
}
#endif
