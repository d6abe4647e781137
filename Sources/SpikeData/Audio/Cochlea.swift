#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

/// A model of the cochlea turning audio into spikes on many channels:
/// a 4th-order gammatone filterbank (each filter a cascade of four complex one-pole filters around
/// its centre frequency, bandwidth 1.019 ERB; Holdsworth's method), half-wave rectification, a
/// block-mean envelope, log compression to the utterance's loudest envelope within a dB window,
/// and one leaky integrate-and-fire spike generator per channel. Deterministic: no randomness.
public struct Cochlea: Sendable {
  /// The front end's settings.
  public let parameters: CochleaParameters
  /// Centre frequency of each channel, Hz (descending).
  public let centreFrequencies: [Double]

  /// A cochlea with `parameters`; the channels' centre frequencies are ERB-spaced.
  /// - Throws: `SpikelineError` naming the first invalid parameter.
  public init(_ parameters: CochleaParameters = CochleaParameters()) throws {
    if let error = parameters.validationErrors().first { throw error }
    self.parameters = parameters
    centreFrequencies = Cochlea.erbSpaced(from: parameters.highestFrequency, to: parameters.lowestFrequency, count: parameters.channels)
  }

  /// ERB-rate scale (Glasberg & Moore 1990): E(f) = 21.4·log10(1 + 0.00437 f).
  public static func erbRate(_ frequency: Double) -> Double { 21.4 * log10(1 + 0.00437 * frequency) }
  /// The frequency, Hz, at ERB rate `e` (the inverse of `erbRate`).
  public static func inverseERBRate(_ e: Double) -> Double { (pow(10, e / 21.4) - 1) / 0.00437 }
  /// Equivalent rectangular bandwidth at `frequency`, Hz: 24.7·(4.37 f/1000 + 1).
  public static func erb(_ frequency: Double) -> Double { 24.7 * (4.37 * frequency / 1000 + 1) }

  static func erbSpaced(from high: Double, to low: Double, count: Int) -> [Double] {
    if count == 1 { return [high] }
    let a = erbRate(high), b = erbRate(low)
    return (0..<count).map { inverseERBRate(a + (b - a) * Double($0) / Double(count - 1)) }
  }

  /// The envelope of every channel, [channel][block], at `envelopeRate` (mean of the half-wave
  /// rectified filter output over each block).
  public func envelopes(_ audio: Audio) -> [[Float]] {
    var signal = Resampler.resample(audio, to: parameters.sampleRate).samples
    let rms = (signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(signal.count, 1))).squareRoot()
    if rms > 0 { let scale = Float(parameters.targetRMS / rms); for i in signal.indices { signal[i] *= scale } }
    let block = parameters.sampleRate / parameters.envelopeRate
    let blocks = signal.count / block
    let fs = Double(parameters.sampleRate)
    var result = [[Float]](repeating: [Float](repeating: 0, count: blocks), count: parameters.channels)
    for group in stride(from: 0, to: parameters.channels, by: 8) {
      var a = SIMD8<Float>(repeating: 0), rotR = SIMD8<Float>(repeating: 1), rotI = SIMD8<Float>(repeating: 0)
      for lane in 0..<8 where group + lane < parameters.channels {
        let fc = centreFrequencies[group + lane]
        a[lane] = Float(exp(-2 * Double.pi * 1.019 * Cochlea.erb(fc) / fs))
        rotR[lane] = Float(cos(2 * Double.pi * fc / fs))
        rotI[lane] = Float(-sin(2 * Double.pi * fc / fs))
      }
      let b = 1 - a
      var pR = SIMD8<Float>(repeating: 1), pI = SIMD8<Float>(repeating: 0)
      var y1r = SIMD8<Float>(), y1i = SIMD8<Float>(), y2r = SIMD8<Float>(), y2i = SIMD8<Float>()
      var y3r = SIMD8<Float>(), y3i = SIMD8<Float>(), y4r = SIMD8<Float>(), y4i = SIMD8<Float>()
      let zero = SIMD8<Float>(repeating: 0)
      var envelope = [SIMD8<Float>](repeating: zero, count: blocks)
      signal.withUnsafeBufferPointer { x in
        for blockIndex in 0..<blocks {
          var sum = zero
          for n in (blockIndex * block)..<((blockIndex + 1) * block) {
            let sample = SIMD8<Float>(repeating: x[n])
            // Shift the channel's band to 0 Hz, low-pass four times, shift back, rectify.
            let zr = sample * pR, zi = sample * pI
            y1r = a * y1r + b * zr; y1i = a * y1i + b * zi
            y2r = a * y2r + b * y1r; y2i = a * y2i + b * y1i
            y3r = a * y3r + b * y2r; y3i = a * y3i + b * y2i
            y4r = a * y4r + b * y3r; y4i = a * y4i + b * y3i
            let out = 2 * (y4r * pR + y4i * pI)
            sum += out.replacing(with: zero, where: out .< zero)
            let nextR = pR * rotR - pI * rotI
            pI = pR * rotI + pI * rotR
            pR = nextR
          }
          envelope[blockIndex] = sum / Float(block)
          // Keep the phasor on the unit circle.
          if blockIndex % 64 == 63 {
            let norm = (pR * pR + pI * pI).squareRoot()
            pR /= norm; pI /= norm
          }
        }
      }
      for lane in 0..<8 where group + lane < parameters.channels {
        for blockIndex in 0..<blocks { result[group + lane][blockIndex] = envelope[blockIndex][lane] }
      }
    }
    return result
  }

  /// Spikes of every channel: (time in envelope blocks, channel), sorted by time then channel.
  /// A spike in block k is stamped at the block's end, (k + 1)/envelopeRate seconds.
  public func spikes(_ audio: Audio) -> (blocks: [UInt32], channels: [UInt16], blockCount: Int) {
    let envelope = envelopes(audio)
    let blocks = envelope.first?.count ?? 0
    let peak = envelope.reduce(Float(0)) { max($0, $1.max() ?? 0) }
    guard peak > 0, blocks > 0 else { return ([], [], blocks) }
    let blockDuration = 1.0 / Double(parameters.envelopeRate)
    let decay = Float(exp(-blockDuration / parameters.membraneTimeConstant))
    let gain = Float(blockDuration / (parameters.membraneTimeConstant * parameters.driveThreshold))
    let refractoryBlocks = Int((parameters.refractoryPeriod / blockDuration).rounded())
    let window = Float(parameters.dynamicRangeDecibels)
    var v = [Float](repeating: 0, count: parameters.channels)
    var adaptation = [Float](repeating: 0, count: parameters.channels)
    let adaptationDecay = Float(exp(-blockDuration / parameters.adaptationTimeConstant))
    let increment = Float(parameters.adaptationIncrement)
    var refractory = [Int](repeating: 0, count: parameters.channels)
    var times: [UInt32] = [], channels: [UInt16] = []
    for k in 0..<blocks {
      for c in 0..<parameters.channels {
        let level = envelope[c][k] / peak
        let decibels = level > 0 ? 20 * log10(level) : -1000
        let drive = min(max(1 + decibels / window, 0), 1)
        adaptation[c] *= adaptationDecay
        if refractory[c] > 0 { refractory[c] -= 1; v[c] = 0; continue }
        v[c] = v[c] * decay + drive * gain
        if v[c] >= 1 + adaptation[c] {
          times.append(UInt32(k + 1)); channels.append(UInt16(c))
          v[c] = 0
          adaptation[c] += increment
          refractory[c] = refractoryBlocks
        }
      }
    }
    return (times, channels, blocks)
  }
}
