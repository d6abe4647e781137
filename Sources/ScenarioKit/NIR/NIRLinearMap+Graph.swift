import SpikeData
import SpikelineSupport

extension NIRLinearMap {
  /// True for the nodes that are linear maps between populations.
  static func isLinear(_ node: NIRNode?) -> Bool {
    switch node {
    case .affine?, .linear?, .convolution?, .pooling?, .scale?, .flatten?, .delay?: return true
    default: return false
    }
  }

  /// True for the nodes that become populations.
  static func isPopulation(_ node: NIRNode?) -> Bool {
    switch node {
    case .input?, .lif?, .cubaLIF?, .li?, .cubaLI?, .integrateAndFire?, .integrator?, .threshold?: return true
    default: return false
    }
  }

  /// A node's bias per output channel, if it has one.
  static func bias(of node: NIRNode?) -> [Double]? {
    switch node {
    case .affine(_, let bias)?, .convolution(_, _, let bias, _, _, _, _, _)?: return bias
    default: return nil
    }
  }

  /// A population's own shape: the Input's, or its parameters' as stored (nil when they are one scalar).
  static func ownShape(_ name: String, _ graph: NIRGraph) -> [Int]? {
    switch graph.nodes[name] {
    case .input(let shape)?: return shape
    case .lif(let tau, _, _, _, _)?, .li(let tau, _, _)?, .cubaLIF(let tau, _, _, _, _, _, _)?, .cubaLI(let tau, _, _, _, _)?:
      guard tau.count > 1 else { return nil }
      return graph.parameterShapes[name].flatMap { $0.reduce(1, *) == tau.count ? $0 : nil } ?? [tau.count]
    case .integrateAndFire(let r, _, _)?, .integrator(let r)?, .threshold(let r)?:
      guard r.count > 1 else { return nil }
      return graph.parameterShapes[name].flatMap { $0.reduce(1, *) == r.count ? $0 : nil } ?? [r.count]
    default: return nil
    }
  }

