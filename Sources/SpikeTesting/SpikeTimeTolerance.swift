/// How close an actual spike time must be to the expected one: the one tolerance convention of
/// every SpikeTesting helper that compares times in seconds. (Chip-time helpers compare whole ticks,
/// exactly.)
public enum SpikeTimeTolerance: Sendable, Equatable, CustomStringConvertible {
  /// |expected − actual| ≤ this many seconds.
  case absolute(Double)
  /// |expected − actual| ≤ this fraction of |expected|.
  case relative(Double)

  /// 10⁻⁹ relative: what the continuous-time engine guarantees against closed-form spike times.
  public static let standard = SpikeTimeTolerance.relative(1e-9)

  /// Whether `actual` is within tolerance of `expected`.
  public func allows(_ expected: Double, _ actual: Double) -> Bool {
    switch self {
    case .absolute(let seconds): return abs(expected - actual) <= seconds
    case .relative(let fraction): return abs(expected - actual) <= fraction * abs(expected)
    }
  }

  /// "±x s" or "±x relative".
  public var description: String {
    switch self {
    case .absolute(let seconds): return "±\(seconds) s"
    case .relative(let fraction): return "±\(fraction) relative"
    }
  }
}
