#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Band-limited resampling by windowed-sinc interpolation (Hann window, 16 zero crossings each
/// side, cut-off at 95% of the lower Nyquist frequency), for any pair of rates. When the rate
/// ratio reduces to p/q with q ≤ 4096 (22,050 → 16,000 Hz is 441/320), the filter taps of each of
/// the q phases are computed once.
public enum Resampler {
  /// `audio` at `rate` Hz: windowed-sinc interpolation with its cut-off at 95 % of the lower Nyquist frequency.
  public static func resample(_ audio: Audio, to rate: Int) -> Audio {
    guard rate != audio.sampleRate, !audio.samples.isEmpty, rate > 0 else { return Audio(samples: audio.samples, sampleRate: rate) }
    let inRate = Double(audio.sampleRate), outRate = Double(rate)
    let cutoff = 0.95 * min(inRate, outRate) / 2
    let halfWidth = 16.0 * inRate / (2 * cutoff)  // in input samples
    let outputCount = Int((Double(audio.samples.count) * outRate / inRate).rounded(.down))
    let input = audio.samples
    let gain = 2 * cutoff / inRate
    let divisor = gcd(audio.sampleRate, rate)
    let p = audio.sampleRate / divisor, q = rate / divisor
    let taps = Int(2 * halfWidth.rounded(.up)) + 2

    /// The taps for an output sample whose centre lies `fraction` input samples after input `base`.
    func kernel(fraction: Double) -> (first: Int, weights: [Float]) {
      let first = Int((fraction - halfWidth).rounded(.up))
      var weights: [Float] = []
      weights.reserveCapacity(taps)
      var k = first
      while Double(k) <= fraction + halfWidth {
        let x = Double(k) - fraction
        let arg = 2 * cutoff / inRate * x
        let sinc = arg == 0 ? 1 : sin(Double.pi * arg) / (Double.pi * arg)
        weights.append(Float(sinc * (0.5 + 0.5 * cos(Double.pi * x / halfWidth)) * gain))
        k += 1
      }
      return (first, weights)
    }

    var output = [Float](repeating: 0, count: outputCount)
    let table: [(first: Int, weights: [Float])]? = q <= 4096 ? (0..<q).map { phase in kernel(fraction: Double(phase * p % q) / Double(q)) } : nil
    for n in 0..<outputCount {
      let base = n * p / q
      let (first, weights) = table?[n % q] ?? kernel(fraction: Double(n) * inRate / outRate - Double(base))
      var sum: Float = 0
      for (offset, weight) in weights.enumerated() {
        let index = base + first + offset
        if index >= 0 && index < input.count { sum += input[index] * weight }
      }
      output[n] = sum
    }
    return Audio(samples: output, sampleRate: rate)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
