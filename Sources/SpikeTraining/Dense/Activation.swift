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
    switch self {
    case .relu: for i in dx.values.indices where y.values[i] <= 0 { dx.values[i] = 0 }
    case .identity: break
    case .sigmoid: for i in dx.values.indices { dx.values[i] *= y.values[i] * (1 - y.values[i]) }
    }
    return dx
  }
}
