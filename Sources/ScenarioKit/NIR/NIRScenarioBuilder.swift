import Foundation
import SpikeData
import SpikelineSupport

/// Turns a NIR graph into a Spikeline network scenario (chip time), so an imported model runs,
/// and is costed, like any scenario: `spikeline import` writes the scenario, `spikeline run
/// model.nir` runs it directly.
///
/// Discretisation: NIR's equations are continuous; chip time uses the forward-Euler step that
/// snnTorch's NIR export assumes (β = 1 − Δt/τ, and for CubaLIF α = 1 − Δt/τ_syn), with the
/// input gains R·Δt/τ (and w_in·Δt/τ_syn) folded into the incoming weights, so a network exported by
/// snnTorch with Δt = `tickDuration` gets back its `Leaky`/`Synaptic` dynamics. Each synapse node
/// becomes a projection with one tick of delay (the chip's barrier), so a spike crosses one layer
/// per tick, where snnTorch crosses every layer within a step. Nested graphs are spliced in; a
/// non-zero Affine bias becomes a source spiking every tick through synapses that carry the bias.
public enum NIRScenarioBuilder {
  /// What the scenario is built from.
  public struct Options: Sendable {
    /// Seconds per tick (snnTorch's export uses its `dt`).
    public var tickDuration: Double = 1e-3
    /// Ticks to simulate.
    public var ticks: Int = 100
    /// Input spike ticks per input neuron (nil: no input spikes).
    public var inputSpikeTicks: [[Int]]?
    /// Run NIR's equations in continuous time (exact, event-driven) instead of chip time; input
    /// spike ticks then become times of tick × `tickDuration` seconds.
    public var continuous = false
    /// The chip profile's name.
    public var profile = "loihi"
    /// The source file, for the description.
    public var sourceName = "a NIR graph"
    /// Defaults: 1 ms ticks, 100 ticks, no input, Loihi.
    public init() {}
  }

  /// The most neurons one imported node may have.
  public static let maximumNodeSize = 10_000_000

