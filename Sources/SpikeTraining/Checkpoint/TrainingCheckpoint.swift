import Foundation
import SpikeCore
import SpikelineSupport

/// A saved training run: the model, the optimiser's state and where training stood.
///
/// Binary format, version 1 (little-endian):
///
///     offset  size  field
///     0       4     magic "SPKC"
///     4       2     version (1)
///     6       2     reserved (0)
///     8       4     header length H
///     12      H     header: UTF-8 JSON (architecture, layer shapes and dynamics, training settings,
///                   epoch, batch, history, operation counts, optimiser kind and step, metadata)
///     …             per layer: W (inputs × outputs float32), then V (outputs × outputs float32) if recurrent
///     …             optimiser first and second moments (parameter count float32 each)
///     last 8        FNV-1a 64-bit hash of every byte before it
///
/// Files are written to a temporary file and renamed, so a run killed while saving leaves the
/// previous checkpoint intact.
public struct TrainingCheckpoint: Sendable {
  struct LayerHeader: Codable, Equatable {
    var inputs: Int
    var outputs: Int
    var recurrent: Bool
    var membraneDecay: Float
    var synapticDecay: Float
    var threshold: Float?  // nil: non-spiking readout (JSON has no infinity)
    var resetMode: NeuronModel.ResetMode
    var learnsMembraneDecay: Bool
  }

  struct Header: Codable {
    var architecture: SpikingArchitecture
    var layers: [LayerHeader]
    var settings: TrainingSettings
    var epoch: Int
    var batchInEpoch: Int
    var history: [EpochRecord]
    var operations: OperationCount
    var optimizerKind: OptimizerKind
    var weightDecay: Float
    var gradientClipNorm: Float?
    var optimizerStep: Int
    var metadata: [String: String]
    /// Loss, correct predictions and samples of the epoch in progress.
    var epochLoss: Double
    var epochCorrect: Int
    var epochSamples: Int
    /// False for a model-only checkpoint (no optimiser moments; cannot resume training).
    var includesOptimizerState: Bool
  }

  /// The model, all layers.
  public var model: SpikingModel
  /// How it was being trained.
  public var settings: TrainingSettings
  /// The optimiser's step and moments (empty moments in a model-only checkpoint).
  public var optimizer: Optimizer
  /// The epoch in progress (0-based).
  public var epoch: Int
  /// The next batch of that epoch.
  public var batchInEpoch: Int
  /// One record per finished epoch.
  public var history: [EpochRecord]
  /// Operations counted over all training so far.
  public var operations: OperationCount
  /// Free-form facts about the run (dataset, steps, classes, command).
  public var metadata: [String: String]
  /// Running totals of the epoch in progress (so a resumed epoch reports the same loss).
  var epochTotals: (loss: Double, correct: Int, samples: Int) = (0, 0, 0)
  /// Whether the optimiser's moments are saved (false: a model-only checkpoint, about a third the size).
  public var includesOptimizerState = true

  static let magic = Array("SPKC".utf8)
  /// The `.spkc` format version this code reads and writes.
  public static let formatVersion: UInt16 = 1

  /// The state of `trainer` now.
  public init(trainer: SpikingTrainer, metadata: [String: String] = [:]) {
    model = trainer.model
    settings = trainer.settings
    optimizer = trainer.optimizer
    epoch = trainer.epoch
    batchInEpoch = trainer.batchInEpoch
    history = trainer.history
    operations = trainer.operations
    self.metadata = metadata
    epochTotals = (trainer.epochLoss, trainer.epochCorrect, trainer.epochSamples)
  }

  /// A checkpoint of a model alone (no training state, no optimiser moments).
  public init(model: SpikingModel, metadata: [String: String] = [:]) {
    includesOptimizerState = false
    self.model = model
    settings = TrainingSettings(epochs: 0)
    optimizer = Optimizer(kind: .adamDefault, parameterCount: model.parameterCount)
    epoch = 0
    batchInEpoch = 0
    history = []
    operations = OperationCount()
    self.metadata = metadata
  }

  /// A trainer that continues this run.
  /// - Throws: if this is a model-only checkpoint.
  public func trainer() throws -> SpikingTrainer {
    guard includesOptimizerState else {
      throw SpikelineError(.invalidInput, "this is a model-only checkpoint (no optimiser state); it can be used but not resumed")
    }
    let trainer = SpikingTrainer(model: model, settings: settings, optimizer: optimizer, epoch: epoch, batchInEpoch: batchInEpoch,
                                 history: history, operations: operations)
    (trainer.epochLoss, trainer.epochCorrect, trainer.epochSamples) = epochTotals
    return trainer
  }

