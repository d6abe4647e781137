import Foundation
import ChipModel
import ContinualLearning
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Options shared by `spikeline replay4ncl` and its `search`.
enum Replay4NCLOptions {
  static let common: [OptionSpec] = [
    .value("--dataset", "<file>", "Spike dataset.", default: "Scenarios/Data/spoken-digits.spkd"),
    .value("--pretrained", "<dir>", "Pre-trained backbones (backbone-without-C.spkc per held-out class C).", default: "Scenarios/Data/pretrained"),
    .value("--held-out", "<classes>", "Held-out (new) classes, each learned by its own run; 'all' for all 20.", default: "2,6,10,14,18"),
    .value("--seeds", "<n>", "Seeds per held-out class (1...n).", default: "3"),
    .value("--latent-layer", "<k>", "Replay after layer k (0 inputs, 1 = 200, 2 = 100, 3 = 50 neurons); layers from k learn.", default: "2"),
    .value("--samples-per-class", "<n>", "Replayed samples per old class.", default: "64"),
    .value("--epochs", "<n>", "Epochs of the continual-learning phase.", default: "12"),
    .value("--batch", "<n>", "Mini-batch size.", default: "64"),
    .value("--lr", "<rate>", "Learning rate of the phase.", default: "0.001"),
    .flag("--single-class-batches", "SpikingLR's schedule: one class per mini-batch (default: mixed)."),
    .value("--spikinglr-steps", "<T>", "T of SpikingLR (and of Naive and Joint).", default: "100"),
    .value("--compression-window", "<w>", "SpikingLR stores one value per w steps (1:w).", default: "2"),
    .value("--compression-variant", "<v>", "What a stored value says.", default: "or", values: ["or", "count"]),
    .value("--replay4ncl-steps", "<T>", "T of Replay4NCL's phase (latents stored at this T).", default: "40"),
    .value("--replay4ncl-backbone-steps", "<T>", "T Replay4NCL's backbone was pre-trained at (100 shares SpikingLR's backbone).", default: "40"),
    .value("--threshold-start", "<f>", "Replay4NCL: learning layers' threshold × f at the first epoch."),
    .value("--threshold-end", "<f>", "Replay4NCL: threshold × f at the last epoch (linear in between)."),
    .value("--lr-start", "<f>", "Replay4NCL: learning rate × f at the start."),
    .value("--lr-end", "<f>", "Replay4NCL: learning rate × f at the end."),
    .value("--profile", "<name|file>", "Chip profile for the phase's latency and energy.", default: "loihi"),
  ]

  static func dataset(_ a: ParsedArguments) throws -> (SpikeDataset, String) {
    let path = a.value("--dataset") ?? BundledData.resolve("Scenarios/Data/spoken-digits.spkd")
    return (try SpikeDataset.read(path), path)
  }

  static func heldOut(_ a: ParsedArguments, classes: Int, default fallback: String = "2,6,10,14,18") throws -> [Int] {
    let text = a.value("--held-out") ?? fallback
    if text == "all" { return Array(0..<classes) }
    var copy = a
    copy.values["--held-out"] = [text]
    return try copy.intList("--held-out", in: 0...(classes - 1)) ?? []
  }

  /// The backbone folder named by `--pretrained`.
  static func backbones(_ a: ParsedArguments) -> BackboneLibrary {
    BackboneLibrary(directory: a.value("--pretrained") ?? BundledData.resolve("Scenarios/Data/pretrained"))
  }

  /// The pre-trained models for each held-out class at each backbone T.
  static func pretrained(_ a: ParsedArguments, heldOut: [Int], backboneSteps: Set<Int>) throws -> [Int: [Int: SpikingModel]] {
    try backbones(a).models(heldOut: heldOut, steps: backboneSteps)
  }

  /// The four methods with the shared knobs applied.
  static func methods(_ a: ParsedArguments) throws -> [ReplayMethod] {
    let layer = try a.int("--latent-layer", default: 2, in: 0...3)
    let samples = try a.int("--samples-per-class", default: 64, in: 0...1_000_000)
    let epochs = try a.int("--epochs", default: 12, in: 0...100_000)
    let batch = try a.int("--batch", default: 64, in: 1...100_000)
    let lr = Float(try a.double("--lr", default: 1e-3, in: 1e-9...10))
    let spikingSteps = try a.int("--spikinglr-steps", default: 100, in: 1...100_000)
    let replaySteps = try a.int("--replay4ncl-steps", default: 40, in: 1...100_000)
    let window = try a.int("--compression-window", default: 2, in: 1...10_000)
    let variant = LatentCompression.Variant(rawValue: a.value("--compression-variant") ?? "or") ?? .or
    var methods = [ReplayMethod.spikingLR, .replay4NCL, .naive, .joint]
    for i in methods.indices {
      methods[i].latentLayer = layer
      methods[i].epochs = epochs
      methods[i].batchSize = batch
      methods[i].learningRate = lr
      methods[i].singleClassBatches = a.flag("--single-class-batches")
      if methods[i].kind == .latentReplay { methods[i].samplesPerClass = samples }
      methods[i].steps = methods[i].name == "Replay4NCL" ? replaySteps : spikingSteps
      methods[i].backboneSteps = methods[i].name == "Replay4NCL" ? try a.int("--replay4ncl-backbone-steps", default: 40, in: 1...100_000) : 100
    }
    methods[0].compression = LatentCompression(window: window, variant: variant)
    if let value = try a.double("--threshold-start", in: 1e-3...100) { methods[1].thresholdStart = Float(value) }
    if let value = try a.double("--threshold-end", in: 1e-3...100) { methods[1].thresholdEnd = Float(value) }
    if let value = try a.double("--lr-start", in: 1e-6...100) { methods[1].learningRateStart = Float(value) }
    if let value = try a.double("--lr-end", in: 1e-6...100) { methods[1].learningRateEnd = Float(value) }
    return methods
  }

  static func seeds(_ a: ParsedArguments) throws -> [UInt64] {
    (1...UInt64(try a.int("--seeds", default: 3, in: 1...1000))).map { $0 }
  }
}
