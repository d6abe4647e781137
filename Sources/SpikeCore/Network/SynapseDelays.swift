/// The delays of a `SynapseTable`, stored as compactly as their values allow: one delay shared by
/// the whole projection (no bytes per synapse), a palette of distinct delays with a one- or
/// two-byte code per synapse, or, for delays drawn from a continuous range, eight bytes per synapse.
public enum SynapseDelays: Sendable, Equatable {
  /// Every synapse has this delay, seconds.
  case uniform(Double)
  /// Synapse k has delay `values[codes[k]]`, seconds; `values` ascending, at most 256 of them.
  case palette8(values: [Double], codes: SynapseColumn<UInt8>)
  /// Synapse k has delay `values[codes[k]]`, seconds; `values` ascending, at most 65,536 of them.
  case palette16(values: [Double], codes: SynapseColumn<UInt16>)
  /// Synapse k has delay `delays[k]`, seconds.
  case perSynapse(SynapseColumn<Double>)

  /// The delay of synapse `k`, seconds.
  @inlinable
  public subscript(k: Int) -> Double {
    switch self {
    case .uniform(let delay): return delay
    case .palette8(let values, let codes): return values[Int(codes[k])]
    case .palette16(let values, let codes): return values[Int(codes[k])]
    case .perSynapse(let delays): return delays[k]
    }
  }

  /// The delay shared by every synapse, seconds, if the delays are stored that way.
  public var uniformValue: Double? {
    if case .uniform(let delay) = self { return delay }
    return nil
  }

  /// The distinct delays, seconds, ascending (nil when every synapse stores its own delay).
  public var palette: [Double]? {
    switch self {
    case .uniform(let delay): return [delay]
    case .palette8(let values, _), .palette16(let values, _): return values
    case .perSynapse: return nil
    }
  }

  /// The palette index of synapse `k` (0 for a uniform delay); only for palette storage.
  @inlinable
  func code(_ k: Int) -> Int {
    switch self {
    case .uniform: return 0
    case .palette8(_, let codes): return Int(codes[k])
    case .palette16(_, let codes): return Int(codes[k])
    case .perSynapse: preconditionFailure("per-synapse delays have no palette codes")
    }
  }

  /// Bytes held per synapse (0, 1, 2 or 8).
  public var bytesPerSynapse: Int {
    switch self {
    case .uniform: return 0
    case .palette8: return 1
    case .palette16: return 2
    case .perSynapse: return 8
    }
  }

  /// Bytes of memory held for `count` synapses.
  func storageBytes(count: Int) -> Int {
    switch self {
    case .uniform: return 0
    case .palette8(let values, let codes): return values.count * 8 + codes.storageBytes
    case .palette16(let values, let codes): return values.count * 8 + codes.storageBytes
    case .perSynapse(let delays): return delays.storageBytes
    }
  }

  /// The most compact storage of per-synapse `delays` (seconds): uniform, a palette, or as they are.
  static func compact(_ delays: SynapseColumn<Double>) -> SynapseDelays {
    guard let first = delays.first else { return .uniform(1e-3) }
    if delays.allSatisfy({ $0 == first }) { return .uniform(first) }
    var distinct = Set<Double>()
    for delay in delays {
      distinct.insert(delay)
      if distinct.count > 65_536 { return .perSynapse(delays) }
    }
    let values = distinct.sorted()
    var index: [Double: Int] = [:]
    for (position, value) in values.enumerated() { index[value] = position }
    if values.count <= 256 {
      return .palette8(values: values, codes: SynapseColumn(uninitializedCount: delays.count) { codes in
        for k in 0..<delays.count { codes[k] = UInt8(index[delays[k]] ?? 0) }
      })
    }
    return .palette16(values: values, codes: SynapseColumn(uninitializedCount: delays.count) { codes in
      for k in 0..<delays.count { codes[k] = UInt16(index[delays[k]] ?? 0) }
    })
  }
}
