/// The contents of an HDF5 dataset, converted to Swift values.
public enum HDF5Value: Sendable, Equatable {
  /// Numbers (integers and floats alike, as `Double`), row-major, with the dataset's shape
  /// (empty for a scalar).
  case numbers(shape: [Int], values: [Double])
  /// Strings (fixed or variable length, UTF-8 or ASCII), row-major, with the dataset's shape.
  case strings(shape: [Int], values: [String])

  /// The dataset's shape (empty for a scalar).
  public var shape: [Int] {
    switch self {
    case .numbers(let shape, _), .strings(let shape, _): return shape
    }
  }
}
