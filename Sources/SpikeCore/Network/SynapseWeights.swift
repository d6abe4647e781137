/// The weights of a `SynapseTable`: single-precision volts (4 bytes per synapse), or the integers
/// of a chip's fixed-point format (2 bytes per synapse), as a network stores them when it will run
/// in that arithmetic (`Network.storeWeights(as:)`).
///
/// Reading a weight always gives volts: a fixed-point weight is its integer times the format's
/// volts per unit, rounded to single precision.
public struct SynapseWeights: RandomAccessCollection, Sendable, Equatable {
  @usableFromInline
  enum Storage: Sendable, Equatable {
    case singlePrecision(SynapseColumn<Float>)
    /// Integers of `format` (its `weightBits` ≤ 16).
    case fixedPoint(SynapseColumn<Int16>, FixedPointFormat)
  }

  @usableFromInline let storage: Storage

  init(_ storage: Storage) { self.storage = storage }

  init(_ column: SynapseColumn<Float>) { storage = .singlePrecision(column) }

  public var startIndex: Int { 0 }
  public var endIndex: Int {
    switch storage {
    case .singlePrecision(let column): return column.count
    case .fixedPoint(let column, _): return column.count
    }
  }

  /// The weight of synapse `position`, volts.
  @inlinable
  public subscript(position: Int) -> Float {
    switch storage {
    case .singlePrecision(let column): return column[position]
    case .fixedPoint(let column, let format): return Float(Double(column[position]) * format.voltsPerUnit)
    }
  }

  /// The fixed-point format the weights are stored in (nil: single precision).
  public var fixedPointFormat: FixedPointFormat? {
    if case .fixedPoint(_, let format) = storage { return format }
    return nil
  }

  /// Bytes held per synapse: 4 (single precision) or 2 (fixed point).
  public var bytesPerSynapse: Int { fixedPointFormat == nil ? 4 : 2 }

  /// Bytes of memory held.
  public var storageBytes: Int {
    switch storage {
    case .singlePrecision(let column): return column.storageBytes
    case .fixedPoint(let column, _): return column.storageBytes
    }
  }

  /// The single-precision column, if that is how the weights are stored.
  var singlePrecision: SynapseColumn<Float>? {
    if case .singlePrecision(let column) = storage { return column }
    return nil
  }

  /// The integer column and its format, if the weights are stored in fixed point.
  var fixedPoint: (column: SynapseColumn<Int16>, format: FixedPointFormat)? {
    if case .fixedPoint(let column, let format) = storage { return (column, format) }
    return nil
  }

  /// The same weights as integers of `format` (saturated at its weight range), the way the chip-time
  /// engine quantizes single-precision weights. `format.weightBits` must be at most 16.
  func quantized(_ format: FixedPointFormat) -> SynapseWeights {
    precondition(format.weightBits <= 16, "fixed-point weights are stored in 16 bits")
    if fixedPointFormat == format { return self }
    let codes = SynapseColumn<Int16>(uninitializedCount: count) { base in
      for k in 0..<count { base[k] = Int16(format.quantize(weight: Double(self[k]))) }
    }
    return SynapseWeights(.fixedPoint(codes, format))
  }
}

/// How a network stores its synapse weights.
public enum WeightStorage: Sendable, Equatable {
  /// Single-precision volts, 4 bytes per synapse (the default).
  case singlePrecision
  /// Integers of a chip's fixed-point format, 2 bytes per synapse (`weightBits` ≤ 16): what a
  /// network that only ever runs in that arithmetic needs.
  case fixedPoint(FixedPointFormat)

  /// Bytes per synapse for the weight.
  public var bytesPerSynapse: Int {
    if case .fixedPoint = self { return 2 }
    return 4
  }
}
