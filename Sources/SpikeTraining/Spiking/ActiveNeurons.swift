/// The neurons of one layer that spiked in one sample, step by step: step t's are
/// `index[start[t]..<start[t + 1]]`, in neuron order. Storage is allocated once per workspace and read
/// through pointers, so the forward and backward loops pay no exclusivity or reference-counting checks.
final class ActiveNeurons: @unchecked Sendable {
  /// `steps + 1` offsets into `index`.
  let start: UnsafeMutablePointer<Int32>
  /// Neuron indices; room for every neuron at every step (the gradient-check mode lists them all),
  /// plus eight spare slots that the forward pass's branch-free listing may write past the end.
  let index: UnsafeMutablePointer<UInt16>
  let steps: Int
  let capacity: Int

  init(steps: Int, width: Int) {
    self.steps = steps
    capacity = max(steps * width, 1)
    start = .allocate(capacity: steps + 1)
    start.initialize(repeating: 0, count: steps + 1)
    index = .allocate(capacity: capacity + 8)
    index.initialize(repeating: 0, count: capacity + 8)
  }

  deinit {
    start.deallocate()
    index.deallocate()
  }

  /// The positions in `index` of the neurons active at `step`.
  @inline(__always)
  func range(at step: Int) -> Range<Int> { Int(start[step])..<Int(start[step + 1]) }

  /// Active neurons over all steps recorded so far (up to the last step's end).
  var total: Int { Int(start[steps]) }

  /// For each 8-bit mask of lanes, the set lanes' numbers in order, packed to the front (the rest 0):
  /// entry 0b1010_0100 is (2, 5, 7, 0, 0, 0, 0, 0). Lists the spiking neurons of a group of eight.
  static let packedLanes: [SIMD8<UInt16>] = (0..<256).map { mask in
    var lanes = SIMD8<UInt16>(repeating: 0)
    var next = 0
    for lane in 0..<8 where mask & (1 << lane) != 0 {
      lanes[next] = UInt16(lane)
      next += 1
    }
    return lanes
  }

  /// The lanes of `mask` as the bits of a byte (lane i → bit i), the index into `packedLanes`: each
  /// lane narrowed to a byte (0xFF or 0), bit i kept in byte i, and the eight bytes summed into the top
  /// one by one multiplication (the bits are distinct, so nothing carries). A sum over the lanes
  /// compiled to a lane-by-lane extraction.
  @inline(__always)
  static func laneBits(of mask: SIMDMask<SIMD8<Int32>>) -> Int {
    let bytes = SIMD8<UInt8>(truncatingIfNeeded: SIMD8<Int32>(repeating: 0).replacing(with: -1, where: mask))
    let word = unsafeBitCast(bytes, to: UInt64.self) & 0x8040_2010_0804_0201
    return Int(truncatingIfNeeded: (word &* 0x0101_0101_0101_0101) &>> 56)
  }

  /// For each 8-bit mask of lanes, the number of set lanes (baseline x86-64 has no population count).
  static let laneCounts: [UInt8] = (0..<256).map { UInt8(($0 as Int).nonzeroBitCount) }

  /// `packedLanes` and `laneCounts` in memory that is never freed or written after it is filled, so
  /// that the forward pass reads them through a pointer (no array access, retain or release per step).
  nonisolated(unsafe) static let packedLanesPointer: UnsafePointer<SIMD8<UInt16>> = permanentCopy(of: packedLanes)
  nonisolated(unsafe) static let laneCountsPointer: UnsafePointer<UInt8> = permanentCopy(of: laneCounts)

  private static func permanentCopy<T>(of table: [T]) -> UnsafePointer<T> {
    let copy = UnsafeMutablePointer<T>.allocate(capacity: table.count)
    copy.initialize(from: table, count: table.count)
    return UnsafePointer(copy)
  }

  /// The offsets as an array (for a sparse spike train).
  var starts: [Int32] { Array(UnsafeBufferPointer(start: start, count: steps + 1)) }
  /// The neuron indices of all steps as an array.
  var indices: [UInt16] { Array(UnsafeBufferPointer(start: index, count: total)) }
}
