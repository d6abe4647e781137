import SpikeData
import SpikelineSupport

extension SpikingModel {
  /// The loss of one sample and, if `gradient` is given, its gradient added there.
  /// - Returns: (loss, scores).
  func lossAndGradient(_ input: BinnedSample, label: Int, workspace: SpikingWorkspace, gradient: UnsafeMutablePointer<Float>?,
                       layout: Layout, lowest: Int, smooth: Bool = false, activeClasses: [Int]? = nil,
                       regularization: RateRegularization? = nil, counter: inout OperationCount) -> (loss: Float, scores: [Float]) {
    let (loss, scores, scoreGradient, offsets) = lossAndScoreGradient(input, label: label, workspace: workspace, smooth: smooth,
                                                                     activeClasses: activeClasses, regularization: regularization,
                                                                     counter: &counter)
    if let gradient {
      backward(input, workspace: workspace, scoreGradient: scoreGradient, gradient: gradient, layout: layout,
               lowest: lowest, smooth: smooth, spikeGradientOffsets: offsets, counter: &counter)
    }
    return (loss, scores)
  }

  /// `lossAndGradient` for several samples (their labels), one workspace each, with the backward
  /// passes in lockstep: the gradient is the same as one sample after the other.
  /// - Parameter transposes: the weights prepared for this batch (`PreparedWeights`: Vᵀ of each layer, packed feedforward matrices; nil: made per call).
  func lossesAndGradient(_ inputs: [BinnedSample], workspaces: [SpikingWorkspace], gradient: UnsafeMutablePointer<Float>,
                         layout: Layout, lowest: Int, activeClasses: [Int]? = nil, regularization: RateRegularization? = nil,
                         transposes: PreparedWeights? = nil, counter: inout OperationCount) -> [(loss: Float, scores: [Float])] {
    var results: [(loss: Float, scores: [Float])] = []
    var scoreGradients: [[Float]] = [], offsets: [[Float]?] = []
    for (k, input) in inputs.enumerated() {
      let (loss, scores, scoreGradient, offset) = lossAndScoreGradient(input, label: input.label, workspace: workspaces[k], smooth: false,
                                                                      activeClasses: activeClasses, regularization: regularization,
                                                                      counter: &counter)
      results.append((loss, scores))
      scoreGradients.append(scoreGradient)
      offsets.append(offset)
    }
    backward(inputs, workspaces: Array(workspaces.prefix(inputs.count)), scoreGradients: scoreGradients, gradient: gradient,
             layout: layout, lowest: lowest, spikeGradientOffsets: offsets, transposes: transposes, counter: &counter)
    return results
  }

  /// The forward pass, the loss, d loss / d scores and the rate penalty's spike-gradient offsets (nil without one).
  private func lossAndScoreGradient(_ input: BinnedSample, label: Int, workspace: SpikingWorkspace, smooth: Bool, activeClasses: [Int]?,
                                    regularization: RateRegularization?, counter: inout OperationCount)
    -> (loss: Float, scores: [Float], scoreGradient: [Float], offsets: [Float]?) {
    let scores = forward(input, workspace: workspace, smooth: smooth, counter: &counter)
    var (loss, scoreGradient) = Losses.crossEntropy(scores, label: label, active: activeClasses)
    // Rate penalty on the hidden spiking layers: λ(r − r*)², r = Σ s / (T·N); d/ds = 2λ(r − r*)/(T·N).
    var rateGradient = [Float](repeating: 0, count: layers.count)
    if let regularization {
      for l in 0..<(layers.count - 1) where layers[l].isSpiking {
        let n = layers[l].outputs, cells = Float(workspace.steps * n)
        let total = smooth ? Self.sequentialSum(workspace.spikes[l].pointer, workspace.steps * n)
                           : Self.spikeCount(workspace.spikes[l].pointer, workspace.steps * n)
        let rate = total / cells
        loss += regularization.strength * (rate - regularization.target) * (rate - regularization.target)
        rateGradient[l] = 2 * regularization.strength * (rate - regularization.target) / cells
      }
    }
    return (loss, scores, scoreGradient, regularization == nil ? nil : rateGradient)
  }

