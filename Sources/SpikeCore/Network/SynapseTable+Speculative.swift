#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SpikelineSupport

/// Where pass 1 of `SynapseTable.buildSpeculatively` writes a row's targets: the rest of its chunk's slot.
struct TargetWriter {
  let base: UnsafeMutablePointer<UInt32>
  let capacity: Int
  private(set) var count = 0
  /// Set when a target did not fit (it and all later ones are dropped).
  private(set) var overflowed = false

  init(base: UnsafeMutablePointer<UInt32>, capacity: Int) {
    self.base = base
    self.capacity = capacity
  }

  @inline(__always)
  mutating func append(_ target: UInt32) {
    if count < capacity { base[count] = target; count += 1 } else { overflowed = true }
  }
}

extension SynapseTable {
  /// Builds a table whose rows are expensive to draw (a probability connector's geometric skips) with
  /// one pass over the random draws instead of two. Pass 1 writes each chunk of rows' targets into a
  /// slot of one allocation, sized for `expectedRowLength` synapses per row plus eight standard
  /// deviations (a Poisson count's) and 64; the slots are then moved together in row order, so the
  /// targets end where the two-pass `build` would put them. Pass 2 writes the weights (and delays) of
  /// each row, whose draws are cheap, through `fillValues`.
  ///
  /// Peak resident memory is the final table plus 4 bytes per row (each row's dropped count): a slot's
  /// slack that is never written takes address space only, and the pages left beyond the table after
  /// the move are given back. The result is the same as `build` with the same rows, for any number of
  /// threads.
  ///
  /// - Parameters:
  ///   - generateRow: writes row i's kept targets in order and returns how many synapses it made
  ///     before the kept ones (whose values `fillValues` must draw and drop).
  ///   - fillValues: (row, dropped, count, writer): the row's weights and delays; its targets are written.
  /// - Returns: nil if a chunk drew more synapses than its slot holds (then build with `build`).
  static func buildSpeculatively(sourceCount: Int, targetCount: Int, perSynapseDelays: Bool, uniformDelay: Double,
                                 weightStorage: WeightStorage, threads: Int, expectedRowLength: Double,
                                 generateRow: @Sendable (Int, inout TargetWriter) -> Int, check: (Int) throws -> Void,
                                 fillValues: @Sendable (Int, Int, Int, RowWriter) -> Void) throws -> SynapseTable? {
    let chunks = (sourceCount + rowsPerChunk - 1) / rowsPerChunk
    @Sendable func rows(of chunk: Int) -> Range<Int> { (chunk * rowsPerChunk)..<min(sourceCount, (chunk + 1) * rowsPerChunk) }
    // Slot c starts at slotStart[c]; a slot's size depends only on its row count.
    var slotStart = [Int](repeating: 0, count: chunks + 1)
    for chunk in 0..<chunks {
      let mean = max(0, expectedRowLength) * Double(rows(of: chunk).count)
      slotStart[chunk + 1] = slotStart[chunk] + Int((mean + 8 * mean.squareRoot()).rounded(.up)) + 64
    }
    let capacity = slotStart[chunks]
    guard capacity <= Network.maximumSynapseCount else { return nil }
    let slots = LargeAllocation.allocate(UInt32.self, capacity: capacity)
    var adopted = false
    defer { if !adopted { slots.deallocate() } }

    var start = [Int](repeating: 0, count: sourceCount + 1)
    // Each row's dropped count (synapses made before the kept targets), for pass 2.
    let dropped = UnsafeMutablePointer<Int32>.allocate(capacity: max(sourceCount, 1))
    dropped.initialize(repeating: 0, count: max(sourceCount, 1))
    defer { dropped.deallocate() }
    let drops = DisjointWrites(base: dropped)
    let overflow = Atomic<Bool>(false)
    start.withUnsafeMutableBufferPointer { startBuffer in
      slotStart.withUnsafeBufferPointer { slotBuffer in
        guard let startBase = startBuffer.baseAddress, let slotBase = slotBuffer.baseAddress else { return }
        let lengths = DisjointWrites(base: startBase + 1)
        let slotStarts = UnsafeSendable(slotBase), targets = DisjointWrites(base: slots)
        DeterministicParallel.forEach(chunks, threads: threads) { chunk in
          let first = slotStarts.value[chunk]
          var writer = TargetWriter(base: targets.base + first, capacity: slotStarts.value[chunk + 1] - first)
          for row in rows(of: chunk) {
            let before = writer.count
            drops.base[row] = Int32(clamping: generateRow(row, &writer))
            lengths.base[row] = writer.count - before
          }
          if writer.overflowed { overflow.store(true, ordering: .relaxed) }
        }
      }
    }
    if overflow.load(ordering: .relaxed) { return nil }
    for i in 0..<sourceCount { start[i + 1] += start[i] }
    let total = start[sourceCount]
    try check(total)

    // Close the gaps: chunk by chunk in row order, each moves down (or stays), onto memory that is
    // either its own or already moved.
    for chunk in 0..<chunks {
      let rowsHere = rows(of: chunk)
      guard let firstRow = rowsHere.first else { continue }
      let destination = start[firstRow], source = slotStart[chunk], count = start[rowsHere.upperBound] - destination
      if destination != source && count > 0 { (slots + destination).update(from: slots + source, count: count) }
    }
    releasePages(of: slots, from: total, to: capacity)
    let targets = SynapseColumn<UInt32>(adopting: slots, count: total)
    adopted = true

    let rowStart = start
    return finish(sourceCount: sourceCount, targetCount: targetCount, rowStart: start, targets: targets,
                  perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay, weightStorage: weightStorage,
                  threads: threads) { row, writer in
      fillValues(row, Int(drops.base[row]), rowStart[row + 1] - rowStart[row], writer)
    }
  }

  /// Gives the whole pages of `buffer[from..<to]` back to the system (the slots' unused slack).
  private static func releasePages(of buffer: UnsafeMutablePointer<UInt32>, from: Int, to: Int) {
    #if canImport(Glibc)
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    guard page > 0 else { return }
    let low = (Int(bitPattern: buffer + from) + page - 1) / page * page
    let high = Int(bitPattern: buffer + to) / page * page
    if high > low, let address = UnsafeMutableRawPointer(bitPattern: low) {
      _ = madvise(address, high - low, Int32(MADV_DONTNEED))
    }
    #endif
  }
}
