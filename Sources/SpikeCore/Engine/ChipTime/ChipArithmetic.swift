import SpikelineSupport

/// The number system of a chip-time run.
public enum ChipArithmetic: Hashable, Sendable {
  /// IEEE single precision (the default).
  case floatingPoint
  /// Integers with the given widths.
  case fixedPoint(FixedPointFormat)

  /// The fixed-point format, if any.
  public var format: FixedPointFormat? {
    if case .fixedPoint(let format) = self { return format }
    return nil
  }
}
