import SpikelineSupport

extension NIRGraph {
  /// Reads a NIR file (HDF5, as `nir.write` stores it).
  /// - Throws: `SpikelineError` naming the file, the node and the field that is missing or malformed.
  public static func read(path: String) throws -> NIRGraph {
    try read(bytes: try readFileBytes(path), file: path)
  }

  /// Reads NIR file contents; `file` names it in errors.
  /// - Throws: `SpikelineError` naming the file, the node and the field that is missing or malformed.
  public static func read(bytes: [UInt8], file name: String? = nil) throws -> NIRGraph {
    let file = try HDF5File(bytes: bytes, file: name)
    var graph = try read(file, group: "node")
    if case .strings(_, let values)? = try? file.value(at: "version") { graph.version = values.first ?? "" }
    return graph
  }

  /// Reads the graph stored in `group` of `file`.
  static func read(_ file: HDF5File, group: String) throws -> NIRGraph {
    let type = try NIRGraph.string(file, group + "/type")
    guard type == "NIRGraph" else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(group)' is a \(type) node, expected a NIRGraph")
    }
    guard case .group(let members) = try file.object(at: group + "/nodes") else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(group)/nodes' is not a group")
    }
    var nodes: [String: NIRNode] = [:]
    var shapes: [String: [Int]] = [:]
    for name in members.keys.sorted() {
      let path = group + "/nodes/" + name
      nodes[name] = try node(file, path)
      for field in ["tau", "tau_mem", "r"] {
        if let (shape, _) = try? numbers(file, path + "/" + field) { shapes[name] = shape; break }
      }
    }
    guard case .strings(let shape, let values) = try file.value(at: group + "/edges") else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(group)/edges' holds numbers, expected pairs of node names")
    }
    guard values.isEmpty || (shape.count == 2 && shape[1] == 2) else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(group)/edges' has shape \(shape), expected [edges, 2]")
    }
    let edges = stride(from: 0, to: values.count, by: 2).map { (source: values[$0], target: values[$0 + 1]) }
    for edge in edges {
      for name in [edge.source, edge.target] where nodes[name] == nil {
        throw SpikelineError(.invalidInput, file: file.file, "edge \(edge.source) -> \(edge.target) names '\(name)', which is not a node of '\(group)'")
      }
    }
    var graph = NIRGraph(nodes: nodes, edges: edges)
    graph.parameterShapes = shapes
    return graph
  }

  static func node(_ file: HDF5File, _ path: String) throws -> NIRNode {
    let type = try string(file, path + "/type")
    func array(_ field: String) throws -> [Double] { try numbers(file, path + "/" + field).values }
    func optional(_ field: String, like other: [Double]) throws -> [Double] {
      (try? numbers(file, path + "/" + field).values) ?? [Double](repeating: 0, count: other.count)
    }
    switch type {
    case "Input": return .input(shape: try array("shape").map { Int($0) })
    case "Output": return .output(shape: try array("shape").map { Int($0) })
    case "Affine": return .affine(weight: try matrix(file, path + "/weight"), bias: try array("bias"))
    case "Linear": return .linear(weight: try matrix(file, path + "/weight"))
    case "LIF":
      let threshold = try array("v_threshold")
      return .lif(tau: try array("tau"), r: try array("r"), vLeak: try array("v_leak"),
                  vReset: try optional("v_reset", like: threshold), vThreshold: threshold)
    case "CubaLIF":
      let threshold = try array("v_threshold")
      return .cubaLIF(tauMem: try array("tau_mem"), tauSyn: try array("tau_syn"), r: try array("r"), vLeak: try array("v_leak"),
                      vReset: try optional("v_reset", like: threshold), vThreshold: threshold, wIn: try array("w_in"))
    case "LI": return .li(tau: try array("tau"), r: try array("r"), vLeak: try array("v_leak"))
    case "CubaLI":
      return .cubaLI(tauMem: try array("tau_mem"), tauSyn: try array("tau_syn"), r: try array("r"), vLeak: try array("v_leak"),
                     wIn: try array("w_in"))
    case "IF":
      let threshold = try array("v_threshold")
      return .integrateAndFire(r: try array("r"), vReset: try optional("v_reset", like: threshold), vThreshold: threshold)
    case "I": return .integrator(r: try array("r"))
    case "Conv1d", "Conv2d":
      let (shape, weight) = try numbers(file, path + "/weight")
      let axes = type == "Conv1d" ? 1 : 2
      guard shape.count == axes + 2 else {
        throw SpikelineError(.invalidInput, file: file.file, "'\(path)/weight' has shape \(shape), expected \(axes + 2) dimensions")
      }
      func perAxis(_ field: String, default value: Int) throws -> [Int] {
        let values = (try? numbers(file, path + "/" + field).values.map { Int($0) }) ?? [value]
        return values.count == 1 ? [Int](repeating: values[0], count: axes) : values
      }
      var padding: [Int]
      if case .strings(_, let text)? = try? file.value(at: path + "/padding") {
        padding = [Int](repeating: text.first == "same" ? -1 : 0, count: axes)
      } else {
        padding = try perAxis("padding", default: 0)
      }
      let bias = (try? numbers(file, path + "/bias").values) ?? []
      let inputShape = (try? numbers(file, path + "/input_shape").values.map { Int($0) })
      return .convolution(weight: weight, weightShape: shape, bias: bias, stride: try perAxis("stride", default: 1), padding: padding,
                          dilation: try perAxis("dilation", default: 1), groups: Int(try array("groups").first ?? 1), inputShape: inputShape)
    case "SumPool2d", "AvgPool2d":
      func pair(_ field: String) throws -> [Int] {
        let values = try array(field).map { Int($0) }
        return values.count == 1 ? [values[0], values[0]] : values
      }
      return .pooling(average: type == "AvgPool2d", kernel: try pair("kernel_size"), stride: try pair("stride"), padding: try pair("padding"))
    case "Scale": return .scale(try array("scale"))
    case "Threshold": return .threshold(try array("threshold"))
    case "Delay": return .delay(try array("delay"))
    case "Flatten": return .flatten(start: Int(try array("start_dim").first ?? 0), end: Int(try array("end_dim").first ?? -1))
    case "NIRGraph": return .graph(try read(file, group: path))
    default: return .other(type: type)
    }
  }

  static func string(_ file: HDF5File, _ path: String) throws -> String {
    guard case .strings(_, let values) = try file.value(at: path), let first = values.first else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(path)' should hold a string")
    }
    return first
  }

  static func numbers(_ file: HDF5File, _ path: String) throws -> (shape: [Int], values: [Double]) {
    guard case .numbers(let shape, let values) = try file.value(at: path) else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(path)' should hold numbers")
    }
    return (shape, values)
  }

  static func matrix(_ file: HDF5File, _ path: String) throws -> NIRMatrix {
    let (shape, values) = try numbers(file, path)
    guard shape.count == 2 else {
      throw SpikelineError(.invalidInput, file: file.file, "'\(path)' has shape \(shape), expected a [outputs, inputs] matrix")
    }
    return NIRMatrix(rows: shape[0], columns: shape[1], values: values)
  }
}
