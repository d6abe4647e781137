#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// A seeded pseudo-random generator (xoshiro256**), the only source of randomness in Spikeline.
///
/// The same seed gives the same sequence on every platform and Swift version: nothing here uses
/// the standard library's randomized hashing or its unspecified shuffling algorithm.
/// Independent streams for different purposes come from `init(seed:stream:)`, which mixes a
/// label into the seed, so adding a new random consumer never shifts another one's numbers.
///
/// Reference: Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// A generator whose state is expanded from `seed` with SplitMix64.
  public init(seed: UInt64) {
    var mixer = SplitMix64(state: seed)
    s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  /// A generator for one named purpose (e.g. `"projection:exc->inh"`) derived from a master seed.
  public init(seed: UInt64, stream: String) {
    self.init(seed: seed ^ StableHash.fnv1a64(stream) &* 0xD6E8_FEB8_6659_FD93)
  }

  /// The seed behind `init(seed:stream:)`, for deriving many indexed generators of one stream
  /// (one per row of a synapse table) without hashing the label each time.
  public static func streamSeed(seed: UInt64, stream: String) -> UInt64 {
    seed ^ StableHash.fnv1a64(stream) &* 0xD6E8_FEB8_6659_FD93
  }

  /// Generator `index` of the stream whose seed `streamSeed(seed:stream:)` made; the same
  /// sequence as `init(seed:stream:index:)`.
  public init(streamSeed: UInt64, index: Int) {
    self.init(seed: streamSeed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
  }

  /// A generator for one indexed purpose (e.g. sample 17 of a dataset) derived from a master seed.
  public init(seed: UInt64, stream: String, index: Int) {
    self.init(seed: seed ^ StableHash.fnv1a64(stream) &* 0xD6E8_FEB8_6659_FD93 ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = s3.rotatedLeft(by: 45)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextUnitDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform double in [low, high).
  @inlinable
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextUnitDouble()
  }

  /// A uniform integer in 0..<bound (Lemire's unbiased multiply-shift method).
  /// - Precondition: bound > 0.
  @inlinable
  public mutating func uniformInt(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let bound64 = UInt64(bound)
    var product = next().multipliedFullWidth(by: bound64)
    if product.low < bound64 {
      let threshold = (0 &- bound64) % bound64
      while product.low < threshold { product = next().multipliedFullWidth(by: bound64) }
    }
    return Int(product.high)
  }

  /// A standard normal deviate (Box–Muller; one value per call, so the stream stays simple).
  @inlinable
  public mutating func normal() -> Double {
    let u1 = 1.0 - nextUnitDouble()  // (0, 1]
    let u2 = nextUnitDouble()
    return (-2.0 * _log(u1)).squareRoot() * _cos(2.0 * Double.pi * u2)
  }

  /// A normal deviate with the given mean and standard deviation.
  @inlinable
  public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
    mean + standardDeviation * normal()
  }

  /// An exponential deviate with the given rate (1/mean).
  @inlinable
  public mutating func exponential(rate: Double) -> Double {
    -_log(1.0 - nextUnitDouble()) / rate
  }

  /// True with probability `p`.
  @inlinable
  public mutating func bernoulli(_ p: Double) -> Bool {
    nextUnitDouble() < p
  }

  /// A geometric deviate: the number of failures before the first success, P(success) = p.
  /// Used to skip over absent synapses when connecting with a fixed probability.
  @inlinable
  public mutating func geometricSkip(logOneMinusP: Double) -> Int {
    let u = 1.0 - nextUnitDouble()  // (0, 1]
    // log(u) ≤ 0 and log(1 − p) < 0, so the quotient is ≥ 0 (or −0) and truncation is its floor: a
    // conversion instead of a call to floor (baseline x86-64 has no rounding instruction).
    let value = _log(u) / logOneMinusP
    // p so small that log(1 − p) is 0 gives 0/0 or ∞: no synapse for as far as can be counted.
    guard value.isFinite, value < Double(Int.max / 2) else { return Int.max / 2 }
    return Int(value)
  }

  /// Fisher–Yates shuffle with this generator (a fixed algorithm, unlike `shuffle(using:)`).
  public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ collection: inout C) where C.Index == Int {
    var i = collection.count - 1
    while i > 0 {
      let j = uniformInt(below: i + 1)
      collection.swapAt(collection.startIndex + i, collection.startIndex + j)
      i -= 1
    }
  }
}

/// SplitMix64, used to expand seeds.
public struct SplitMix64: Sendable {
  /// The generator's whole state.
  public var state: UInt64
  /// A generator starting from `state`.
  public init(state: UInt64) { self.state = state }
  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Hashes that are the same in every process (Swift's `Hasher` is randomly seeded per process).
public enum StableHash {
  /// 64-bit FNV-1a of the UTF-8 bytes.
  public static func fnv1a64(_ string: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in string.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return hash
  }

  /// 64-bit FNV-1a of raw bytes.
  public static func fnv1a64<S: Sequence>(bytes: S) -> UInt64 where S.Element == UInt8 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return hash
  }
}

extension UInt64 {
  @inlinable
  func rotatedLeft(by amount: UInt64) -> UInt64 { (self << amount) | (self >> (64 - amount)) }
}


@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _cos(_ x: Double) -> Double { cos(x) }
