/// The events of a run of cores in one tick, and the cores that had any (one thread's slice of the
/// cores, `MonitorSlice`).
struct CoreCounts {
  /// The cores counted; core c is at index c − `cores.lowerBound` of the arrays.
  let cores: Range<Int>
  var synapticOps: [Int]
  var activeUpdates: [Int]
  var messagesSent: [Int]
  /// Cores with events this tick (core numbers), in the order they first had one.
  var touched: [Int] = []
  var touchedFlag: [Bool]

  init(cores: Range<Int>) {
    self.cores = cores
    synapticOps = [Int](repeating: 0, count: cores.count)
    activeUpdates = synapticOps
    messagesSent = synapticOps
    touchedFlag = [Bool](repeating: false, count: cores.count)
  }

  @inline(__always)
  mutating func touch(_ core: Int) {
    let k = core &- cores.lowerBound
    if !touchedFlag[k] { touchedFlag[k] = true; touched.append(core) }
  }

  @inline(__always)
  mutating func add(synapticOps count: Int, on core: Int) {
    synapticOps[core &- cores.lowerBound] += count
    touch(core)
  }

  @inline(__always)
  mutating func addSpike(on core: Int) {
    activeUpdates[core &- cores.lowerBound] += 1
    touch(core)
  }

  /// Messages sent by a core that spiked this tick (`addSpike` touched it).
  @inline(__always)
  mutating func add(messages count: Int, from core: Int) {
    messagesSent[core &- cores.lowerBound] += count
  }

  /// The work of a touched core in this tick: its synaptic events, extra updates of active neurons
  /// and messages sent.
  @inline(__always)
  func events(of core: Int) -> (synapticOps: Int, activeUpdates: Int, messagesSent: Int) {
    let k = core &- cores.lowerBound
    return (synapticOps[k], activeUpdates[k], messagesSent[k])
  }

  /// Zeroes the touched cores' counts for the next tick.
  mutating func clear() {
    for core in touched {
      let k = core &- cores.lowerBound
      synapticOps[k] = 0; activeUpdates[k] = 0; messagesSent[k] = 0; touchedFlag[k] = false
    }
    touched.removeAll(keepingCapacity: true)
  }
}
