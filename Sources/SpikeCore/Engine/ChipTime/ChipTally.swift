/// What thread 0 of a free run (`ChipTimeSimulation.runFreely`) counts tick by tick, in raw memory:
/// a write to the recorder's counters goes through two nested arrays (two uniqueness checks and
/// two bounds checks), and thread 0's counting is work the other threads wait for at every hand-over.
/// The tally is folded into the recorder's counters when the run ends, and before each call of an
/// observer that may read them.
///
/// Folding costs O(populations + projections + units that spiked since the last fold).
final class ChipTally: @unchecked Sendable {
  private let populationCount: Int
  private let projectionCount: Int
  /// Per projection: synaptic events delivered.
  private let events: UnsafeMutablePointer<Int>
  /// Per population: spikes.
  private let spikes: UnsafeMutablePointer<Int>
  /// Per unit (global index): spikes since the last fold.
  private let perUnit: UnsafeMutablePointer<UInt32>
  /// The units with a non-zero count in `perUnit`, in the order of their first spike since the last fold.
  private let touched: UnsafeMutablePointer<Int32>
  private var touchedCount = 0
  /// Ticks counted since the last fold (each updates every neuron once).
  private var ticks = 0
  /// Units of the network (the tally fits a simulation with exactly as many).
  let units: Int

  init(units: Int, populations: Int, projections: Int) {
    self.units = units
    populationCount = populations
    projectionCount = projections
    events = .allocate(capacity: max(1, projections))
    events.initialize(repeating: 0, count: max(1, projections))
    spikes = .allocate(capacity: max(1, populations))
    spikes.initialize(repeating: 0, count: max(1, populations))
    perUnit = .allocate(capacity: max(1, units))
    perUnit.initialize(repeating: 0, count: max(1, units))
    touched = .allocate(capacity: max(1, units))
  }

  deinit {
    events.deallocate()
    spikes.deallocate()
    perUnit.deallocate()
    touched.deallocate()
  }

  /// Whether this tally fits a network of `units` units, `populations` populations and `projections` projections.
  func fits(units: Int, populations: Int, projections: Int) -> Bool {
    self.units == units && populationCount == populations && projectionCount == projections
  }

  /// Counts one tick whose deliveries are `deliveries`.
  @inline(__always)
  func countTick(_ deliveries: UnsafeBufferPointer<PendingDelivery>) {
    ticks += 1
    for delivery in deliveries { events[Int(delivery.projection)] += delivery.synapseCount }
  }

  /// Counts one spike of unit `unit` (global index) of population `population`.
  @inline(__always)
  func countSpike(population: Int, unit: Int) {
    spikes[population] += 1
    if perUnit[unit] == 0 {
      touched[touchedCount] = Int32(truncatingIfNeeded: unit)
      touchedCount += 1
    }
    perUnit[unit] &+= 1
  }

  /// Adds everything counted since the last fold to `counters` and starts again from zero.
  /// - Parameters:
  ///   - offsets: the first unit of every population; `sizes`: their sizes; `updates`: whether
  ///     each is a neuron population (updated every tick).
  ///   - targets: the target population of every projection; `outgoing`: per population, the
  ///     projections its spikes enter.
  func fold(into counters: inout SimulationCounters, offsets: [Int], sizes: [Int], updates: [Bool], targets: [Int],
            outgoing: [[Int]]) {
    for projection in 0..<projectionCount where events[projection] != 0 {
      counters.projections[projection].synapticEvents += events[projection]
      counters.populations[targets[projection]].synapticEvents += events[projection]
      events[projection] = 0
    }
    for population in 0..<populationCount {
      if updates[population] { counters.populations[population].neuronUpdates += sizes[population] * ticks }
      guard spikes[population] != 0 else { continue }
      counters.populations[population].spikes += spikes[population]
      for projection in outgoing[population] { counters.projections[projection].spikesIn += spikes[population] }
      spikes[population] = 0
    }
    ticks = 0
    // Units that spiked, back to their population and neuron (populations are contiguous and in order).
    for k in 0..<touchedCount {
      let unit = Int(touched[k])
      // The last population starting at or before the unit (an empty one before it starts there too).
      var low = 0, high = populationCount - 1
      while low < high {
        let middle = (low + high + 1) >> 1
        if offsets[middle] <= unit { low = middle } else { high = middle - 1 }
      }
      let population = low
      counters.spikesPerNeuron[population][unit - offsets[population]] &+= perUnit[unit]
      perUnit[unit] = 0
    }
    touchedCount = 0
  }
}
