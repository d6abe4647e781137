import SpikeCore
import SpikelineSupport

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

  /// Threads that read a window (windowed only), and the fewest synapses a window must hold to be
  /// read by more than one.
  let threads: Int, parallelSynapses: Int

  /// The sources of `population` of `network`, whose neurons have `incoming` synapses each; a
  /// window is read on `threads` threads (the same lists for any number).
  init(_ network: Network, population: Int, incoming: [Int], windowSynapses: Int = 1 << 24,
       threads: Int = DeterministicParallel.threadCount, parallelSynapses: Int = 1 << 16) {
    self.windowSynapses = windowSynapses
    self.threads = max(1, threads)
    self.parallelSynapses = parallelSynapses
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
    if windowed && threads > 1 && count >= parallelSynapses {
      loadInParallel(next: &next, parts: threads)
      return
    }
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

  /// `load(from:)` of a window on `parts` threads: the window's neurons are cut into `parts` runs of
  /// about equal synapses, and part m reads, from every row, the synapses onto its run (a row's
  /// targets ascend, so they start where the row's cursor, moved past the runs before, reaches the
  /// run's first neuron). Each neuron's list is written by one part, in row order as one thread would;
  /// the last part's ends become the cursors once all parts are done.
  mutating func loadInParallel(next: inout [Int], parts: Int) {
    let window = self.window
    var bounds = [window.lowerBound]
    for part in 1..<parts {
      let goal = sources.count * part / parts
      var neuron = bounds[bounds.count - 1]
      while neuron < window.upperBound && start[neuron - window.lowerBound] < goal { neuron += 1 }
      bounds.append(neuron)
    }
    bounds.append(window.upperBound)
    for (r, route) in routes.enumerated() {
      let table = route.table
      let rows = table.sourceCount
      let ends = UnsafeMutablePointer<Int>.allocate(capacity: max(rows, 1))
      defer { ends.deallocate() }
      cursors[r].withUnsafeBufferPointer { cursors in
        sources.withUnsafeMutableBufferPointer { list in
          next.withUnsafeMutableBufferPointer { next in
            table.targets.withUnsafeBufferPointer { targets in table.rowStart.withUnsafeBufferPointer { rowStart in
              let shared = LoadParts(cursors: cursors, list: list, next: next, targets: targets, rowStart: rowStart, ends: ends)
              let base = route.base, firstNeuron = window.lowerBound, bounds = bounds
              DeterministicParallel.forEach(parts, threads: parts) { part in
                let low = UInt32(bounds[part]), high = UInt32(bounds[part + 1])
                for source in 0..<rows {
                  let key = UInt32(truncatingIfNeeded: base + source)
                  let rowEnd = shared.rowStart[source + 1]
                  var k = shared.cursors[source]
                  if part > 0 { while k < rowEnd && shared.targets[k] < low { k += 1 } }
                  while k < rowEnd && shared.targets[k] < high {
                    let i = Int(shared.targets[k]) - firstNeuron
                    shared.list[shared.next[i]] = key
                    shared.next[i] += 1
                    k += 1
                  }
                  if part == parts - 1 { shared.ends[source] = k }
                }
              }
            } }
          }
        }
      }
      cursors[r].withUnsafeMutableBufferPointer { cursors in
        for source in 0..<rows { cursors[source] = ends[source] }
      }
    }
  }

  /// What the parts of `loadInParallel` share: each writes only its own neurons' slots of `list` and
  /// `next` (and the last part `ends`); the cursors are only read.
  struct LoadParts: @unchecked Sendable {
    let cursors: UnsafeBufferPointer<Int>
    let list: UnsafeMutableBufferPointer<UInt32>
    let next: UnsafeMutableBufferPointer<Int>
    let targets: UnsafeBufferPointer<UInt32>
    let rowStart: UnsafeBufferPointer<Int>
    let ends: UnsafeMutablePointer<Int>
  }
}
