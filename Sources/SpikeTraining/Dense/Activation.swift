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
    switch self {
    case .relu: for i in y.values.indices where y.values[i] < 0 { y.values[i] = 0 }
    case .identity: break
    case .sigmoid: for i in y.values.indices { y.values[i] = 1 / (1 + exp(-y.values[i])) }
    }
    return y
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
        y.values.withUnsafeBufferPointer { out in for i in dx.indices where out[i] <= 0 { dx[i] = 0 } }
      }
    case .identity: break
    case .sigmoid:
      d.values.withUnsafeMutableBufferPointer { dx in
        y.values.withUnsafeBufferPointer { out in for i in dx.indices { dx[i] *= out[i] * (1 - out[i]) } }
      }
    }
  }
}
