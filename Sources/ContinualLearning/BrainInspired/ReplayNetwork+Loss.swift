import SpikeTraining
import SpikelineSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one mini-batch is trained toward.
struct ReplayTargets: Sendable {
  /// Hard labels (output units); nil when `teacherLogits` gives soft targets.
  var labels: [Int]?
  /// Soft targets: the previous model's logits, distilled at `temperature`.
  var teacherLogits: Matrix?
  var temperature: Float
  /// Output units over which each row's softmax is normalised.
  var active: [[Int]]
  /// The units the teacher's soft targets cover (a prefix of `active`; nil: all of `active`). In Class-IL
  /// these are the classes seen before the current task; the new ones get target probability 0.
  var teacherActive: [[Int]]?
  /// Each row's context (class) for the prior mode and decoder gates; nil: standard prior, no gates.
  var contexts: [Int]?

  init(labels: [Int]? = nil, teacherLogits: Matrix? = nil, temperature: Float = 2, active: [[Int]], teacherActive: [[Int]]? = nil,
              contexts: [Int]? = nil) {
    self.labels = labels
    self.teacherActive = teacherActive
    self.teacherLogits = teacherLogits
    self.temperature = temperature
    self.active = active
    self.contexts = contexts
  }
}

/// Multipliers of the loss terms (0 switches a term off).
struct ReplayLossWeights: Sendable, Equatable {
  var classification: Float
  var reconstruction: Float
  var divergence: Float

  init(classification: Float, reconstruction: Float, divergence: Float) {
    self.classification = classification
    self.reconstruction = reconstruction
    self.divergence = divergence
  }

  static func classifier(_ w: Float) -> ReplayLossWeights { ReplayLossWeights(classification: w, reconstruction: 0, divergence: 0) }
  static func generator(_ w: Float) -> ReplayLossWeights { ReplayLossWeights(classification: 0, reconstruction: w, divergence: w) }
  static func all(_ w: Float) -> ReplayLossWeights { ReplayLossWeights(classification: w, reconstruction: w, divergence: w) }
}

/// The loss terms of one mini-batch (unweighted, averaged over the batch; nats).
struct ReplayLoss: Sendable, Equatable {
  /// Cross-entropy (hard targets) or T²-scaled distillation (soft targets).
  var classification: Double = 0
  /// Reconstruction, averaged over input units.
  var reconstruction: Double = 0
  /// KL divergence from the prior, divided by the number of input units (as in the BI-R code).
  var divergence: Double = 0
}

extension ReplayNetwork {
  /// Forward and backward pass of one mini-batch: the loss terms and d(weighted loss)/d(parameters) in the
  /// layout of `flat`. `generator` draws the reparameterisation noise.
  func lossAndGradient(_ x: Matrix, _ targets: ReplayTargets, weights: ReplayLossWeights,
                              generator: inout SeededGenerator) -> (loss: ReplayLoss, gradient: [Float]) {
    var gradient = [Float](repeating: 0, count: layout.count)
    let loss = accumulateLossGradient(x, targets, weights: weights, generator: &generator, into: &gradient)
    return (loss, gradient)
  }

