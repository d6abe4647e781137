import SpikelineSupport

/// A NIR graph (Neuromorphic Intermediate Representation, Pedersen et al., Nat. Commun. 2024):
/// named nodes and the edges between them, as `nir.write` stores it. Parameters keep NIR's units
/// (time constants in seconds) and shapes (a weight is `[outputs, inputs]`, row-major).
public struct NIRGraph: Sendable {
  /// The nodes by name.
  public var nodes: [String: NIRNode]
  /// Directed edges, source node name to target node name, in file order.
  public var edges: [(source: String, target: String)]
  /// The NIR version the file records ("" if none).
  public var version: String
  /// The shape of each neuron node's parameter arrays as stored (e.g. channels, height, width after
  /// a convolution), by node name; absent for nodes built in code.
  public var parameterShapes: [String: [Int]] = [:]

  /// A graph of `nodes` and `edges`.
  public init(nodes: [String: NIRNode], edges: [(source: String, target: String)], version: String = "") {
    self.nodes = nodes
    self.edges = edges
    self.version = version
  }
}

/// One NIR node with its parameters (arrays are per neuron unless stated).
public indirect enum NIRNode: Sendable {
  /// The graph's input, with its shape.
  case input(shape: [Int])
  /// The graph's output, with its shape.
  case output(shape: [Int])
  /// `W·x + b`: weight `[outputs, inputs]`, bias `[outputs]`.
  case affine(weight: NIRMatrix, bias: [Double])
  /// `W·x`: weight `[outputs, inputs]`.
  case linear(weight: NIRMatrix)
  /// Leaky integrate-and-fire: τ dv/dt = (v_leak − v) + R·I; spike at v_threshold, reset to v_reset.
  case lif(tau: [Double], r: [Double], vLeak: [Double], vReset: [Double], vThreshold: [Double])
  /// Current-based LIF: τ_syn dI/dt = −I + w_in·x; τ_mem dv/dt = (v_leak − v) + R·I.
  case cubaLIF(tauMem: [Double], tauSyn: [Double], r: [Double], vLeak: [Double], vReset: [Double],
               vThreshold: [Double], wIn: [Double])
  /// Leaky integrator (no spikes): τ dv/dt = (v_leak − v) + R·I.
  case li(tau: [Double], r: [Double], vLeak: [Double])
  /// Current-based leaky integrator (no spikes): CubaLIF without threshold.
  case cubaLI(tauMem: [Double], tauSyn: [Double], r: [Double], vLeak: [Double], wIn: [Double])
  /// Integrate-and-fire: dv/dt = R·I; spike at v_threshold, reset to v_reset.
  case integrateAndFire(r: [Double], vReset: [Double], vThreshold: [Double])
  /// Integrator: dv/dt = R·I.
  case integrator(r: [Double])
  /// A convolution, 1-D or 2-D: `weight` has shape [C_out, C_in / groups, kernel…] (values row-major);
  /// stride, padding and dilation per spatial axis (padding −1 means "same"); `inputShape` the
  /// spatial input size if the file gives it.
  case convolution(weight: [Double], weightShape: [Int], bias: [Double], stride: [Int], padding: [Int], dilation: [Int],
                   groups: Int, inputShape: [Int]?)
  /// Sum or average pooling over 2-D windows.
  case pooling(average: Bool, kernel: [Int], stride: [Int], padding: [Int])
  /// Elementwise scaling.
  case scale([Double])
  /// Heaviside threshold.
  case threshold([Double])
  /// Delay, seconds.
  case delay([Double])
  /// Flatten dimensions `start...end`.
  case flatten(start: Int, end: Int)
  /// A nested graph.
  case graph(NIRGraph)
  /// A node type this reader keeps but cannot map (e.g. Conv2d), with its type name.
  case other(type: String)

  /// NIR's type name for the node ("LIF", "Affine", ...).
  public var typeName: String {
    switch self {
    case .input: return "Input"
    case .output: return "Output"
    case .affine: return "Affine"
    case .linear: return "Linear"
    case .lif: return "LIF"
    case .cubaLIF: return "CubaLIF"
    case .li: return "LI"
    case .cubaLI: return "CubaLI"
    case .integrateAndFire: return "IF"
    case .integrator: return "I"
    case .convolution(_, let shape, _, _, _, _, _, _): return shape.count == 3 ? "Conv1d" : "Conv2d"
    case .pooling(let average, _, _, _): return average ? "AvgPool2d" : "SumPool2d"
    case .scale: return "Scale"
    case .threshold: return "Threshold"
    case .delay: return "Delay"
    case .flatten: return "Flatten"
    case .graph: return "NIRGraph"
    case .other(let type): return type
    }
  }
}

/// A dense matrix in row-major order.
public struct NIRMatrix: Sendable, Equatable {
  /// Rows (outputs of a weight).
  public var rows: Int
  /// Columns (inputs of a weight).
  public var columns: Int
  /// rows × columns values, row-major.
  public var values: [Double]

  /// A matrix; `values.count` must be rows × columns.
  public init(rows: Int, columns: Int, values: [Double]) {
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The element at (row, column).
  public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}
