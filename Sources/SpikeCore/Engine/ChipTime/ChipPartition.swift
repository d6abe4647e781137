import SpikelineSupport

/// The neurons one thread of the chip-time engine owns, as a chip's core owns its neurons: a
/// contiguous slice of every population. The thread delivers only the synapses that end on its
/// neurons and updates only its neurons, so threads never write the same memory within a tick.
///
/// Why results are byte-identical for any thread count: a neuron's input is the sum of the weights
/// delivered to it, added in the order of the tick's delivery list and, within a delivery, in
/// synapse order. Every thread walks the whole list in that order and keeps the synapses onto its own
/// neurons (a delivery's synapses are sorted by target: cuts found once per row, `RowCuts`, or a
/// binary search), so each neuron sees
/// the same additions in the same order however the neurons are split. Spikes are gathered after the
/// tick's barrier (or hand-over) in population order, then neuron order, as one thread would find them.
final class ChipPartition: @unchecked Sendable {
  /// Neurons with fewer than this many per thread run on fewer threads (when the count is automatic).
  /// Below it, a thread's share of a tick is a microsecond or two of work, and meeting the other
  /// threads every tick (and waiting for the slowest) takes about what the split saves: on a 2-vCPU
  /// Intel Xeon VM, two threads ran CUBA-shaped networks of 4000 neurons at 1.0x (build for the CPU)
  /// to 1.2x (default build) the speed of one, and 10^4 neurons at 1.2–1.4x (README: Threads).
  static let minimumNeuronsPerThread = 5_000
  /// Slices start at multiples of 16 units (64 bytes of `Float` state), so threads never share a cache line.
  static let alignment = 16

  /// For each population, the population-local neuron indices this thread owns.
  let ranges: [Range<Int>]
  /// Room for the global indices of this thread's neurons that spiked in a tick: population p's
  /// list starts at `spikerStart[p]` and has room for every neuron of `ranges[p]`. A fixed block, so
  /// the neuron update writes it with no call and no growth (a call inside the loop would make the
  /// compiler keep the vector coefficients in memory instead of registers).
  private let spikerStorage: UnsafeMutablePointer<Int32>
  private let spikerStart: [Int]
  /// Per population: how many neurons of this slice spiked this tick.
  private let spikerCounts: UnsafeMutablePointer<Int>
  /// This slice's place among the threads' slices, and per projection where each row is cut between
  /// them (empty until `prepareRowCuts`; nil for rows of several delays: a thread without cuts searches
  /// each delivery's synapses).
  var part = 0
  var rowCuts: [RowCuts?] = []

  init(ranges: [Range<Int>]) {
    self.ranges = ranges
    var starts: [Int] = [], total = 0
    for range in ranges { starts.append(total); total += range.count }
    spikerStart = starts
    // Each on cache lines of its own: the threads write their partitions' lists every tick.
    spikerStorage = Self.allocateLines(of: Int32.self, count: max(total, 1))
    spikerCounts = Self.allocateLines(of: Int.self, count: max(ranges.count, 1))
    spikerCounts.initialize(repeating: 0, count: max(ranges.count, 1))
  }

  deinit {
    UnsafeMutableRawPointer(spikerStorage).deallocate()
    UnsafeMutableRawPointer(spikerCounts).deallocate()
  }

  /// Room for `count` elements on whole cache lines (64-byte aligned, rounded up to a line).
  private static func allocateLines<Element>(of: Element.Type, count: Int) -> UnsafeMutablePointer<Element> {
    let bytes = (count * MemoryLayout<Element>.stride + 63) / 64 * 64
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64).bindMemory(to: Element.self, capacity: count)
  }

  /// The global indices of this thread's neurons of population `population` that spiked this tick, in neuron order.
  @inline(__always)
  func spiked(_ population: Int) -> UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(start: spikerStorage + spikerStart[population], count: spikerCounts[population])
  }

  /// Lists the spikers of population `population` for this tick: `fill` writes them from the pointer
  /// it gets (room for every neuron of the slice) and returns how many it wrote.
  @inline(__always)
  func listSpikers(of population: Int, _ fill: (UnsafeMutablePointer<Int32>) -> Int) {
    spikerCounts[population] = fill(spikerStorage + spikerStart[population])
  }

  /// The threads to use: `requested` if given (at least 1); otherwise `SPIKELINE_THREADS` or the
  /// processor count, but no more than one per `minimumNeuronsPerThread` neurons.
  static func threadCount(requested: Int?, neurons: Int) -> Int {
    if let requested { return max(1, requested) }
    return max(1, min(DeterministicParallel.threadCount, neurons / minimumNeuronsPerThread))
  }

  /// The slice of every population that this process owns: all of it without ranks, else its
  /// rank's share of a split into `rankCount` slices.
  static func rankSlices(populationSizes: [Int], exchange: SpikeExchange?) -> [Range<Int>] {
    guard let exchange, exchange.rankCount > 1 else { return populationSizes.map { 0..<$0 } }
    return split(populationSizes: populationSizes, threads: exchange.rankCount)[exchange.rank].ranges
  }

  /// Splits every population into `threads` aligned, contiguous slices.
  static func split(populationSizes: [Int], threads: Int) -> [ChipPartition] {
    split(populationSizes.map { 0..<$0 }, threads: threads)
  }

  /// Splits each population's range of local neuron indices (a rank's share, or the whole population)
  /// into `threads` contiguous slices whose inner bounds are multiples of `alignment`.
  static func split(_ owned: [Range<Int>], threads: Int) -> [ChipPartition] {
    func bound(_ range: Range<Int>, _ member: Int) -> Int {
      if member == 0 { return range.lowerBound }
      if member == threads { return range.upperBound }
      let even = range.lowerBound + range.count * member / threads
      return min(range.upperBound, max(range.lowerBound, (even + alignment - 1) / alignment * alignment))
    }
    return (0..<threads).map { member in
      ChipPartition(ranges: owned.map { range in bound(range, member)..<bound(range, member + 1) })
    }
  }
}