  // MARK: Writing

  /// The file's bytes.
  /// - Throws: `SpikelineError` if the header cannot be encoded.
  public func encoded() throws -> [UInt8] {
    let header = Header(
      architecture: model.architecture,
      layers: model.layers.map { LayerHeader(inputs: $0.inputs, outputs: $0.outputs, recurrent: $0.isRecurrent,
                                             membraneDecay: $0.membraneDecay, synapticDecay: $0.synapticDecay,
                                             threshold: $0.threshold.isFinite ? $0.threshold : nil, resetMode: $0.resetMode,
                                             learnsMembraneDecay: $0.learnsMembraneDecay) },
      settings: settings, epoch: epoch, batchInEpoch: batchInEpoch, history: history, operations: operations,
      optimizerKind: optimizer.kind, weightDecay: optimizer.weightDecay, gradientClipNorm: optimizer.gradientClipNorm,
      optimizerStep: optimizer.step, metadata: metadata, epochLoss: epochTotals.loss, epochCorrect: epochTotals.correct,
      epochSamples: epochTotals.samples, includesOptimizerState: includesOptimizerState)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = [UInt8](try encoder.encode(header))
    var writer = ByteWriter(capacity: 32 + json.count + (model.parameterCount * 3) * 4)
    writer.write(bytes: Self.magic)
    writer.write(Self.formatVersion)
    writer.write(UInt16(0))
    writer.write(UInt32(json.count))
    writer.write(bytes: json)
    func floats(_ values: [Float]) { for value in values { writer.write(value.bitPattern) } }
    for layer in model.layers {
      floats(layer.feedforward)
      floats(layer.recurrent)
    }
    if includesOptimizerState {
      floats(optimizer.first)
      floats(optimizer.second)
    }
    writer.write(StableHash.fnv1a64(bytes: writer.bytes))
    return writer.bytes
  }

  /// Writes atomically.
  public func write(to path: String) throws {
    try AtomicFileWriter.write(try encoded(), to: path)
  }

  // MARK: Reading

  /// Reads a checkpoint file.
  /// - Throws: `SpikelineError` naming the file and the byte offset or header field of the first problem.
  public static func read(_ path: String) throws -> TrainingCheckpoint {
    try decode(try readFileBytes(path), file: path)
  }

