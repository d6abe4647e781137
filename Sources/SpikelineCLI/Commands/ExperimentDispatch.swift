import Foundation
import ChipModel
import ContinualLearning
import ScenarioKit
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Runs experiment scenarios for `spikeline run`.
enum ExperimentDispatch {
  static func run(_ experiment: ExperimentScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    switch experiment {
    case .replay(let replay): try runReplay(replay, scenario: scenario, profile: profile, arguments: arguments, io: io)
    case .train(let train): try runTrain(train, arguments: arguments, io: io)
    case .classifier(let classifier): try runClassifier(classifier, scenario: scenario, profile: profile, arguments: arguments, io: io)
    }
  }

  static func runReplay(_ replay: ReplayScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    let dataset = try SpikeDataset.read(replay.dataset)
    var models: [Int: [Int: SpikingModel]] = [:]
    for c in replay.heldOutClasses {
      for steps in Set(replay.methods.map(\.backboneSteps)) {
        let path = Replay4NCLOptions.backboneFile(replay.pretrained, steps: steps, without: c)
        guard FileManager.default.fileExists(atPath: path) else {
          throw SpikelineError(.io, file: scenario.file, location: .field("heldOutClasses"), "no backbone pre-trained at T = \(steps) without class \(c) (\(path)); Scenarios/Data/make-pretrained.sh shows how to make one")
        }
        models[c, default: [:]][steps] = try TrainingCheckpoint.read(path).model
      }
    }
    let experiment = ReplayExperiment(dataset: dataset, datasetName: replay.dataset, pretrained: models, heldOutClasses: replay.heldOutClasses,
                                      seeds: (1...UInt64(replay.seeds)).map { $0 }, methods: replay.methods,
                                      runner: ReplayRunner(profile: profile ?? replay.profile))
    let progress = io.progress("continual learning", total: replay.heldOutClasses.count * replay.seeds * replay.methods.count)
    let report = try experiment.run { _, _, _ in progress.advance() }
    progress.finish()
    if let directory = arguments.value("--out") { try Replay4NCLCommand.writeOutputs(report, to: directory, io: io) }
    if arguments.flag("--json") { try io.printJSON(report); return }
    io.print("Scenario: \(scenario.file)\n  \(scenario.description)")
    Replay4NCLCommand.printTable(report, io: io)
  }

  static func runTrain(_ train: TrainScenario, arguments: ParsedArguments, io: CommandIO) throws {
    let dataset = try SpikeDataset.read(train.dataset)
    var architecture = train.architecture
    architecture.inputChannels = dataset.channelCount
    architecture.outputs = dataset.classNames.count
    let binning = Binning(steps: train.steps, window: train.window)
    let classes = train.classes ?? Array(dataset.classNames.indices)
    let trainSet = binning.bin(dataset, split: .train).filter { classes.contains($0.label) }
    let testSet = binning.bin(dataset, split: .test).filter { classes.contains($0.label) }
    let trainer = try SpikingTrainer(model: try SpikingModel(architecture, seed: train.settings.seed), settings: train.settings)
    trainer.activeClasses = classes.count < dataset.classNames.count ? classes : nil
    try trainer.train(trainSet, test: testSet) { record in
      io.printError(String(format: "epoch %3d/%d  loss %.4f  train %.2f%%  test %.2f%%  %.0f samples/s", record.epoch, train.settings.epochs,
                           record.loss, record.trainAccuracy * 100, (record.testAccuracy ?? 0) * 100, record.samplesPerSecond))
    }
    if let checkpoint = train.checkpoint { try TrainingCheckpoint(model: trainer.model, metadata: ["dataset": train.dataset]).write(to: checkpoint) }
    let accuracy = trainer.evaluate(testSet).accuracy
    struct Output: Encodable { var testAccuracy: Double; var epochs: [EpochRecord]; var hiddenFiringRates: [Double] }
    let rates = Array(trainer.model.firingRates(testSet).dropLast())
    if arguments.flag("--json") { try io.printJSON(Output(testAccuracy: accuracy, epochs: trainer.history, hiddenFiringRates: rates)); return }
    io.print(String(format: "test accuracy %.2f%% on %d samples; hidden firing rates %@", accuracy * 100, testSet.count,
                    rates.map { String(format: "%.1f%%", $0 * 100) }.joined(separator: ", ")))
  }

