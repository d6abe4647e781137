import Foundation
import ChipModel
import ScenarioKit
import SpikelineSupport

/// Prints experiment scenarios for `spikeline run`; `ExperimentScenarioRunner` runs them.
enum ExperimentDispatch {
  static func run(_ experiment: ExperimentScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    switch experiment {
    case .replay(let replay): try runReplay(replay, scenario: scenario, profile: profile, arguments: arguments, io: io)
    case .train(let train): try runTrain(train, arguments: arguments, io: io)
    case .classifier(let classifier): try runClassifier(classifier, scenario: scenario, profile: profile, arguments: arguments, io: io)
    }
  }

  static func runReplay(_ replay: ReplayScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    let progress = io.progress("continual learning", total: replay.heldOutClasses.count * replay.seeds * replay.methods.count)
    let report = try ExperimentScenarioRunner.run(replay, scenario: scenario, profile: profile) { progress.advance() }
    progress.finish()
    if let directory = arguments.value("--out") { try Replay4NCLCommand.writeOutputs(report, to: directory, io: io) }
    if arguments.flag("--json") { try io.printJSON(report); return }
    io.print("Scenario: \(scenario.file)\n  \(scenario.description)")
    Replay4NCLCommand.printTable(report, io: io)
  }

  static func runTrain(_ train: TrainScenario, arguments: ParsedArguments, io: CommandIO) throws {
    let outcome = try ExperimentScenarioRunner.run(train) { record in
      io.printError(String(format: "epoch %3d/%d  loss %.4f  train %.2f%%  test %.2f%%  %.0f samples/s", record.epoch, train.settings.epochs,
                           record.loss, record.trainAccuracy * 100, (record.testAccuracy ?? 0) * 100, record.samplesPerSecond))
    }
    if arguments.flag("--json") { try io.printJSON(outcome); return }
    io.print(String(format: "test accuracy %.2f%% on %d samples; hidden firing rates %@", outcome.testAccuracy * 100, outcome.testSamples,
                    outcome.hiddenFiringRates.map { String(format: "%.1f%%", $0 * 100) }.joined(separator: ", ")))
  }

  static func runClassifier(_ c: ClassifierScenario, scenario: Scenario, profile: ChipProfile?, arguments: ParsedArguments, io: CommandIO) throws {
    let progress = io.progress("classifying", total: c.samples)
    let outcome = try ExperimentScenarioRunner.run(c, scenario: scenario, profile: profile) { progress.advance() }
    progress.finish()
    if let directory = arguments.value("--out") {
      try ensureDirectory(directory)
      var written = ["report.json"]
      try AtomicFileWriter.write(try JSONOutput.string(outcome) + "\n", to: directory + "/report.json")
      if let chip = outcome.evaluation.chip {
        try AtomicFileWriter.write(RunPlots.energy(chip), to: directory + "/energy.svg")
        written.append("energy.svg")
      }
      io.printError("wrote \(written.joined(separator: ", ")) to \(directory)")
    }
    if arguments.flag("--json") { try io.printJSON(outcome); return }
    let e = outcome.evaluation
    io.print("Scenario: \(scenario.file)\n  \(scenario.description)")
    io.print(String(format: "%d samples (%@) run event by event in chip time (%d ticks, %@): accuracy %.1f%%, same class as the training forward pass on %.1f%%",
                    outcome.samples, outcome.selection, outcome.steps, outcome.arithmetic, e.accuracy * 100, (e.agreementWithTraining ?? 0) * 100))
    io.print("per sample on \(outcome.profile): energy \(Format.si(e.energyPerSampleJoules, "J")), latency \(Format.si(e.latencyPerSampleSeconds, "s")), \(Int(e.synapticOpsPerSample)) synaptic ops, \(Int(e.spikesPerSample)) spikes")
    if let chip = e.chip {
      let energy = chip.total.energyJoules
      let n = Double(max(chip.samples, 1))
      io.print("energy per sample: core dynamic \(Format.si(energy.coreDynamic / n, "J")) + other dynamic \(Format.si(energy.otherDynamic / n, "J")) (management \(Format.si(energy.management / n, "J"))) + static \(Format.si(energy.static / n, "J")); \(chip.coresUsed) cores on \(chip.chips) chip\(chip.chips == 1 ? "" : "s"), \(Format.si(chip.latencyPerTimestepSeconds, "s")) per timestep")
    }
  }
}