  /// The scenario as JSON.
  /// - Throws: `SpikelineError` naming the node, its type and what cannot be mapped.
  public static func scenario(_ graph: NIRGraph, options: Options) throws -> JSONValue {
    let dt = options.tickDuration
    guard dt > 0 && dt.isFinite, options.ticks >= 1 else {
      throw SpikelineError.field("tickDuration", "needs a positive tick and at least one tick (got \(dt) s, \(options.ticks) ticks)")
    }
    var graph = try broadcastingScalars(flatteningSubgraphs(graph))
    for (name, node) in graph.nodes { graph.nodes[name] = try equalLengths(node, name: name) }
    for (name, node) in graph.nodes {
      if case .input(let shape) = node {
        let (size, overflow) = shape.reduce((1, false)) { acc, extent in
          let (product, over) = acc.0.multipliedReportingOverflow(by: max(extent, 0))
          return (product, acc.1 || over || extent < 0)
        }
        guard !overflow, size <= maximumNodeSize else {
          throw SpikelineError.field("nodes.\(name)", "Input shape \(shape) is larger than \(maximumNodeSize) neurons")
        }
      }
    }
    var populations: [JSONValue] = []
    var sizes: [String: Int] = [:]
    var gains: [String: [Double]] = [:]
    var inputs: [String] = []
    for name in graph.nodes.keys.sorted() {
      guard let node = graph.nodes[name] else { continue }
      func fail(_ message: String) -> SpikelineError {
        SpikelineError.field("nodes.\(name)", "\(node.typeName) node: \(message)")
      }
      if options.continuous, let (neuron, size, gain) = try continuousNeuron(node, fail: fail) {
        populations.append(.object(["name": .string(name), "size": .number(Double(size)), "neuron": neuron]))
        sizes[name] = size
        gains[name] = gain
        continue
      }
      switch node {
      case .input(let shape):
        let size = shape.reduce(1, *)
        guard size >= 1 else { throw fail("shape \(shape) has no elements") }
        var ticks = options.inputSpikeTicks ?? [[Int]](repeating: [], count: size)
        guard ticks.count == size else { throw fail("the input spikes have \(ticks.count) channels, the graph's input has \(size)") }
        ticks = ticks.map { $0.filter { $0 < options.ticks } }
        let spikes: JSONValue = options.continuous
          ? .object(["spikeTimes": .array(ticks.map { .array($0.map { .number(Double($0) * dt) }) })])
          : .object(["spikeTicks": .array(ticks.map { .array($0.map { .number(Double($0)) }) })])
        populations.append(.object(["name": .string(name), "size": .number(Double(size)), "source": spikes]))
        sizes[name] = size
        inputs.append(name)
      case .lif(let tau, let r, let vLeak, let vReset, let vThreshold):
        let neuron = try leaky(tau: tau, vLeak: vLeak, vReset: vReset, vThreshold: vThreshold, dt: dt, fail: fail)
        populations.append(.object(["name": .string(name), "size": .number(Double(tau.count)), "neuron": neuron]))
        sizes[name] = tau.count
        gains[name] = zip(r, tau).map { $0 * dt / $1 }
      case .cubaLIF(let tauMem, let tauSyn, let r, let vLeak, let vReset, let vThreshold, let wIn):
        guard case .object(var neuron) = try leaky(tau: tauMem, vLeak: vLeak, vReset: vReset, vThreshold: vThreshold, dt: dt, fail: fail) else { continue }
        let alpha = try uniform(tauSyn, "tau_syn", fail).map { 1 - dt / $0 } ?? 0
        guard alpha >= 0 && alpha < 1 else { throw fail("tau_syn gives α = 1 − Δt/τ_syn = \(alpha), outside [0, 1): choose a tick shorter than τ_syn") }
        neuron["model"] = .string("discreteCUBA")
        neuron["alpha"] = .number(alpha)
        populations.append(.object(["name": .string(name), "size": .number(Double(tauMem.count)), "neuron": .object(neuron)]))
        sizes[name] = tauMem.count
        gains[name] = (0..<tauMem.count).map { r[$0] * dt / tauMem[$0] * wIn[$0] * dt / tauSyn[$0] }
      case .cubaLI(let tauMem, let tauSyn, let r, let vLeak, let wIn):
        let huge = [Double](repeating: 1e300, count: tauMem.count)
        guard case .object(var neuron) = try leaky(tau: tauMem, vLeak: vLeak, vReset: [Double](repeating: 0, count: tauMem.count),
                                                   vThreshold: huge, dt: dt, fail: fail) else { continue }
        let alpha = try uniform(tauSyn, "tau_syn", fail).map { 1 - dt / $0 } ?? 0
        guard alpha >= 0 && alpha < 1 else { throw fail("tau_syn gives α = 1 − Δt/τ_syn = \(alpha), outside [0, 1)") }
        neuron["model"] = .string("discreteCUBA")
        neuron["alpha"] = .number(alpha)
        populations.append(.object(["name": .string(name), "size": .number(Double(tauMem.count)), "neuron": .object(neuron)]))
        sizes[name] = tauMem.count
        gains[name] = (0..<tauMem.count).map { r[$0] * dt / tauMem[$0] * wIn[$0] * dt / tauSyn[$0] }
      case .li(let tau, let r, let vLeak):
        let huge = [Double](repeating: 1e300, count: tau.count)
        let neuron = try leaky(tau: tau, vLeak: vLeak, vReset: [Double](repeating: 0, count: tau.count), vThreshold: huge, dt: dt, fail: fail)
        populations.append(.object(["name": .string(name), "size": .number(Double(tau.count)), "neuron": neuron]))
        sizes[name] = tau.count
        gains[name] = zip(r, tau).map { $0 * dt / $1 }
      case .affine, .linear, .output, .flatten, .convolution, .pooling, .scale, .delay: continue
      case .integrateAndFire(let r, let vReset, let vThreshold):
        let threshold = try uniform(vThreshold, "v_threshold", fail) ?? 1
        let reset = try uniform(vReset, "v_reset", fail) ?? 0
        populations.append(.object(["name": .string(name), "size": .number(Double(r.count)),
                                    "neuron": .object(["model": .string("discreteLIF"), "beta": .number(1), "threshold": .number(threshold),
                                                       "reset": .object(["potential": .number(reset)])])]))
        sizes[name] = r.count
        gains[name] = r.map { $0 * dt }
      case .threshold(let theta):
        // A Heaviside on the node's input: a memoryless neuron (β = 0) spiking at θ.
        let threshold = try uniform(theta, "threshold", fail) ?? 0
        populations.append(.object(["name": .string(name), "size": .number(Double(theta.count)),
                                    "neuron": .object(["model": .string("discreteLIF"), "beta": .number(0), "threshold": .number(threshold),
                                                       "reset": .object(["potential": .number(min(0, threshold - 1))])])]))
        sizes[name] = theta.count
        gains[name] = [Double](repeating: 1, count: theta.count)
      case .integrator(let r):
        populations.append(.object(["name": .string(name), "size": .number(Double(r.count)),
                                    "neuron": .object(["model": .string("discreteLIF"), "beta": .number(1), "threshold": .number(1e300),
                                                       "reset": .object(["potential": .number(0)])])]))
        sizes[name] = r.count
        gains[name] = r.map { $0 * dt }
      case .graph: throw fail("nested graphs are not supported yet: flatten the graph before export")
      default: throw fail("this node type cannot be mapped to Spikeline yet")
      }
    }
    // A non-zero Affine bias becomes a one-neuron source that spikes every tick, its synapses
    // carrying the bias: exact in discrete time (each tick adds b, like snnTorch's Linear).
    for name in graph.nodes.keys.sorted() {
      guard let bias = NIRLinearMap.bias(of: graph.nodes[name]), bias.contains(where: { $0 != 0 }) else { continue }
      guard !options.continuous else {
        throw SpikelineError.field("nodes.\(name)", "a non-zero bias is not supported in continuous time yet (it is in chip time)")
      }
      let ticks: [JSONValue] = (0..<options.ticks).map { .number(Double($0)) }
      populations.append(.object(["name": .string(name + ".bias"), "size": .number(1),
                                  "source": .object(["spikeTicks": .array([.array(ticks)])])]))
      sizes[name + ".bias"] = 1
    }
    let projections = try NIRLinearMap.projections(graph, sizes: sizes, gains: gains, tickDuration: dt,
                                                           continuous: options.continuous)
    let timing = options.continuous
      ? "continuous time (NIR's equations, exact), synapse nodes without delay"
      : "chip time with \(dt) s ticks (snnTorch's β = 1 − Δt/τ discretisation), one tick of delay per synapse node"
    let description = "\(options.sourceName) imported from NIR\(graph.version.isEmpty ? "" : " \(graph.version)"): \(sizes.count - inputs.count - sizes.keys.filter { $0.hasSuffix(".bias") }.count) neuron population(s), \(projections.count) projection(s); \(timing)."
    return .object([
      "description": .string(description),
      "time": options.continuous
        ? .object(["model": .string("continuous"), "durationSeconds": .number(Double(options.ticks) * dt)])
        : .object(["model": .string("chip"), "tickDuration": .number(dt), "durationTicks": .number(Double(options.ticks))]),
      "populations": .array(populations),
      "projections": .array(projections),
      "record": .object(["spikes": .string("all")]),
      "chip": .object(["profile": .string(options.profile)]),
    ])
  }

