import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// `spikeline train`: pre-train a spiking classifier on a spike dataset.
struct TrainCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "train",
    abstract: "Train a spiking network with surrogate-gradient BPTT on a spike dataset.",
    discussion: """
      Defaults train the Replay4NCL/SpikingLR backbone (700 → 200r → 100r → 50r → 20, current-based \
      LIF, β 0.9048, α 0.8187, threshold 1, reset to zero) on the bundled spoken digits binned into \
      100 steps over 1 s, with the settings that measured best on this data: fast-sigmoid surrogate \
      slope 10 (SpikingLR: 100), mean-membrane readout (SpikingLR: max over time), channel, time and \
      drop augmentation, and a firing-rate penalty holding hidden layers near 5% activity. Prints one \
      line per epoch (loss, train and test accuracy, samples/s); --checkpoint saves model and \
      optimiser state atomically after every epoch (and every --checkpoint-every batches), and \
      --resume continues a stopped run exactly where it left off.
      """,
    options: [
      .value("--dataset", "<file>", "Spike dataset.", default: "Scenarios/Data/spoken-digits.spkd"),
      .value("--steps", "<T>", "Time steps per sample.", default: "100"),
      .value("--window", "<seconds>", "Seconds the steps cover.", default: "1.0"),
      .value("--epochs", "<n>", "Epochs.", default: "30"),
      .value("--batch", "<n>", "Mini-batch size.", default: "64"),
      .value("--lr", "<rate>", "Learning rate.", default: "0.002"),
      .value("--optimizer", "<name>", "Optimiser.", default: "adam", values: ["adam", "adamax", "sgd"]),
      .value("--schedule", "<name>", "Learning-rate schedule.", default: "cosine", values: ["constant", "cosine", "step", "linear"]),
      .value("--weight-decay", "<λ>", "Decoupled weight decay.", default: "0"),
      .value("--clip", "<norm>", "Clip the gradient's global norm."),
      .value("--hidden", "<sizes>", "Hidden layer sizes.", default: "200,100,50"),
      .flag("--feedforward", "No recurrent weights."),
      .value("--beta", "<β>", "Membrane decay per step.", default: "0.9048"),
      .value("--alpha", "<α>", "Synaptic decay per step (0 = delta synapses).", default: "0.8187"),
      .value("--threshold", "<θ>", "Spike threshold.", default: "1"),
      .value("--reset", "<mode>", "Reset after a spike.", default: "zero", values: ["zero", "subtract"]),
      .value("--readout", "<mode>", "Class scores.", default: "meanMembrane", values: ReadoutMode.allCases.map(\.rawValue)),
      .value("--surrogate", "<name>", "Surrogate gradient.", default: "fastSigmoid", values: ["fastSigmoid", "arctan"]),
      .value("--slope", "<k>", "Surrogate slope.", default: "10"),
      .value("--weight-scale", "<s>", "Initial weights ~ N(0, (s/√fan-in)²).", default: "0.5"),
      .value("--readout-scale", "<s>", "The same for the readout layer.", default: "0.1"),
      .flag("--learn-beta", "Train each layer's membrane decay too."),
      .value("--classes", "<list>", "Classes to train and test on, e.g. 0...18 (default: all)."),
      .value("--augment-channels", "<k>", "Shift training inputs by up to ±k channels.", default: "12"),
      .value("--augment-steps", "<k>", "Shift training inputs by up to ±k steps.", default: "5"),
      .value("--augment-drop", "<p>", "Drop each training input spike with probability p.", default: "0.1"),
      .flag("--no-shuffle", "Keep the training order fixed."),
      .value("--rate-target", "<r>", "Target fraction of (step, neuron) pairs that spike in hidden layers.", default: "0.05"),
      .value("--rate-strength", "<λ>", "Strength of the firing-rate penalty λ(r − r*)² (0: none).", default: "50"),
      .value("--limit", "<n>", "Use only the first n training samples."),
      .value("--seed", "<n>", "Seed of weights and shuffling.", default: "1"),
      .value("--checkpoint", "<file>", short: "-o", "Save model and optimiser state here (default: out/train-seed<seed>.spkc)."),
      .flag("--no-checkpoint", "Do not save the trained model."),
      .value("--checkpoint-every", "<batches>", "Also save every this many batches."),
      .flag("--resume", "Continue from --checkpoint."),
      .flag("--model-only", "Save only the model in --checkpoint (smaller; cannot be resumed)."),
      .value("--validation-speakers", "<n>", "Leave the last n training speakers out of training (a validation set for later searches).", default: "0"),
      .flag("--json", "Print the epoch history and final accuracy as JSON."),
      .flag("--deterministic", "With --json: leave out wall-time fields, so that runs with the same seed give the same bytes."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let dataset = try SpikeDataset.read(arguments.value("--dataset") ?? BundledData.resolve("Scenarios/Data/spoken-digits.spkd"))
    let binning = Binning(steps: try arguments.int("--steps", default: 100, in: 1...10_000),
                          window: try arguments.double("--window", default: 1.0, in: 1e-3...100))
    let classes = try arguments.intList("--classes", in: 0...(dataset.classNames.count - 1)) ?? Array(dataset.classNames.indices)
    let heldOut = Set(try validationSpeakers(dataset, count: try arguments.int("--validation-speakers", default: 0, in: 0...10_000)))
    let trainSamples = dataset.samples(in: .train).filter { classes.contains($0.label) && !heldOut.contains($0.speaker) }
    guard !trainSamples.isEmpty else {
      throw SpikelineError(.invalidInput, "no training samples of classes \(classes.map(String.init).joined(separator: ",")) in the dataset")
    }
    var train = trainSamples.map { binning.bin($0, timeUnit: dataset.timeUnit, channels: dataset.channelCount) }
    if let limit = try arguments.int("--limit", in: 1...Int.max) { train = Array(train.prefix(limit)) }
    let test = binning.bin(dataset, split: .test).filter { classes.contains($0.label) }
    let settings = try trainingSettings(arguments)
    var trainer: SpikingTrainer
    if arguments.flag("--no-checkpoint") && arguments.value("--checkpoint") != nil {
      throw SpikelineError.usage("--no-checkpoint and --checkpoint contradict each other")
    }
    let checkpointPath = arguments.flag("--no-checkpoint") ? nil : arguments.value("--checkpoint") ?? "out/train-seed\(settings.seed).spkc"
    if let checkpointPath, !arguments.flag("--resume") {
      try ensureDirectory(URL(fileURLWithPath: checkpointPath).deletingLastPathComponent().path)
    }
    if arguments.flag("--resume") {
      guard let checkpointPath, arguments.value("--checkpoint") != nil else { throw SpikelineError.usage("--resume needs --checkpoint <file>") }
      trainer = try resumedTrainer(checkpointPath, arguments, dataset: dataset, binning: binning)
      io.printError("resuming from \(checkpointPath) at epoch \(trainer.epoch + 1), batch \(trainer.batchInEpoch + 1)")
    } else {
      var model = try SpikingModel(try architecture(arguments, inputs: dataset.channelCount, outputs: dataset.classNames.count),
                                   seed: settings.seed)
      if arguments.flag("--learn-beta") { for l in model.layers.indices { model.layers[l].learnsMembraneDecay = true } }
      trainer = try SpikingTrainer(model: model, settings: settings)
    }
    trainer.activeClasses = classes.count < dataset.classNames.count ? classes : nil
    let every = try arguments.int("--checkpoint-every", in: 1...1_000_000)
    if let checkpointPath {
      trainer.afterBatch = { trainer in
        if trainer.batchInEpoch == 0 || (every.map { trainer.batchInEpoch % $0 == 0 } ?? false) {
          try TrainingCheckpoint(trainer: trainer, metadata: metadata(arguments, binning, classes)).write(to: checkpointPath)
        }
        return true
      }
    }
    let batches = (train.count + settings.batchSize - 1) / settings.batchSize
    let progress = io.progress("training", total: settings.epochs * batches)
    progress.resume(from: trainer.epoch * batches + trainer.batchInEpoch)
    try trainer.train(train, test: test, report: { record in
      progress.finish("")
      io.printError(String(format: "epoch %3d/%d  loss %.4f  train %.2f%%  test %.2f%%  lr %.2g  %.0f samples/s",
                           record.epoch, settings.epochs, record.loss, record.trainAccuracy * 100,
                           (record.testAccuracy ?? 0) * 100, record.learningRate, record.samplesPerSecond))
    }, batchProgress: { batch, _ in
      progress.advance(to: trainer.epoch * batches + batch, detail: "epoch \(trainer.epoch + 1)/\(settings.epochs), batch \(batch)/\(batches)")
    })
    if let checkpointPath {
      var checkpoint = TrainingCheckpoint(trainer: trainer, metadata: metadata(arguments, binning, classes))
      if arguments.flag("--model-only") { checkpoint = TrainingCheckpoint(model: trainer.model, metadata: checkpoint.metadata) }
      try checkpoint.write(to: checkpointPath)
      io.printError("saved the trained model to \(checkpointPath)\(arguments.flag("--model-only") ? " (model only)" : "")")
    }
    let evaluation = trainer.evaluate(test)
    let rates = Array(trainer.model.firingRates(test).dropLast())
    if arguments.flag("--json") {
      struct Output: Encodable {
        var testAccuracy: Double; var epochs: [EpochRecord]; var parameters: Int; var operations: OperationCount; var hiddenFiringRates: [Double]
      }
      try io.printJSON(Output(testAccuracy: evaluation.accuracy, epochs: trainer.history, parameters: trainer.model.parameterCount,
                              operations: trainer.operations, hiddenFiringRates: rates), deterministic: arguments.flag("--deterministic"))
    } else {
      io.print(String(format: "test accuracy %.2f%% on %d samples (%d classes), %d parameters; hidden firing rates %@ of (step, neuron) pairs",
                      evaluation.accuracy * 100, test.count, classes.count, trainer.model.parameterCount,
                      rates.map { String(format: "%.1f%%", $0 * 100) }.joined(separator: ", ")))
    }
  }

  /// The trainer saved in `path`, checked against the dataset and the options: a resumed run takes
  /// its model and settings from the checkpoint, so options that would change them are errors.
  static func resumedTrainer(_ path: String, _ arguments: ParsedArguments, dataset: SpikeDataset, binning: Binning) throws -> SpikingTrainer {
    let fixed = ["--epochs", "--batch", "--lr", "--optimizer", "--schedule", "--weight-decay", "--clip", "--hidden", "--feedforward", "--beta",
                 "--alpha", "--threshold", "--reset", "--readout", "--surrogate", "--slope", "--weight-scale", "--readout-scale", "--learn-beta",
                 "--augment-channels", "--augment-steps", "--augment-drop", "--no-shuffle", "--rate-target", "--rate-strength", "--seed"]
    let given = fixed.filter { arguments.value($0) != nil || arguments.flag($0) }
    guard given.isEmpty else {
      throw SpikelineError.usage("\(given.joined(separator: ", ")) cannot change a resumed run: the checkpoint fixes the model and its training settings")
    }
    let checkpoint = try TrainingCheckpoint.read(path)
    let architecture = checkpoint.model.architecture
    guard architecture.inputChannels == dataset.channelCount, architecture.outputs == dataset.classNames.count else {
      throw SpikelineError(.invalidInput, file: path,
                           "the model takes \(architecture.inputChannels) channels and \(architecture.outputs) classes; the dataset has \(dataset.channelCount) channels and \(dataset.classNames.count) classes")
    }
    if let steps = checkpoint.metadata["steps"].flatMap(Int.init), steps != binning.steps {
      throw SpikelineError.usage("--steps \(binning.steps) differs from the \(steps) steps the checkpoint was trained with")
    }
    return try checkpoint.trainer()
  }

  /// The last `count` training speakers (by speaker index), held out as a validation set.
  static func validationSpeakers(_ dataset: SpikeDataset, count: Int) throws -> [Int] {
    let speakers = Array(Set(dataset.samples(in: .train).map(\.speaker))).sorted()
    guard !speakers.isEmpty else { throw SpikelineError(.invalidInput, "the dataset has no training samples") }
    guard count < speakers.count else {
      throw SpikelineError.usage("--validation-speakers \(count) would leave no training speakers (the split has \(speakers.count))")
    }
    return Array(speakers.suffix(count))
  }

  /// What a checkpoint records about how its model was trained.
  static func metadata(_ a: ParsedArguments, _ binning: Binning, _ classes: [Int]) -> [String: String] {
    ["dataset": a.value("--dataset") ?? BundledData.resolve("Scenarios/Data/spoken-digits.spkd"), "steps": "\(binning.steps)",
     "window": "\(binning.window)", "classes": classes.map(String.init).joined(separator: ","), "tool": "spikeline train \(Spikeline.version)",
     "validationSpeakers": a.value("--validation-speakers") ?? "0", "arguments": CommandLine.arguments.dropFirst().joined(separator: " ")]
  }

  static func architecture(_ a: ParsedArguments, inputs: Int, outputs: Int) throws -> SpikingArchitecture {
    let slope = Float(try a.double("--slope", default: 10, in: 1e-3...1e6))
    return SpikingArchitecture(
      inputChannels: inputs, hidden: try a.intList("--hidden", in: 1...100_000) ?? [200, 100, 50], recurrent: !a.flag("--feedforward"),
      outputs: outputs, membraneDecay: Float(try a.double("--beta", default: 0.9048, in: 0...0.99999)),
      synapticDecay: Float(try a.double("--alpha", default: 0.8187, in: 0...0.99999)),
      threshold: Float(try a.double("--threshold", default: 1, in: 1e-6...1e6)),
      resetMode: a.value("--reset") == "subtract" ? .subtractThreshold : .toPotential,
      readout: ReadoutMode(rawValue: a.value("--readout") ?? "meanMembrane") ?? .meanMembrane,
      surrogate: a.value("--surrogate") == "arctan" ? .arctan(slope: slope) : .fastSigmoid(slope: slope),
      weightScale: Float(try a.double("--weight-scale", default: 0.5, in: 1e-6...1e3)),
      readoutWeightScale: Float(try a.double("--readout-scale", default: 0.1, in: 1e-6...1e3)))
  }

  static func trainingSettings(_ a: ParsedArguments) throws -> TrainingSettings {
    let schedule: LearningRateSchedule
    switch a.value("--schedule") ?? "cosine" {
    case "constant": schedule = .constant
    case "step": schedule = .step(epochs: 10, factor: 0.5)
    case "linear": schedule = .linear(end: 0.1)
    default: schedule = .cosine(floor: 0.05)
    }
    return TrainingSettings(
      epochs: try a.int("--epochs", default: 30, in: 0...100_000), batchSize: try a.int("--batch", default: 64, in: 1...100_000),
      learningRate: Float(try a.double("--lr", default: 0.002, in: 0...10)),
      optimizer: OptimizerKind.named(a.value("--optimizer") ?? "adam") ?? .adamDefault, schedule: schedule,
      weightDecay: Float(try a.double("--weight-decay", default: 0, in: 0...1)),
      gradientClipNorm: try a.double("--clip", in: 1e-9...1e9).map(Float.init),
      seed: UInt64(try a.int("--seed", default: 1, in: 0...Int.max)),
      augmentation: Augmentation(channelShift: try a.int("--augment-channels", default: 12, in: 0...1000),
                                 timeShift: try a.int("--augment-steps", default: 5, in: 0...1000),
                                 dropProbability: try a.double("--augment-drop", default: 0.1, in: 0...0.99)),
      shuffle: !a.flag("--no-shuffle"),
      rateRegularization: try a.double("--rate-strength", default: 50, in: 0...1e6) > 0
        ? RateRegularization(strength: Float(try a.double("--rate-strength", default: 50)), target: Float(try a.double("--rate-target", default: 0.05, in: 0...1)))
        : nil)
  }
}
