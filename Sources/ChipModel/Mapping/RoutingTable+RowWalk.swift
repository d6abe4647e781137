import SpikeCore

extension RoutingTable {
  /// One projection's rows and cores as plain addresses, so that walking a row (once per spike and
  /// per delivery) copies no arrays and counts no references. The buffers belong to the routing
  /// table's synapse tables and core columns, which never change and outlive every walk.
  struct RowWalk: @unchecked Sendable {
    /// The table's target column and row starts.
    let targets: UnsafePointer<UInt32>
    let rowStart: UnsafePointer<Int>
    /// The core of every target neuron and of every source neuron (-1: off-chip source).
    let targetCores: UnsafePointer<Int32>
    let sourceCores: UnsafePointer<Int32>
    /// Per core: one past its last neuron.
    let coreEnd: UnsafePointer<UInt32>
    /// Neurons of the target population.
    let targetCount: Int
    /// Whether rows are walked by reading every synapse's core (sparse rows) rather than galloping.
    let scans: Bool
    /// Whether the projection's rows are not sorted by target (several delays) and are listed instead.
    let listed: Bool
  }

  /// Calls `body` with each core that the synapses `synapses` of one row (sorted by target) reach and
  /// their synapses there, in ascending core order: by galloping to each core's last neuron, or, for
  /// a walk that `scans`, by reading every synapse's core. Both give the same calls; the scan suits
  /// sparse rows, whose synapses mostly land on different cores: its reads of the cores do not wait
  /// for one another, where each gallop waits for the last core read (in a network of 10^6 neurons
  /// the core table is far from the processor, and that wait was most of a row's cost).
  @inline(__always)
  static func forEachDestinationCore(_ walk: RowWalk, synapses: Range<Int>, _ body: (_ core: Int, _ synapses: Int) -> Void) {
    let targets = walk.targets, cores = walk.targetCores
    if walk.scans {
      var current = -1, count = 0
      for k in synapses {
        let core = Int(cores[Int(targets[k])])
        if core != current {
          if count > 0 { body(current, count) }
          current = core
          count = 0
        }
        count += 1
      }
      if count > 0 { body(current, count) }
      return
    }
    var k = synapses.lowerBound
    while k < synapses.upperBound {
      let core = Int(cores[Int(targets[k])])
      let next = firstIndex(targets, notBelow: walk.coreEnd[core], from: k + 1, to: synapses.upperBound)
      body(core, next - k)
      k = next
    }
  }

  /// The first index in `start..<end` whose target is at least `bound` (`end` if none), for
  /// targets ascending over the range: galloping from `start`, then a binary search.
  @inline(__always)
  static func firstIndex(_ targets: UnsafePointer<UInt32>, notBelow bound: UInt32, from start: Int, to end: Int) -> Int {
    var low = start, high = start, step = 1
    while high < end && targets[high] < bound {
      low = high + 1
      high = low + step
      step &*= 2
    }
    high = min(high, end)
    while low < high {
      let middle = (low + high) >> 1
      if targets[middle] < bound { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