  /// Decodes checkpoint bytes: checksum first, then every header value is validated before it is used.
  /// - Complexity: O(bytes).
  public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> TrainingCheckpoint {
    var reader = ByteReader(bytes: bytes, file: file)
    try reader.expect(magic, "the magic \"SPKC\" of a Spikeline checkpoint")
    let version = try reader.readUInt16("the format version")
    guard version == formatVersion else { throw reader.error("checkpoint format version \(version) is not supported (expected \(formatVersion))", at: 4) }
    _ = try reader.readUInt16("reserved bytes")
    guard bytes.count >= 20 else { throw reader.error("file ends early: a checkpoint is at least 20 bytes") }
    let stored = bytes.suffix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    let computed = StableHash.fnv1a64(bytes: bytes.dropLast(8))
    guard stored == computed else { throw reader.error("checksum mismatch: the file is damaged or truncated", at: bytes.count - 8) }
    let headerLength = Int(try reader.readUInt32("the header length"))
    let headerOffset = reader.offset
    let json = try reader.readBytes(headerLength, "the JSON header")
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(json))
    } catch {
      throw reader.error("the header is not a valid checkpoint header: \(error)", at: headerOffset)
    }
    // The checksum proves the bytes are as written, not that what was written makes sense.
    if let problem = header.validationErrors().first { throw problem.inFile(file ?? "checkpoint").underField("header") }
    var layers: [SpikingLayer] = []
    for (index, shape) in header.layers.enumerated() {
      // Both sizes are at most 65,536 (checked above), so the product cannot overflow.
      guard shape.inputs * shape.outputs <= reader.remaining / 4 else {
        throw reader.error("layer \(index) declares \(shape.inputs) × \(shape.outputs) weights, more than the file holds")
      }
      var layer = SpikingLayer(inputs: shape.inputs, outputs: shape.outputs, membraneDecay: shape.membraneDecay,
                               synapticDecay: shape.synapticDecay, threshold: shape.threshold ?? .infinity, resetMode: shape.resetMode)
      layer.learnsMembraneDecay = shape.learnsMembraneDecay
      layer.feedforward = try readFloats(&reader, shape.inputs * shape.outputs, "layer \(index) feed-forward weights")
      if shape.recurrent { layer.recurrent = try readFloats(&reader, shape.outputs * shape.outputs, "layer \(index) recurrent weights") }
      layers.append(layer)
    }
    for index in layers.indices.dropFirst() where layers[index].inputs != layers[index - 1].outputs {
      throw reader.error("layer \(index) takes \(layers[index].inputs) inputs but layer \(index - 1) has \(layers[index - 1].outputs) outputs", at: headerOffset)
    }
    let model = SpikingModel(architecture: header.architecture, layers: layers)
    let count = header.includesOptimizerState ? model.parameterCount : 0
    let first = try readFloats(&reader, count, "the optimiser's first moments")
    let second = try readFloats(&reader, count, "the optimiser's second moments")
    guard reader.remaining == 8 else { throw reader.error("\(reader.remaining - 8) unexpected bytes before the checksum") }
    let optimizer = Optimizer(kind: header.optimizerKind, weightDecay: header.weightDecay, gradientClipNorm: header.gradientClipNorm,
                              step: header.optimizerStep, first: first, second: second)
    var checkpoint = TrainingCheckpoint(model: model, metadata: header.metadata)
    checkpoint.settings = header.settings
    checkpoint.optimizer = optimizer
    checkpoint.epoch = header.epoch
    checkpoint.batchInEpoch = header.batchInEpoch
    checkpoint.history = header.history
    checkpoint.operations = header.operations
    checkpoint.epochTotals = (header.epochLoss, header.epochCorrect, header.epochSamples)
    checkpoint.includesOptimizerState = header.includesOptimizerState
    return checkpoint
  }

  static func readFloats(_ reader: inout ByteReader, _ count: Int, _ what: String) throws -> [Float] {
    let raw = try reader.readBytes(count * 4, what)
    var values = [Float](repeating: 0, count: count)
    var index = raw.startIndex
    for k in 0..<count {
      values[k] = Float(bitPattern: UInt32(raw[index]) | UInt32(raw[index + 1]) << 8 | UInt32(raw[index + 2]) << 16 | UInt32(raw[index + 3]) << 24)
      index += 4
    }
    return values
  }
}

extension TrainingCheckpoint.Header {
  /// Every header value checked against what the rest of the code assumes, each naming its field.
  func validationErrors() -> [SpikelineError] {
    var errors = architecture.validationErrors().map { $0.underField("architecture") }
    errors += settings.validationErrors().map { $0.underField("settings") }
    let sizes = 1...SpikingArchitecture.maximumLayerSize
    if layers.isEmpty { errors.append(.field("layers", "the checkpoint has no layers; a model needs at least a readout layer")) }
    for (index, shape) in layers.enumerated() where !sizes.contains(shape.inputs) || !sizes.contains(shape.outputs) {
      errors.append(.field("layers[\(index)]", "has \(shape.inputs) inputs and \(shape.outputs) outputs; each must be 1...\(sizes.upperBound)"))
    }
    if let first = layers.first, first.inputs != architecture.inputChannels {
      errors.append(.field("layers[0].inputs", "is \(first.inputs) but the architecture takes \(architecture.inputChannels) input channels"))
    }
    if let last = layers.last, last.outputs != architecture.outputs {
      errors.append(.field("layers[\(layers.count - 1)].outputs", "is \(last.outputs) but the architecture has \(architecture.outputs) outputs"))
    }
    if settings.lowestTrainableLayer > layers.count {
      errors.append(.field("settings.lowestTrainableLayer", "is \(settings.lowestTrainableLayer) but the model has \(layers.count) layers"))
    }
    if epoch < 0 { errors.append(.field("epoch", "must be >= 0 (got \(epoch))")) }
    if batchInEpoch < 0 { errors.append(.field("batchInEpoch", "must be >= 0 (got \(batchInEpoch))")) }
    if optimizerStep < 0 { errors.append(.field("optimizerStep", "must be >= 0 (got \(optimizerStep))")) }
    if epochSamples < 0 || epochCorrect < 0 { errors.append(.field("epochSamples", "counts must be >= 0")) }
    return errors
  }
}