  /// Σ values, left to right (smooth spikes: the order matters).
  static func sequentialSum(_ values: UnsafePointer<Float>, _ count: Int) -> Float {
    var total: Float = 0
    for k in 0..<count { total += values[k] }
    return total
  }

  /// Σ spikes of a hard spike train (every value 0 or 1), sixteen at a time. With fewer than 2²⁴ values
  /// every partial sum is a whole number below 2²⁴, so each addition is exact and the total has the bits
  /// of the left-to-right sum (longer trains are summed left to right).
  static func spikeCount(_ spikes: UnsafePointer<Float>, _ count: Int) -> Float {
    guard count < 1 << 24 else { return sequentialSum(spikes, count) }
    var lanes = SIMD16<Float>(repeating: 0), k = 0
    while k + 16 <= count {
      lanes += UnsafeRawPointer(spikes + k).loadUnaligned(as: SIMD16<Float>.self)
      k += 16
    }
    var total = lanes.sum()
    while k < count { total += spikes[k]; k += 1 }
    return total
  }

  /// The hard spike pattern of every layer for a sample (to detect when a perturbation flips a spike).
  func hardSpikePattern(_ input: BinnedSample, workspace: SpikingWorkspace) -> [[Bool]] {
    var counter = OperationCount()
    _ = forward(input, workspace: workspace, smooth: true, counter: &counter)
    return layers.indices.map { l in
      (0..<(workspace.steps * layers[l].outputs)).map { layers[l].isSpiking && workspace.potentials[l][$0] >= layers[l].threshold }
    }
  }
}

extension SpikingModel {
  /// The spike trains of layer `layer` for each sample (forward passes in parallel, deterministic),
  /// and the operations they took.
  public func spikeTrains(_ samples: [BinnedSample], layer: Int, chunkSize: Int = 8) -> (trains: [BinnedSample], operations: OperationCount) {
    guard let steps = samples.first?.steps else { return ([], OperationCount()) }
    let units = (samples.count + chunkSize - 1) / chunkSize
    let model = self
    let parts: [([BinnedSample], OperationCount)] = DeterministicParallel.map(units) { unit in
      let workspace = SpikingWorkspace(model: model, steps: steps)
      var counter = OperationCount()
      let trains = ((unit * chunkSize)..<min((unit + 1) * chunkSize, samples.count)).map { index -> BinnedSample in
        _ = model.forward(samples[index], workspace: workspace, counter: &counter)
        return workspace.spikeTrain(layer: layer, label: samples[index].label)
      }
      return (trains, counter)
    }
    return (parts.flatMap(\.0), parts.reduce(OperationCount()) { $0 + $1.1 })
  }

  /// Layers `range` as a model of their own (the frozen or the learning part of a split).
  public func slice(_ range: Range<Int>) -> SpikingModel {
    var architecture = self.architecture
    architecture.inputChannels = layers[range.lowerBound].inputs
    architecture.hidden = layers[range].dropLast(range.upperBound == layers.count ? 1 : 0).map(\.outputs)
    return SpikingModel(architecture: architecture, layers: Array(layers[range]))
  }
}

extension SpikingModel {
  /// The fraction of (step, neuron) pairs that spike in each layer, over `samples` (readout: 0).
  public func firingRates(_ samples: [BinnedSample], chunkSize: Int = 8) -> [Double] {
    guard let steps = samples.first?.steps else { return layers.map { _ in 0 } }
    let units = (samples.count + chunkSize - 1) / chunkSize
    let model = self
    let counts: [[Int]] = DeterministicParallel.map(units) { unit in
      let workspace = SpikingWorkspace(model: model, steps: steps)
      var counter = OperationCount()
      var totals = [Int](repeating: 0, count: model.layers.count)
      for index in (unit * chunkSize)..<min((unit + 1) * chunkSize, samples.count) {
        _ = model.forward(samples[index], workspace: workspace, counter: &counter)
        for l in model.layers.indices { totals[l] += workspace.active[l].total }
      }
      return totals
    }
    return layers.indices.map { l in
      Double(counts.reduce(0) { $0 + $1[l] }) / Double(samples.count * steps * layers[l].outputs)
    }
  }
}