  /// Forward and backward pass of one mini-batch: returns the loss terms and adds d(weighted loss)/d(parameters)
  /// to `gradient` (laid out as `flat`), so that the current and the replayed batch share one buffer.
  /// With `measuresLoss` false the reconstruction term is not evaluated (its gradient is the same; a
  /// training step that discards the loss saves a logarithm per pixel) and is reported as 0. The large
  /// matrices of the pass live in `workspace` (a fresh one if nil; a training run keeps one per model).
  func accumulateLossGradient(_ x: Matrix, _ targets: ReplayTargets, weights: ReplayLossWeights, generator: inout SeededGenerator,
                              into gradient: inout [Float], measuresLoss: Bool = true, workspace: ReplayWorkspace? = nil) -> ReplayLoss {
    let batch = Float(x.rows)
    let layout = self.layout
    precondition(gradient.count == layout.count, "internal error: \(gradient.count) gradients for \(layout.count) parameters")
    var loss = ReplayLoss()
    let workspace = workspace ?? ReplayWorkspace()
    encoder.forward(x, into: &workspace.encoder)
    // The trace lets go of the caller's batch when the pass ends, so the caller can refill it in place.
    defer { workspace.encoder.inputs.removeAll(keepingCapacity: true) }
    let trace = workspace.encoder
    let h = trace.output
    // Taken out of the workspace while in use (so that writing it needs no copy), given back at the end.
    var dH = workspace.take(\.hiddenGradient, rows: h.rows, columns: h.columns, zeroed: true)
    defer { workspace.putBack(dH, to: \.hiddenGradient) }

    if weights.classification > 0, let head {
      head.forward(h, into: &workspace.scores)
      let scores = workspace.scores
      var dScores = workspace.take(\.scoreGradient, rows: scores.rows, columns: scores.columns, zeroed: true)
      defer { workspace.putBack(dScores, to: \.scoreGradient) }
      // Each row's active scores gathered into a small buffer on the stack, the loss's gradient written over them.
      let width = max(scores.columns, targets.teacherLogits?.columns ?? 0, 1)
      withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * width) { buffer in
        let row = buffer.baseAddress!, teacherRow = row + width, scratch = teacherRow + width
        for i in 0..<x.rows {
          let active = targets.active[i]
          for (k, unit) in active.enumerated() { row[k] = scores[i, unit] }
          let termLoss: Float
          if let labels = targets.labels {
            termLoss = Losses.crossEntropy(row, count: active.count, label: active.firstIndex(of: labels[i]) ?? 0, gradient: row)
          } else if let teacher = targets.teacherLogits {
            // Units are ordered old first, so the teacher's units are a prefix of the active ones.
            let covered = targets.teacherActive?[i] ?? active
            for (k, unit) in covered.enumerated() { teacherRow[k] = teacher[i, unit] }
            termLoss = Losses.distillation(row, count: active.count, teacher: teacherRow, teacherCount: covered.count,
                                           temperature: targets.temperature, scratch: scratch, gradient: row)
          } else {
            continue
          }
          loss.classification += Double(termLoss) / Double(batch)
          for (k, unit) in active.enumerated() { dScores[i, unit] = row[k] * weights.classification / batch }
        }
      }
      gradient.withUnsafeMutableBufferPointer {
        head.accumulateGradients(input: h, outputGradient: dScores, into: $0.baseAddress! + layout.head.lowerBound)
      }
      head.inputGradient(dScores, into: &dH)
    }