  /// The graph with every nested graph (e.g. snnTorch's RLeaky, RSynaptic) spliced in: its nodes
  /// renamed `outer.inner`, its Input and Output nodes kept as pass-throughs that the outer edges
  /// reach.
  static func flatteningSubgraphs(_ graph: NIRGraph) throws -> NIRGraph {
    var nodes: [String: NIRNode] = [:]
    var edges: [(source: String, target: String)] = []
    var entries: [String: [String]] = [:], exits: [String: [String]] = [:]
    var shapes = graph.parameterShapes
    for (name, node) in graph.nodes {
      guard case .graph(let nested) = node else { nodes[name] = node; continue }
      let inner = try flatteningSubgraphs(nested)
      for (innerName, shape) in inner.parameterShapes { shapes[name + "." + innerName] = shape }
      for (innerName, innerNode) in inner.nodes {
        switch innerNode {
        case .input:
          nodes[name + "." + innerName] = .flatten(start: 0, end: -1)
          entries[name, default: []].append(name + "." + innerName)
        case .output:
          nodes[name + "." + innerName] = .flatten(start: 0, end: -1)
          exits[name, default: []].append(name + "." + innerName)
        default: nodes[name + "." + innerName] = innerNode
        }
      }
      edges += inner.edges.map { (name + "." + $0.source, name + "." + $0.target) }
    }
    for edge in graph.edges {
      for source in exits[edge.source] ?? [edge.source] {
        for target in entries[edge.target] ?? [edge.target] { edges.append((source, target)) }
      }
    }
    var result = NIRGraph(nodes: nodes, edges: edges, version: graph.version)
    result.parameterShapes = shapes
    return result
  }