  /// The map a linear node applies to an input of `shape`.
  /// - Throws: `SpikelineError` naming the node when the shapes do not fit.
  static func map(_ name: String, _ node: NIRNode, input shape: [Int]) throws -> NIRLinearMap {
    func fail(_ message: String) -> SpikelineError { SpikelineError.field("nodes.\(name)", "\(node.typeName) node: \(message)") }
    var count = 1
    for extent in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, extent >= 0, product <= NIRScenarioBuilder.maximumNodeSize else {
        throw fail("input of shape \(shape) is larger than \(NIRScenarioBuilder.maximumNodeSize) values")
      }
      count = product
    }
    switch node {
    case .affine(let weight, _), .linear(let weight):
      guard weight.columns == count else { throw fail("weight takes \(weight.columns) inputs, it receives \(count) (shape \(shape))") }
      return .dense(weight)
    case .scale(let factors):
      guard factors.count == count || factors.count == 1 else { throw fail("\(factors.count) factors for \(count) inputs") }
      return NIRLinearMap(inputs: count, outputs: count, outputShape: shape,
                          rows: (0..<count).map { [($0, factors.count == 1 ? factors[0] : factors[$0])] })
    case .flatten:
      return .identity(shape: [count])
    case .delay(let delays):
      guard delays.count == count || delays.count == 1 else { throw fail("\(delays.count) delays for \(count) inputs") }
      return .identity(shape: shape)
    case .convolution(let weight, let weightShape, _, let stride, let padding, let dilation, let groups, let inputShape):
      let spatial = weightShape.count - 2
      let inChannels = weightShape[1] * groups
      var input = shape
      if input.count != spatial + 1 {
        let size = inputShape ?? []
        guard size.count == spatial, size.reduce(1, *) * inChannels == count else {
          throw fail("cannot tell the input's shape (\(shape)) as \(inChannels) channels of \(spatial)-D data; the file has no input_shape")
        }
        input = [inChannels] + size
      }
      guard input[0] == inChannels, groups >= 1, weightShape[0] % groups == 0, weightShape.allSatisfy({ $0 >= 1 }),
            stride.allSatisfy({ $0 >= 1 && $0 < 1 << 20 }), dilation.allSatisfy({ $0 >= 1 && $0 < 1 << 20 }),
            padding.allSatisfy({ $0 >= -1 && $0 < 1 << 20 }), weightShape.allSatisfy({ $0 < 1 << 20 }),
            stride.count >= spatial, dilation.count >= spatial, padding.count >= spatial else {
        throw fail("weight \(weightShape) with \(groups) groups, stride \(stride), padding \(padding), dilation \(dilation) does not fit \(input[0]) input channels")
      }
      let outputs = weightShape[0].multipliedReportingOverflow(by: count / max(inChannels, 1))
      guard !outputs.overflow, outputs.partialValue <= NIRScenarioBuilder.maximumNodeSize * 4 else {
        throw fail("output would exceed \(NIRScenarioBuilder.maximumNodeSize) values")
      }
      let work = weightShape.dropFirst().reduce(outputs.partialValue) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
      guard work <= 2_000_000_000 else { throw fail("would make more than 2·10⁹ synapses") }
      let kernel = spatial == 1 ? (1, weightShape[2]) : (weightShape[2], weightShape[3])
      let dilations = spatial == 1 ? (1, dilation[0]) : (dilation[0], dilation[1])
      func pad(_ axis: Int, _ k: Int, _ d: Int) -> Int { padding[axis] < 0 ? d * (k - 1) / 2 : padding[axis] }
      let paddings = spatial == 1 ? (0, pad(0, kernel.1, dilations.1)) : (pad(0, kernel.0, dilations.0), pad(1, kernel.1, dilations.1))
      let strides = spatial == 1 ? (1, stride[0]) : (stride[0], stride[1])
      let planar = spatial == 1 ? [input[0], 1, input[1]] : input
      let perGroup = weightShape[1]
      var result = NIRLinearMap.convolution(
        input: planar, outputChannels: weightShape[0], kernel: kernel, stride: strides, padding: paddings, dilation: dilations,
        groups: groups, weight: { o, c, i, j in weight[((o * perGroup + c) * kernel.0 + i) * kernel.1 + j] })
      if spatial == 1 { result.outputShape = [result.outputShape[0], result.outputShape[2]] }
      return result
    case .pooling(let average, let kernel, let stride, let padding):
      guard shape.count == 3 else { throw fail("expects (channels, height, width) input, got shape \(shape)") }
      guard kernel.count == 2, stride.count == 2, padding.count == 2, kernel.allSatisfy({ $0 >= 1 && $0 < 1 << 20 }),
            stride.allSatisfy({ $0 >= 1 && $0 < 1 << 20 }), padding.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else {
        throw fail("kernel \(kernel), stride \(stride) and padding \(padding) must be positive pairs")
      }
      return NIRLinearMap.convolution(input: shape, outputChannels: shape[0], kernel: (kernel[0], kernel[1]),
                                      stride: (stride[0], stride[1]), padding: (padding[0], padding[1]), dilation: (1, 1),
                                      groups: shape[0], weight: nil,
                                      poolWeight: average ? 1 / Double(kernel[0] * kernel[1]) : 1)
    default:
      throw fail("is not a linear map")
    }
  }

  /// The shape of every population: given, or inferred from the maps that feed it.
  static func populationShapes(_ graph: NIRGraph) throws -> [String: [Int]] {
    var shapes: [String: [Int]] = [:]
    for name in graph.nodes.keys where isPopulation(graph.nodes[name]) { if let shape = ownShape(name, graph) { shapes[name] = shape } }
    var successors: [String: [String]] = [:]
    for edge in graph.edges { successors[edge.source, default: []].append(edge.target) }
    var changed = true
    while changed {
      changed = false
      for (population, shape) in shapes {
        var stack = [(population, shape)]
        var steps = 0
        while let (node, current) = stack.popLast() {
          steps += 1
          guard steps <= 10 * max(graph.nodes.count, 1) else { break }
          for next in successors[node] ?? [] {
            if isLinear(graph.nodes[next]), let nextNode = graph.nodes[next] {
              stack.append((next, try outputShape(next, nextNode, input: current)))
            } else if isPopulation(graph.nodes[next]), shapes[next] == nil {
              shapes[next] = current
              changed = true
            }
          }
        }
      }
    }
    return shapes
  }

  /// The output shape of a linear node for an input of `shape` (without building its map where
  /// the shape follows from the parameters).
  static func outputShape(_ name: String, _ node: NIRNode, input shape: [Int]) throws -> [Int] {
    switch node {
    case .affine(let weight, _), .linear(let weight): return [weight.rows]
    case .flatten: return [shape.reduce(1, *)]
    case .scale, .delay: return shape
    default: return try map(name, node, input: shape).outputShape
    }
  }
}
