import SpikeCore

/// For every target neuron, the source neurons whose synapses reach it, in compressed sparse
/// columns: 4 bytes per synapse (a source's index over all populations), where a set per neuron
/// costs several times that. What the mapper needs to count a core's distinct inputs (fan-in).
struct IncomingSources {
  /// Per population: `start[n]..<start[n + 1]` index `sources` for neuron n.
  var start: [[Int]]
  /// Per population: source neurons, as indices over all populations.
  var sources: [[UInt32]]
  /// Neurons over all populations (the range of a source index).
  let totalNeurons: Int

  /// Gathers the sources of every target neuron; `incoming` holds each neuron's synapse count.
  /// - Complexity: O(synapses + neurons).
  init(_ network: Network, incoming: [[Int]]) {
    var offsets: [Int] = []
    var total = 0
    for population in network.populations { offsets.append(total); total += population.size }
    totalNeurons = total
    start = incoming.map { counts in
      var starts = [Int](repeating: 0, count: counts.count + 1)
      for (neuron, count) in counts.enumerated() { starts[neuron + 1] = starts[neuron] + count }
      return starts
    }
    sources = start.map { [UInt32](repeating: 0, count: $0.last ?? 0) }
    var cursor = start
    for projection in network.projections {
      let table = projection.synapses
      let target = projection.target.index
      let base = offsets[projection.source.index]
      table.targets.withUnsafeBufferPointer { targets in
        sources[target].withUnsafeMutableBufferPointer { list in
          cursor[target].withUnsafeMutableBufferPointer { next in
            for source in 0..<table.sourceCount {
              let key = UInt32(truncatingIfNeeded: base + source)
              for k in table.row(source) {
                let neuron = Int(targets[k])
                list[next[neuron]] = key
                next[neuron] += 1
              }
            }
          }
        }
      }
    }
  }

  /// The sources of `neuron` of population `population` (repeated for several synapses).
  func of(population: Int, neuron: Int) -> ArraySlice<UInt32> {
    sources[population][start[population][neuron]..<start[population][neuron + 1]]
  }
}
