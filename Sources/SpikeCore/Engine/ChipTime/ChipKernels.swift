/// The neuron-update loops of chip time: eight neurons at a time with SIMD, a scalar loop for the
/// rest. Both paths evaluate `ChipCoefficients.integrate` with the same operations in the same
/// order, so they give identical bits (a test checks this).
enum ChipKernels {
  /// Exponential-synapse neurons: integrate, detect spikes, decay the currents for the next tick.
  /// Appends the global index of every spiking neuron to `spiked`; leaves V un-reset.
  @inline(__always)
  static func updateExponential(_ range: Range<Int>, _ c: ChipCoefficients,
                                _ v: UnsafeMutableBufferPointer<Float>, _ ie: UnsafeMutableBufferPointer<Float>,
                                _ ii: UnsafeMutableBufferPointer<Float>, _ r: UnsafeMutableBufferPointer<Int32>,
                                _ spiked: inout [Int32]) {
    var i = range.lowerBound
    let zero = SIMD8<Float>(repeating: 0)
    let one = SIMD8<Int32>(repeating: 1)
    let zeroCount = SIMD8<Int32>(repeating: 0)
    let cv = c.vector
    if let vBase = v.baseAddress, let eBase = ie.baseAddress, let iBase = ii.baseAddress, let rBase = r.baseAddress {
      while i + 8 <= range.upperBound {
        let vOld = UnsafeRawPointer(vBase + i).loadUnaligned(as: SIMD8<Float>.self)
        let e = UnsafeRawPointer(eBase + i).loadUnaligned(as: SIMD8<Float>.self)
        let h = UnsafeRawPointer(iBase + i).loadUnaligned(as: SIMD8<Float>.self)
        var countdown = UnsafeRawPointer(rBase + i).loadUnaligned(as: SIMD8<Int32>.self)
        var vNew = cv.integrate(potential: vOld, excitatory: e, inhibitory: h, input: zero)
        let held = countdown .> zeroCount
        vNew.replace(with: vOld, where: held)
        countdown.replace(with: countdown &- one, where: held)
        let spike = (vNew .>= cv.threshold) .& .!held
        UnsafeMutableRawPointer(vBase + i).storeBytes(of: vNew, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(rBase + i).storeBytes(of: countdown, as: SIMD8<Int32>.self)
        UnsafeMutableRawPointer(eBase + i).storeBytes(of: cv.excitatoryDecay * e, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(iBase + i).storeBytes(of: cv.inhibitoryDecay * h, as: SIMD8<Float>.self)
        if any(spike) {
          for lane in 0..<8 where spike[lane] { spiked.append(Int32(i + lane)) }
        }
        i += 8
      }
    }
    while i < range.upperBound {
      let vOld = v[i]
      var vNew = c.integrate(potential: vOld, excitatory: ie[i], inhibitory: ii[i], input: 0)
      if r[i] > 0 {
        vNew = vOld
        r[i] -= 1
      } else if vNew >= c.threshold {
        spiked.append(Int32(i))
      }
      v[i] = vNew
      ie[i] = c.excitatoryDecay * ie[i]
      ii[i] = c.inhibitoryDecay * ii[i]
      i += 1
    }
  }

  /// Delta-synapse neurons: integrate the summed input `x` (then clear it) and detect spikes.
  @inline(__always)
  static func updateDelta(_ range: Range<Int>, _ c: ChipCoefficients,
                          _ v: UnsafeMutableBufferPointer<Float>, _ x: UnsafeMutableBufferPointer<Float>,
                          _ r: UnsafeMutableBufferPointer<Int32>, _ spiked: inout [Int32]) {
    var i = range.lowerBound
    let zero = SIMD8<Float>(repeating: 0)
    let one = SIMD8<Int32>(repeating: 1)
    let zeroCount = SIMD8<Int32>(repeating: 0)
    let cv = c.vector
    if let vBase = v.baseAddress, let xBase = x.baseAddress, let rBase = r.baseAddress {
      while i + 8 <= range.upperBound {
        let vOld = UnsafeRawPointer(vBase + i).loadUnaligned(as: SIMD8<Float>.self)
        let drive = UnsafeRawPointer(xBase + i).loadUnaligned(as: SIMD8<Float>.self)
        var countdown = UnsafeRawPointer(rBase + i).loadUnaligned(as: SIMD8<Int32>.self)
        var vNew = cv.integrate(potential: vOld, excitatory: zero, inhibitory: zero, input: drive)
        let held = countdown .> zeroCount
        vNew.replace(with: vOld, where: held)
        countdown.replace(with: countdown &- one, where: held)
        let spike = (vNew .>= cv.threshold) .& .!held
        UnsafeMutableRawPointer(vBase + i).storeBytes(of: vNew, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(rBase + i).storeBytes(of: countdown, as: SIMD8<Int32>.self)
        UnsafeMutableRawPointer(xBase + i).storeBytes(of: zero, as: SIMD8<Float>.self)
        if any(spike) {
          for lane in 0..<8 where spike[lane] { spiked.append(Int32(i + lane)) }
        }
        i += 8
      }
    }
    while i < range.upperBound {
      let vOld = v[i]
      var vNew = c.integrate(potential: vOld, excitatory: 0, inhibitory: 0, input: x[i])
      if r[i] > 0 {
        vNew = vOld
        r[i] -= 1
      } else if vNew >= c.threshold {
        spiked.append(Int32(i))
      }
      v[i] = vNew
      x[i] = 0
      i += 1
    }
  }
}
