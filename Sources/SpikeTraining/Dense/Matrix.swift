import SpikelineSupport

/// A row-major matrix of single-precision values: one row per sample of a batch.
public struct Matrix: Sendable, Equatable {
  /// Rows (samples of a batch).
  public var rows: Int
  /// Columns (features).
  public var columns: Int
  /// The values, row after row.
  public var values: [Float]

  /// A matrix of `values`, row-major.
  /// - Precondition: `values.count == rows × columns`.
  public init(rows: Int, columns: Int, values: [Float]) {
    precondition(values.count == rows * columns, "internal error: \(values.count) values for \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A `rows` × `columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    self.init(rows: rows, columns: columns, values: [Float](repeating: value, count: rows * columns))
  }

  /// Makes the matrix `rows` × `columns`, keeping its storage when the element count is unchanged
  /// (values are then unspecified until written) and otherwise zero-filling a resized array.
  public mutating func reshape(rows: Int, columns: Int) {
    if values.count != rows * columns { values = [Float](repeating: 0, count: rows * columns) }
    self.rows = rows
    self.columns = columns
  }

  /// Multiplies every element by the element of `other` at the same place.
  public mutating func multiply(by other: Matrix) {
    precondition(other.values.count == values.count, "internal error: \(rows)×\(columns) ⊙ \(other.rows)×\(other.columns)")
    values.withUnsafeMutableBufferPointer { v in other.values.withUnsafeBufferPointer { o in for i in v.indices { v[i] *= o[i] } } }
  }

  /// The element at `row`, `column`.
  public subscript(row: Int, column: Int) -> Float {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// Row `index`, without copying.
  public func row(_ index: Int) -> ArraySlice<Float> { values[(index * columns)..<((index + 1) * columns)] }

  /// Rows `range` as a new matrix.
  public func rows(_ range: Range<Int>) -> Matrix {
    Matrix(rows: range.count, columns: columns, values: Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)]))
  }

  /// The rows of `a` then the rows of `b`.
  public static func stacked(_ a: Matrix, _ b: Matrix) -> Matrix {
    precondition(a.columns == b.columns || a.rows == 0 || b.rows == 0)
    return Matrix(rows: a.rows + b.rows, columns: max(a.columns, b.columns), values: a.values + b.values)
  }
}
