import SpikelineSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Element-wise activations.
public enum Activation: String, Sendable, Codable {
  /// max(0, x), x, and 1/(1 + e^(−x)).
  case relu, identity, sigmoid

  /// The activation of every element of `x`.
  public func apply(_ x: Matrix) -> Matrix {
    var y = x
    apply(&y)
    return y
  }

  /// Applies the activation to every element of `x` in place (ReLU eight lanes at a time).
  public func apply(_ x: inout Matrix) {
    switch self {
    case .relu:
      x.values.withUnsafeMutableBufferPointer { v in
        guard let base = v.baseAddress else { return }
        var i = 0
        while i + 8 <= v.count {
          let raw = UnsafeMutableRawPointer(base + i), lanes = raw.loadUnaligned(as: SIMD8<Float>.self)
          raw.storeBytes(of: lanes.replacing(with: 0, where: lanes .< 0), as: SIMD8<Float>.self)
          i += 8
        }
        while i < v.count { if v[i] < 0 { v[i] = 0 }; i += 1 }
      }
    case .identity: break
    case .sigmoid: x.values.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] = 1 / (1 + exp(-v[i])) } }
    }
  }

  /// d loss / d pre-activation from d loss / d output (`y` is the output).
  public func backward(_ y: Matrix, _ dy: Matrix) -> Matrix {
    var dx = dy
    backward(y, &dx)
    return dx
  }

  /// Turns d loss / d output into d loss / d pre-activation in place (`y` is the output).
  public func backward(_ y: Matrix, _ d: inout Matrix) {
    precondition(y.values.count == d.values.count, "internal error: activation gradient of \(d.values.count) values for \(y.values.count) outputs")
    switch self {
    case .relu:
      d.values.withUnsafeMutableBufferPointer { dx in
        y.values.withUnsafeBufferPointer { out in
          // Eight lanes at a time, without a branch per element (half the outputs are zero: a branch
          // mispredicted on every other element made this loop 3 % of a training step).
          guard let dBase = dx.baseAddress, let yBase = out.baseAddress else { return }
          var i = 0
          while i + 8 <= dx.count {
            let raw = UnsafeMutableRawPointer(dBase + i), lanes = raw.loadUnaligned(as: SIMD8<Float>.self)
            let outputs = UnsafeRawPointer(yBase + i).loadUnaligned(as: SIMD8<Float>.self)
            raw.storeBytes(of: lanes.replacing(with: 0, where: outputs .<= 0), as: SIMD8<Float>.self)
            i += 8
          }
          while i < dx.count { if out[i] <= 0 { dx[i] = 0 }; i += 1 }
        }
      }
    case .identity: break
    case .sigmoid:
      d.values.withUnsafeMutableBufferPointer { dx in
        y.values.withUnsafeBufferPointer { out in for i in dx.indices { dx[i] *= out[i] * (1 - out[i]) } }
      }
    }
  }
}
