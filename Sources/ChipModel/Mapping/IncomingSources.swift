import SpikeCore

/// The source neurons whose synapses reach each neuron of one target population (a source's index
/// over all populations, once per synapse), a window of neighbouring neurons at a time: what the
/// mapper needs to count a core's distinct inputs (fan-in) as it grows a core neuron by neuron.
///
/// Neurons must be asked for in ascending order. When every projection into the population has one
/// delay, its rows are sorted by target, and each window is read from the rows through a cursor per
/// row that only moves forward: memory stays at about `windowSynapses` sources (4 bytes each) plus
/// a cursor per row, instead of 4 bytes per synapse of the population. Otherwise (rows sorted by delay
/// first) one window holds the whole population.
struct IncomingSources {
  /// Synapses a window holds at most (unless one neuron has more): by default 2^24, 64 MiB of sources.
  let windowSynapses: Int

  /// A projection into the population and the index over all populations of its first source.
  let routes: [(table: SynapseTable, base: Int)]
  /// Incoming synapses of every neuron of the population.
  let incoming: [Int]
  /// Whether windows are read through row cursors (every route's rows sorted by target).
  let windowed: Bool
  /// Per route and row: the next synapse not yet read (windowed only).
  var cursors: [[Int]]
  /// The neurons of the current window.
  private(set) var window = 0..<0
  /// `start[i]..<start[i + 1]` index `sources` for neuron `window.lowerBound + i`.
  var start: [Int] = []
  var sources: [UInt32] = []

  /// The sources of `population` of `network`, whose neurons have `incoming` synapses each.
  init(_ network: Network, population: Int, incoming: [Int], windowSynapses: Int = 1 << 24) {
    self.windowSynapses = windowSynapses
    var offsets: [Int] = []
    var total = 0
    for population in network.populations { offsets.append(total); total += population.size }
    routes = network.projections.filter { $0.target.index == population }
      .map { (table: $0.synapses, base: offsets[$0.source.index]) }
    self.incoming = incoming
    windowed = routes.allSatisfy { $0.table.uniformDelay != nil }
    cursors = windowed ? routes.map { route in (0..<route.table.sourceCount).map { route.table.rowStart[$0] } } : []
  }

  /// The sources of `neuron` (repeated for several synapses); neurons in ascending order.
  mutating func of(neuron: Int) -> ArraySlice<UInt32> {
    if !window.contains(neuron) { load(from: neuron) }
    let i = neuron - window.lowerBound
    return sources[start[i]..<start[i + 1]]
  }

  /// Reads the window that starts at `first`: as many neurons as fit in `windowSynapses` (at least one).
  /// - Complexity: O(rows + synapses of the window) windowed; O(synapses of the population) otherwise.
  mutating func load(from first: Int) {
    var end = first, count = 0
    if windowed {
      while end < incoming.count && (end == first || count + incoming[end] <= windowSynapses) {
        count += incoming[end]
        end += 1
      }
    } else {
      end = incoming.count
      count = incoming[first...].reduce(0, +)
    }
    window = first..<end
    start = [0]
    start.reserveCapacity(end - first + 1)
    for neuron in window { start.append(start[start.count - 1] + incoming[neuron]) }
    var next = Array(start.dropLast())
    sources = [UInt32](repeating: 0, count: count)
    let low = UInt32(first), high = UInt32(end)
    for (r, route) in routes.enumerated() {
      let table = route.table
      table.targets.withUnsafeBufferPointer { targets in
        sources.withUnsafeMutableBufferPointer { list in
          next.withUnsafeMutableBufferPointer { next in
            for source in 0..<table.sourceCount {
              let key = UInt32(truncatingIfNeeded: route.base + source)
              let row = table.row(source)
              var k = windowed ? cursors[r][source] : row.lowerBound
              while k < row.upperBound && (!windowed || targets[k] < high) {
                let target = targets[k]
                if target >= low && target < high {
                  let i = Int(target - low)
                  list[next[i]] = key
                  next[i] += 1
                }
                k += 1
              }
              if windowed { cursors[r][source] = k }
            }
          }
        }
      }
    }
  }
}
