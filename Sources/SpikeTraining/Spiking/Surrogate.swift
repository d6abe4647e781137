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

  /// `derivative` of eight values at once (the same operations per lane, so the same results).
  @inline(__always)
  func derivative(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let one = SIMD8<Float>(repeating: 1)
    switch self {
    case .fastSigmoid(let k):
      let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & SIMD8<UInt32>(repeating: 0x7fff_ffff), to: SIMD8<Float>.self)
      let d = SIMD8<Float>(repeating: k) * magnitude + one
      return one / (d * d)
    case .arctan(let k):
      let y = SIMD8<Float>(repeating: Float.pi * k) * x / SIMD8<Float>(repeating: 2)
      return SIMD8<Float>(repeating: k / 2) / (one + y * y)
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