  struct ClassifierReport: Encodable {
    var scenario: String
    var samples: Int
    var steps: Int
    var arithmetic: String
    var accuracy: Double
    /// Samples whose chip-time prediction equals the training forward pass's.
    var agreementWithTraining: Double
    var profile: String
    var energyPerSampleJoules: Double
    var latencyPerSampleSeconds: Double
    var synapticOpsPerSample: Double
    var spikesPerSample: Double
  }

  static func runClassifier(_ c: ClassifierScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    let model = try TrainingCheckpoint.read(c.checkpoint).model
    let dataset = try SpikeDataset.read(c.dataset)
    let binning = Binning(steps: c.steps, window: c.window)
    let pool = binning.bin(dataset, split: c.split)
    let samples = stride(from: 0, to: pool.count, by: max(pool.count / c.samples, 1)).prefix(c.samples).map { pool[$0] }
    let exported = try model.exportNetwork(tickDuration: c.window / Double(c.steps))
    let session = try ChipSession(network: exported.network, profile: profile ?? c.profile)
    let readout = exported.layers.last!
    let outputs = exported.network[readout].size
    var correct = 0, agree = 0, energy = 0.0, latency = 0.0, synapticOps = 0, spikes = 0
    let progress = io.progress("classifying", total: samples.count)
    for sample in samples {
      var network = exported.network
      try network.setSource(exported.input, .spikeTicks(sample.spikeTicks()))
      let simulation = try ChipTimeSimulation(network: network, tickDuration: exported.tickDuration,
                                              recording: RecordingPlan(spikes: .none, membranes: [.init(population: readout, neurons: Array(0..<outputs))]),
                                              arithmetic: c.fixedPoint.map { .fixedPoint($0) } ?? .floatingPoint)
      let monitor = try ChipActivityMonitor(network: network, mapping: session.mapping, routing: session.routing)
      simulation.observer = monitor
      simulation.run(ticks: c.steps)
      let result = simulation.result
      // Class scores from the readout's potentials, as the model's readout defines them.
      let traces = (0..<outputs).map { result.membrane(of: readout, neuron: $0)?.potentials ?? [] }
      let scores = traces.map { trace -> Double in
        switch model.architecture.readout {
        case .maxMembrane: return trace.max() ?? 0
        case .meanMembrane, .spikeCount: return trace.reduce(0, +) / Double(max(trace.count, 1))
        }
      }
      let chipPrediction = scores.indices.max { scores[$0] < scores[$1] } ?? 0
      let reference = SpikingTrainer.evaluate(model, [sample]).predictions.first ?? -1
      if chipPrediction == sample.label { correct += 1 }
      if chipPrediction == reference { agree += 1 }
      let report = try ChipReport(network: network, result: result, mapping: session.mapping, routing: session.routing, monitor: monitor)
      energy += report.total.energyJoules.total
      latency += report.total.latencySeconds ?? 0
      synapticOps += report.total.synapticOps
      spikes += report.total.spikes
      progress.advance()
    }
    progress.finish()
    let n = Double(samples.count)
    let report = ClassifierReport(scenario: scenario.file, samples: samples.count, steps: c.steps,
                                  arithmetic: c.fixedPoint == nil ? "float32" : "fixed point", accuracy: Double(correct) / n,
                                  agreementWithTraining: Double(agree) / n, profile: session.mapping.profile.name,
                                  energyPerSampleJoules: energy / n, latencyPerSampleSeconds: latency / n,
                                  synapticOpsPerSample: Double(synapticOps) / n, spikesPerSample: Double(spikes) / n)
    if arguments.flag("--json") { try io.printJSON(report); return }
    io.print("Scenario: \(scenario.file)\n  \(scenario.description)")
    io.print(String(format: "%d %@ samples run event by event in chip time (%d ticks, %@): accuracy %.1f%%, same class as the training forward pass on %.1f%%",
                    samples.count, c.split.name, c.steps, report.arithmetic, report.accuracy * 100, report.agreementWithTraining * 100))
    io.print("per sample on \(report.profile): energy \(Format.si(report.energyPerSampleJoules, "J")), latency \(Format.si(report.latencyPerSampleSeconds, "s")), \(Int(report.synapticOpsPerSample)) synaptic ops, \(Int(report.spikesPerSample)) spikes")
  }
}
