import SpikelineSupport

extension NIRGraph {
  /// The NIR version written into files.
  public static let writtenVersion = "1.0.8"

  /// The graph as an HDF5 file in `nir.write`'s layout (uncompressed), readable by `nir.read`.
  /// - Throws: `SpikelineError` if a node cannot be written (nested graphs, unknown types) or a
  ///   group is too large for one B-tree node.
  public func hdf5Bytes() throws -> [UInt8] {
    try HDF5Writer.file(["version": .dataset(.strings(shape: [], values: [NIRGraph.writtenVersion])),
                         "node": .group(try members())])
  }

  func members() throws -> [String: HDF5Writer.Member] {
    var nodeGroups: [String: HDF5Writer.Member] = [:]
    for (name, node) in nodes { nodeGroups[name] = .group(try NIRGraph.members(of: node, name: name)) }
    return ["type": .dataset(.strings(shape: [], values: ["NIRGraph"])), "nodes": .group(nodeGroups),
            "edges": .dataset(.strings(shape: [edges.count, 2], values: edges.flatMap { [$0.source, $0.target] }))]
  }

  static func members(of node: NIRNode, name: String) throws -> [String: HDF5Writer.Member] {
    func vector(_ values: [Double]) -> HDF5Writer.Member { .dataset(.float32(shape: [values.count], values: values.map(Float.init))) }
    func matrix(_ m: NIRMatrix) -> HDF5Writer.Member { .dataset(.float32(shape: [m.rows, m.columns], values: m.values.map(Float.init))) }
    var fields: [String: HDF5Writer.Member]
    switch node {
    case .input(let shape), .output(let shape): fields = ["shape": .dataset(.int64(shape: [shape.count], values: shape.map(Int64.init)))]
    case .affine(let weight, let bias): fields = ["weight": matrix(weight), "bias": vector(bias)]
    case .linear(let weight): fields = ["weight": matrix(weight)]
    case .lif(let tau, let r, let vLeak, let vReset, let vThreshold):
      fields = ["tau": vector(tau), "r": vector(r), "v_leak": vector(vLeak), "v_reset": vector(vReset), "v_threshold": vector(vThreshold)]
    case .cubaLIF(let tauMem, let tauSyn, let r, let vLeak, let vReset, let vThreshold, let wIn):
      fields = ["tau_mem": vector(tauMem), "tau_syn": vector(tauSyn), "r": vector(r), "v_leak": vector(vLeak),
                "v_reset": vector(vReset), "v_threshold": vector(vThreshold), "w_in": vector(wIn)]
    case .li(let tau, let r, let vLeak): fields = ["tau": vector(tau), "r": vector(r), "v_leak": vector(vLeak)]
    case .cubaLI(let tauMem, let tauSyn, let r, let vLeak, let wIn):
      fields = ["tau_mem": vector(tauMem), "tau_syn": vector(tauSyn), "r": vector(r), "v_leak": vector(vLeak), "w_in": vector(wIn)]
    default:
      throw SpikelineError.field("nodes.\(name)", "\(node.typeName) nodes cannot be written yet")
    }
    fields["type"] = .dataset(.strings(shape: [], values: [node.typeName]))
    return fields
  }
}
