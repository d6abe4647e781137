import SpikeCore
import SpikeData
import SpikelineSupport

extension SpikingModel {
  /// The model as a NIR graph in snnTorch's convention for `tickDuration` (Δt): a layer with
  /// synaptic decay α becomes CubaLIF (τ_syn = Δt/(1 − α), w_in = τ_syn/Δt), one without becomes LIF;
  /// τ_mem = Δt/(1 − β), R = τ_mem/Δt, v_leak = 0, reset to 0; the non-spiking readout becomes LI or
  /// CubaLI. W and V become Linear nodes (weights `[outputs, inputs]`); V adds a recurrent edge.
  /// - Throws: `SpikelineError` for a layer NIR cannot express (β = 1, subtractive reset).
  public func nirGraph(tickDuration dt: Double) throws -> NIRGraph {
    var nodes: [String: NIRNode] = ["input": .input(shape: [architecture.inputChannels])]
    var edges: [(source: String, target: String)] = []
    var previous = "input"
    for (index, layer) in layers.enumerated() {
      let name = index == layers.count - 1 ? "readout" : "layer\(index + 1)"
      guard layer.membraneDecay < 1 else {
        throw SpikelineError.field("layers[\(index)]", "β = \(layer.membraneDecay) has no NIR time constant (needs β < 1)")
      }
      guard !layer.isSpiking || layer.resetMode == .toPotential else {
        throw SpikelineError.field("layers[\(index)]", "reset by subtraction has no NIR equivalent (NIR resets to v_reset)")
      }
      let n = layer.outputs
      func repeated(_ value: Double) -> [Double] { [Double](repeating: value, count: n) }
      let tauMem = dt / (1 - Double(layer.membraneDecay))
      let alpha = Double(layer.synapticDecay)
      let tauSyn = alpha > 0 ? dt / (1 - alpha) : 0
      switch (layer.isSpiking, alpha > 0) {
      case (true, false):
        nodes[name] = .lif(tau: repeated(tauMem), r: repeated(tauMem / dt), vLeak: repeated(0), vReset: repeated(0),
                           vThreshold: repeated(Double(layer.threshold)))
      case (true, true):
        nodes[name] = .cubaLIF(tauMem: repeated(tauMem), tauSyn: repeated(tauSyn), r: repeated(tauMem / dt), vLeak: repeated(0),
                               vReset: repeated(0), vThreshold: repeated(Double(layer.threshold)), wIn: repeated(tauSyn / dt))
      case (false, false): nodes[name] = .li(tau: repeated(tauMem), r: repeated(tauMem / dt), vLeak: repeated(0))
      case (false, true):
        nodes[name] = .cubaLI(tauMem: repeated(tauMem), tauSyn: repeated(tauSyn), r: repeated(tauMem / dt), vLeak: repeated(0),
                              wIn: repeated(tauSyn / dt))
      }
      // W is [inputs][outputs]; NIR wants [outputs, inputs].
      let inputs = layer.inputs
      let weight = NIRMatrix(rows: n, columns: inputs, values: (0..<(n * inputs)).map { k in Double(layer.feedforward[(k % inputs) * n + k / inputs]) })
      nodes["\(name)_w"] = .linear(weight: weight)
      edges += [(previous, "\(name)_w"), ("\(name)_w", name)]
      if layer.isRecurrent {
        let recurrent = NIRMatrix(rows: n, columns: n, values: (0..<(n * n)).map { k in Double(layer.recurrent[(k % n) * n + k / n]) })
        nodes["\(name)_v"] = .linear(weight: recurrent)
        edges += [(name, "\(name)_v"), ("\(name)_v", name)]
      }
      previous = name
    }
    nodes["output"] = .output(shape: [layers.last?.outputs ?? 0])
    edges.append((previous, "output"))
    return NIRGraph(nodes: nodes, edges: edges, version: NIRGraph.writtenVersion)
  }
}