  /// Neuron parameters stored as one value (a scalar, as snnTorch writes a shared β) repeated to the
  /// layer's size, which the shapes flowing into the node give.
  static func broadcastingScalars(_ graph: NIRGraph) throws -> NIRGraph {
    var result = graph
    let shapes = try NIRLinearMap.populationShapes(graph)
    for (name, node) in graph.nodes {
      guard let size = shapes[name]?.reduce(1, *) else { continue }
      func fit(_ values: [Double]) -> [Double] { values.count == 1 ? [Double](repeating: values[0], count: size) : values }
      switch node {
      case .lif(let tau, let r, let vLeak, let vReset, let vThreshold) where tau.count == 1:
        result.nodes[name] = .lif(tau: fit(tau), r: fit(r), vLeak: fit(vLeak), vReset: fit(vReset), vThreshold: fit(vThreshold))
      case .cubaLIF(let tauMem, let tauSyn, let r, let vLeak, let vReset, let vThreshold, let wIn) where tauMem.count == 1:
        result.nodes[name] = .cubaLIF(tauMem: fit(tauMem), tauSyn: fit(tauSyn), r: fit(r), vLeak: fit(vLeak), vReset: fit(vReset),
                                      vThreshold: fit(vThreshold), wIn: fit(wIn))
      case .li(let tau, let r, let vLeak) where tau.count == 1:
        result.nodes[name] = .li(tau: fit(tau), r: fit(r), vLeak: fit(vLeak))
      case .cubaLI(let tauMem, let tauSyn, let r, let vLeak, let wIn) where tauMem.count == 1:
        result.nodes[name] = .cubaLI(tauMem: fit(tauMem), tauSyn: fit(tauSyn), r: fit(r), vLeak: fit(vLeak), wIn: fit(wIn))
      case .integrateAndFire(let r, let vReset, let vThreshold) where r.count == 1:
        result.nodes[name] = .integrateAndFire(r: fit(r), vReset: fit(vReset), vThreshold: fit(vThreshold))
      case .integrator(let r) where r.count == 1:
        result.nodes[name] = .integrator(r: fit(r))
      default: break
      }
    }
    result.parameterShapes = shapes
    return result
  }

  /// A neuron node with every parameter array as long as the longest (single values repeated).
  /// - Throws: `SpikelineError` naming the node and field whose length differs.
  static func equalLengths(_ node: NIRNode, name: String) throws -> NIRNode {
    func fit(_ arrays: [(String, [Double])]) throws -> [[Double]] {
      let n = arrays.map(\.1.count).max() ?? 0
      return try arrays.map { field, values in
        if values.count == n { return values }
        guard values.count == 1 else {
          throw SpikelineError.field("nodes.\(name).\(field)", "has \(values.count) values; the \(node.typeName) node has \(n) neurons")
        }
        return [Double](repeating: values[0], count: n)
      }
    }
    switch node {
    case .lif(let tau, let r, let vLeak, let vReset, let vThreshold):
      let a = try fit([("tau", tau), ("r", r), ("v_leak", vLeak), ("v_reset", vReset), ("v_threshold", vThreshold)])
      return .lif(tau: a[0], r: a[1], vLeak: a[2], vReset: a[3], vThreshold: a[4])
    case .cubaLIF(let tauMem, let tauSyn, let r, let vLeak, let vReset, let vThreshold, let wIn):
      let a = try fit([("tau_mem", tauMem), ("tau_syn", tauSyn), ("r", r), ("v_leak", vLeak), ("v_reset", vReset),
                       ("v_threshold", vThreshold), ("w_in", wIn)])
      return .cubaLIF(tauMem: a[0], tauSyn: a[1], r: a[2], vLeak: a[3], vReset: a[4], vThreshold: a[5], wIn: a[6])
    case .li(let tau, let r, let vLeak):
      let a = try fit([("tau", tau), ("r", r), ("v_leak", vLeak)])
      return .li(tau: a[0], r: a[1], vLeak: a[2])
    case .cubaLI(let tauMem, let tauSyn, let r, let vLeak, let wIn):
      let a = try fit([("tau_mem", tauMem), ("tau_syn", tauSyn), ("r", r), ("v_leak", vLeak), ("w_in", wIn)])
      return .cubaLI(tauMem: a[0], tauSyn: a[1], r: a[2], vLeak: a[3], wIn: a[4])
    case .integrateAndFire(let r, let vReset, let vThreshold):
      let a = try fit([("r", r), ("v_reset", vReset), ("v_threshold", vThreshold)])
      return .integrateAndFire(r: a[0], vReset: a[1], vThreshold: a[2])
    default:
      return node
    }
  }