    if weights.reconstruction > 0 || weights.divergence > 0, let toLatent, let decoder {
      let z = shape.latent, inputs = Float(shape.inputs)
      toLatent.forward(h, into: &workspace.statistics)
      workspace.splitStatistics(latent: z)
      let mean = workspace.mean, logVariance = workspace.logVariance
      // The decoder's trace lets go of last call's input (the draw) and gate rows before they are rewritten in place.
      workspace.decoder.inputs.removeAll(keepingCapacity: true)
      if shape.isGated { workspace.decoder.gates.removeAll(keepingCapacity: true) }
      Variational.sample(mean: mean, logVariance: logVariance, generator: &generator, z: &workspace.latent, noise: &workspace.noise)
      let draw = (z: workspace.latent, noise: workspace.noise)
      let gated = gateRows(targets.contexts, into: &workspace.gates)
      decoder.forward(draw.z, gates: gated ? workspace.gates : nil, into: &workspace.decoder)
      let decoded = workspace.decoder
      let output = decoded.output
      // (Every value is written below, row by row.)
      var dOutput = workspace.take(\.reconstructionGradient, rows: output.rows, columns: output.columns)
      defer { workspace.putBack(dOutput, to: \.reconstructionGradient) }
      let scale = weights.reconstruction / (batch * inputs)
      // Rows in parallel, each row's loss in its own slot, summed in row order afterwards.
      let columns = output.columns, bernoulli = shape.reconstruction == .bernoulli
      var rowLoss: [Float] = []
      swap(&rowLoss, &workspace.rowLoss)
      defer { swap(&rowLoss, &workspace.rowLoss) }
      if rowLoss.count == x.rows { rowLoss.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } } else {
        rowLoss = [Float](repeating: 0, count: x.rows)
      }
      output.values.withUnsafeBufferPointer { out in
        x.values.withUnsafeBufferPointer { target in
          dOutput.values.withUnsafeMutableBufferPointer { d in
            rowLoss.withUnsafeMutableBufferPointer { l in
              let y = UnsafeSendable(out.baseAddress!), t = UnsafeSendable(target.baseAddress!)
              let dWrites = DisjointWrites(base: d.baseAddress!), lWrites = DisjointWrites(base: l.baseAddress!)
              DeterministicParallel.forEach(x.rows) { i in
                let offset = i * columns
                if bernoulli && !measuresLoss {
                  Losses.binaryCrossEntropyWithLogitsGradient(y.value + offset, targets: t.value + offset, count: columns,
                                                              gradient: dWrites.base + offset, scale: scale)
                } else if bernoulli {
                  lWrites.base[i] = Losses.binaryCrossEntropyWithLogits(y.value + offset, targets: t.value + offset, count: columns,
                                                                       gradient: dWrites.base + offset, scale: scale)
                } else {
                  lWrites.base[i] = Losses.squaredError(y.value + offset, targets: t.value + offset, count: columns,
                                                       gradient: dWrites.base + offset, scale: scale)
                }
              }
            }
          }
        }
      }
      for term in rowLoss { loss.reconstruction += Double(term) / Double(inputs * batch) }
      let dz = gradient.withUnsafeMutableBufferPointer {
        decoder.backward(decoded, dOutput, accumulatingInto: $0.baseAddress! + layout.decoder.lowerBound, scratch: &workspace.decoderScratch)!
      }
      var dMean = workspace.take(\.meanGradient, rows: x.rows, columns: z)
      var dLogVariance = workspace.take(\.logVarianceGradient, rows: x.rows, columns: z)
      defer { workspace.putBack(dMean, to: \.meanGradient); workspace.putBack(dLogVariance, to: \.logVarianceGradient) }
      Variational.sampleBackward(dz: dz, logVariance: logVariance, noise: draw.noise, mean: &dMean, logVariance: &dLogVariance)
      let conditional = priorRows(targets.contexts, rows: x.rows, means: &workspace.priorMeanRows,
                                  logVariances: &workspace.priorLogVarianceRows)
      let priorMean = conditional ? workspace.priorMeanRows : nil, priorLogVariance = conditional ? workspace.priorLogVarianceRows : nil
      Variational.klDivergence(mean: mean, logVariance: logVariance, priorMean: priorMean, priorLogVariance: priorLogVariance,
                               into: &workspace.divergence)
      // Taken apart once: reading a member of the terms inside the loops below would retain all five arrays.
      let divergence = workspace.divergence
      let klPerRow = divergence.perRow, klMean = divergence.mean, klLogVariance = divergence.logVariance
      let klPriorMean = divergence.priorMean, klPriorLogVariance = divergence.priorLogVariance
      let klScale = weights.divergence / (batch * inputs)
      loss.divergence = klPerRow.reduce(0) { $0 + Double($1) } / Double(batch * inputs)
      dMean.values.withUnsafeMutableBufferPointer { m in
        dLogVariance.values.withUnsafeMutableBufferPointer { l in
          for i in m.indices {
            m[i] += klMean.values[i] * klScale
            l[i] += klLogVariance.values[i] * klScale
          }
        }
      }
      if shape.conditionalPrior, let contexts = targets.contexts {
        for i in 0..<x.rows {
          for j in 0..<z {
            gradient[layout.priorMeans.lowerBound + contexts[i] * z + j] += klPriorMean[i, j] * klScale
            gradient[layout.priorLogVariances.lowerBound + contexts[i] * z + j] += klPriorLogVariance[i, j] * klScale
          }
        }
      }
      var dStatistics = workspace.take(\.statisticsGradient, rows: x.rows, columns: 2 * z)
      defer { workspace.putBack(dStatistics, to: \.statisticsGradient) }
      dStatistics.values.withUnsafeMutableBufferPointer { out in
        for i in 0..<x.rows {
          for j in 0..<z {
            out[i * 2 * z + j] = dMean.values[i * z + j]
            out[i * 2 * z + z + j] = dLogVariance.values[i * z + j]
          }
        }
      }
      gradient.withUnsafeMutableBufferPointer {
        toLatent.accumulateGradients(input: h, outputGradient: dStatistics, into: $0.baseAddress! + layout.toLatent.lowerBound)
      }
      toLatent.inputGradient(dStatistics, into: &workspace.latentInputGradient)
      let dFromLatent = workspace.latentInputGradient
      for i in dH.values.indices { dH.values[i] += dFromLatent.values[i] }
    }

    _ = gradient.withUnsafeMutableBufferPointer {
      encoder.backward(trace, dH, accumulatingInto: $0.baseAddress! + layout.encoder.lowerBound, needInputGradient: false,
                       scratch: &workspace.encoderScratch)
    }
    return loss
  }

  /// Per-row gate masks for the decoder's gated layers (nil when ungated or without contexts).
  func gateRows(_ contexts: [Int]?) -> [Matrix?]? {
    var rows: [Matrix?] = []
    return gateRows(contexts, into: &rows) ? rows : nil
  }

  /// Writes the per-row gate masks of the decoder's gated layers into `rows` (reusing its matrices;
  /// nil for the ungated output layer) and returns true, or returns false when ungated or without contexts.
  func gateRows(_ contexts: [Int]?, into rows: inout [Matrix?]) -> Bool {
    guard shape.isGated, let contexts else { return false }
    if rows.count != gates.count + 1 { rows = [Matrix?](repeating: nil, count: gates.count + 1) }
    for (l, mask) in gates.enumerated() {
      var m = rows[l] ?? Matrix(rows: 0, columns: 0)
      rows[l] = nil  // so that `m` is the only reference and is written in place
      m.reshape(rows: contexts.count, columns: mask.columns)
      m.values.withUnsafeMutableBufferPointer { out in
        mask.values.withUnsafeBufferPointer { source in
          for (i, c) in contexts.enumerated() {
            for j in 0..<mask.columns { out[i * mask.columns + j] = source[c * mask.columns + j] }
          }
        }
      }
      rows[l] = m
    }
    rows[gates.count] = nil  // the output layer is not gated
    return true
  }

  /// Per-row prior means and log-variances into `means` and `logVariances` (their storage reused;
  /// rows past the contexts are zero), and true; false for the standard normal (then nothing is written).
  func priorRows(_ contexts: [Int]?, rows: Int, means: inout Matrix, logVariances: inout Matrix) -> Bool {
    guard shape.conditionalPrior, let contexts else { return false }
    let z = shape.latent
    means.reshape(rows: rows, columns: z)
    logVariances.reshape(rows: rows, columns: z)
    means.values.withUnsafeMutableBufferPointer { m in
      logVariances.values.withUnsafeMutableBufferPointer { l in
        m.update(repeating: 0)
        l.update(repeating: 0)
        for (i, c) in contexts.enumerated() {
          for j in 0..<z {
            m[i * z + j] = priorMeans[c, j]
            l[i * z + j] = priorLogVariances[c, j]
          }
        }
      }
    }
    return true
  }

  /// Draws `contexts.count` (or `count`, unconditionally) samples from the prior and decodes them:
  /// pixel probabilities for a Bernoulli decoder, activations for a Gaussian one.
  /// With `workspace`, the latent draw, gate rows and decoder trace reuse its storage (the returned
  /// matrix shares the trace's until the next call).
  func generate(count: Int, contexts: [Int]?, generator: inout SeededGenerator, workspace: ReplayWorkspace? = nil) -> Matrix {
    guard let decoder else { return Matrix(rows: 0, columns: shape.inputs) }
    let workspace = workspace ?? ReplayWorkspace()
    let n = contexts?.count ?? count, z = shape.latent
    // The decoder's trace lets go of last call's draw and gate rows before they are rewritten in place.
    workspace.decoder.inputs.removeAll(keepingCapacity: true)
    if shape.isGated { workspace.decoder.gates.removeAll(keepingCapacity: true) }
    var latent = workspace.take(\.latent, rows: n, columns: z)  // (every value is written below)
    defer { workspace.putBack(latent, to: \.latent) }
    for i in 0..<n {
      for j in 0..<z {
        let noise = Float(generator.normal())
        if shape.conditionalPrior, let c = contexts?[i] {
          latent[i, j] = priorMeans[c, j] + exp(0.5 * priorLogVariances[c, j]) * noise
        } else {
          latent[i, j] = noise
        }
      }
    }
    let gated = gateRows(contexts, into: &workspace.gates)
    decoder.forward(latent, gates: gated ? workspace.gates : nil, into: &workspace.decoder)
    if shape.reconstruction == .bernoulli, let last = workspace.decoder.outputs.indices.last {
      Activation.sigmoid.apply(&workspace.decoder.outputs[last])
    }
    return workspace.decoder.output
  }
}
