import SpikeCore
import SpikeData
import SpikelineSupport

extension NIRLinearMap {
  /// One projection for every path from a population through linear nodes to a population, its
  /// weights the composed map scaled by the target's input gain; and one from each bias source
  /// through the nodes after its node. Rows of the synapse lists are source neurons.
  /// - Throws: `SpikelineError` naming the node whose shape or type does not fit.
  static func projections(_ graph: NIRGraph, sizes: [String: Int], gains: [String: [Double]], tickDuration: Double,
                          continuous: Bool = false) throws -> [JSONValue] {
    var successors: [String: [String]] = [:]
    for edge in graph.edges { successors[edge.source, default: []].append(edge.target) }
    let shapes = try populationShapes(graph)
    var result: [JSONValue] = []
    var names = Set<String>()
    var biasesDone = Set<String>()

    /// The delay the Delay nodes on a path add, seconds (uniform per node).
    func delaySeconds(_ path: [String]) throws -> Double {
      var seconds = 0.0
      for name in path {
        guard case .delay(let delays)? = graph.nodes[name] else { continue }
        guard let first = delays.first, delays.allSatisfy({ $0 == first }), first >= 0 else {
          throw SpikelineError.field("nodes.\(name)", "Delay node: delays that differ between neurons are not supported yet")
        }
        seconds += first
      }
      return seconds
    }

    func emit(_ map: NIRLinearMap, from source: String, to target: String, via path: [String]) throws {
      guard let gain = gains[target], let size = sizes[target] else {
        throw SpikelineError.field("nodes.\(target)", "receives synapses but is not a neuron population")
      }
      guard map.outputs == size else {
        throw SpikelineError.field("nodes.\(path.last ?? source)", "delivers \(map.outputs) values to '\(target)', which has \(size) neurons")
      }
      let count = map.rows.reduce(0) { $0 + $1.count }
      guard count <= Network.maximumSynapseCount else {
        throw SpikelineError.field("nodes.\(path.last ?? source)", "would make \(count) synapses, more than the limit of \(Network.maximumSynapseCount)")
      }
      var synapses: [JSONValue] = []
      for (input, row) in map.rows.enumerated() {
        for (output, weight) in row where weight != 0 {
          synapses.append(.object(["source": .number(Double(input)), "target": .number(Double(output)), "weight": .number(weight * gain[output])]))
        }
      }
      var name = path.isEmpty ? "\(source)->\(target)" : path.joined(separator: "+")
      if names.contains(name) { name += ":\(source)->\(target)" }
      names.insert(name)
      result.append(.object(["name": .string(name), "source": .string(source), "target": .string(target),
                             "connector": .object(["synapses": .array(synapses)]),
                             "delay": continuous ? .number(try delaySeconds(path))
                               : .object(["ticks": .number(1 + ((try delaySeconds(path)) / tickDuration).rounded())])]))
    }

    func walk(from source: String, start: String, map initial: NIRLinearMap, path: [String]) throws {
      var stack = [(start, initial, path)]
      var steps = 0
      while let (node, current, trail) = stack.popLast() {
        steps += 1
        guard steps <= 100 * max(graph.nodes.count, 1) else {
          throw SpikelineError.field("nodes.\(node)", "linear nodes form a loop without a neuron population")
        }
        for next in successors[node] ?? [] {
          let nextNode = graph.nodes[next]
          if isPopulation(nextNode) {
            try emit(current, from: source, to: next, via: trail)
          } else if isLinear(nextNode), let nextNode {
            let step = try NIRLinearMap.map(next, nextNode, input: current.outputShape)
            let composed = current.then(step)
            if sizes[next + ".bias"] != nil, biasesDone.insert(next).inserted, let bias = bias(of: nextNode) {
              let perChannel = step.outputs / max(bias.count, 1)
              let row = (0..<step.outputs).map { ($0, bias[min($0 / max(perChannel, 1), bias.count - 1)]) }
              let biasMap = NIRLinearMap(inputs: 1, outputs: step.outputs, outputShape: step.outputShape, rows: [row])
              try walk(from: next + ".bias", start: next, map: biasMap, path: [next + ".bias"])
            }
            stack.append((next, composed, trail + [next]))
          } else if case .output? = nextNode {
            continue
          } else {
            throw SpikelineError.field("nodes.\(next)", "\(nextNode?.typeName ?? "missing") node cannot be mapped to Spikeline yet")
          }
        }
      }
    }

    for name in graph.nodes.keys.sorted() where isPopulation(graph.nodes[name]) {
      guard let shape = shapes[name] ?? sizes[name].map({ [$0] }) else { continue }
      try walk(from: name, start: name, map: .identity(shape: shape), path: [])
    }
    return result
  }
}