  /// A neuron node as a continuous-time model, its size, and the input gain per neuron (the jump of
  /// V, or of the synaptic current, per unit of weight); nil for nodes that are not neurons.
  static func continuousNeuron(_ node: NIRNode, fail: (String) -> SpikelineError) throws -> (JSONValue, Int, [Double])? {
    let never = 1e300
    func lif(_ tau: Double, _ threshold: Double, _ reset: Double) -> JSONValue {
      .object(["model": .string("lif"), "tauMembrane": .number(tau), "threshold": .number(threshold), "reset": .object(["potential": .number(reset)])])
    }
    func cuba(_ tau: Double, _ tauSyn: Double, _ threshold: Double, _ reset: Double) -> JSONValue {
      .object(["model": .string("cuba"), "tauMembrane": .number(tau), "tauExcitatory": .number(tauSyn), "threshold": .number(threshold),
               "reset": .object(["potential": .number(reset)])])
    }
    func noLeak(_ vLeak: [Double]) throws {
      guard vLeak.allSatisfy({ $0 == 0 }) else { throw fail("v_leak ≠ 0 is not supported yet") }
    }
    switch node {
    case .lif(let tau, let r, let vLeak, let vReset, let vThreshold):
      try noLeak(vLeak)
      let t = try uniform(tau, "tau", fail) ?? 1
      return (lif(t, try uniform(vThreshold, "v_threshold", fail) ?? 1, try uniform(vReset, "v_reset", fail) ?? 0), tau.count, r.map { $0 / t })
    case .li(let tau, let r, let vLeak):
      try noLeak(vLeak)
      let t = try uniform(tau, "tau", fail) ?? 1
      return (lif(t, never, 0), tau.count, r.map { $0 / t })
    case .cubaLIF(let tauMem, let tauSyn, let r, let vLeak, let vReset, let vThreshold, let wIn):
      try noLeak(vLeak)
      let ts = try uniform(tauSyn, "tau_syn", fail) ?? 1
      let neuron = cuba(try uniform(tauMem, "tau_mem", fail) ?? 1, ts, try uniform(vThreshold, "v_threshold", fail) ?? 1,
                        try uniform(vReset, "v_reset", fail) ?? 0)
      return (neuron, tauMem.count, (0..<tauMem.count).map { r[$0] * wIn[$0] / ts })
    case .cubaLI(let tauMem, let tauSyn, let r, let vLeak, let wIn):
      try noLeak(vLeak)
      let ts = try uniform(tauSyn, "tau_syn", fail) ?? 1
      return (cuba(try uniform(tauMem, "tau_mem", fail) ?? 1, ts, never, 0), tauMem.count, (0..<tauMem.count).map { r[$0] * wIn[$0] / ts })
    case .integrateAndFire, .integrator, .threshold:
      throw fail("has no continuous-time form in Spikeline yet (run it in chip time)")
    default:
      return nil
    }
  }

  static func uniform(_ values: [Double], _ field: String, _ fail: (String) -> SpikelineError) throws -> Double? {
    guard let first = values.first else { return nil }
    guard values.allSatisfy({ $0 == first }) else {
      throw fail("\(field) differs between neurons; a Spikeline population shares one neuron model (split the layer)")
    }
    return first
  }

  static func leaky(tau: [Double], vLeak: [Double], vReset: [Double], vThreshold: [Double], dt: Double,
                    fail: (String) -> SpikelineError) throws -> JSONValue {
    guard !tau.isEmpty else { throw fail("has no neurons") }
    guard vLeak.allSatisfy({ $0 == 0 }) else { throw fail("v_leak ≠ 0 is not supported yet") }
    let beta = 1 - dt / (try uniform(tau, "tau", fail) ?? 1)
    guard beta >= 0 && beta < 1 else { throw fail("tau gives β = 1 − Δt/τ = \(beta), outside [0, 1): choose a tick shorter than τ") }
    let threshold = try uniform(vThreshold, "v_threshold", fail) ?? 1
    let reset = try uniform(vReset, "v_reset", fail) ?? 0
    return .object(["model": .string("discreteLIF"), "beta": .number(beta), "threshold": .number(threshold),
                    "reset": .object(["potential": .number(reset)])])
  }
}
