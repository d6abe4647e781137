import Foundation
import ChipModel
import ContinualLearning
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Parses experiment scenarios with the same path-precise validation as network scenarios.
struct ExperimentParser {
  let cursor: JSONCursor
  let seed: UInt64
  /// Paths in a scenario are relative to its file's directory.
  let directory: String

  func path(_ c: JSONCursor, required: Bool = true, default fallback: String? = nil) -> String? {
    guard let text = c.string(required: required && fallback == nil) ?? fallback else { return nil }
    return text.hasPrefix("/") ? text : directory + "/" + text
  }

  func profile(_ c: JSONCursor) -> ChipProfile {
    ProfileParser.parse(c, directory: directory) ?? .loihi
  }

  func parse(kind: String) -> ExperimentScenario? {
    switch kind {
    case "replay4ncl", "spikinglr": return replay(kind: kind).map { .replay($0) }
    case "train": return train().map { .train($0) }
    case "classifier": return classifier().map { .classifier($0) }
    default: return nil
    }
  }

  func replay(kind: String) -> ReplayScenario? {
    cursor.object(known: ["description", "kind", "seed", "dataset", "pretrained", "heldOutClasses", "seeds", "profile", "method", "compareWith"])
    let presets: [String: ReplayMethod] = ["SpikingLR": .spikingLR, "Replay4NCL": .replay4NCL, "Naive": .naive, "Joint": .joint]
    var method = kind == "replay4ncl" ? ReplayMethod.replay4NCL : ReplayMethod.spikingLR
    let m = cursor["method"]
    if m.isPresent, m.object(known: ["name", "latentLayer", "steps", "backboneSteps", "compression", "samplesPerClass", "epochs", "batchSize", "learningRate",
                                     "learningRateStart", "learningRateEnd", "thresholdStart", "thresholdEnd", "singleClassBatches"]) {
      if let name = m["name"].string() { method.name = name }
      if let v = m["latentLayer"].int(in: 0...3) { method.latentLayer = v }
      if let v = m["steps"].int(in: 1...10_000) { method.steps = v }
      if let v = m["backboneSteps"].int(in: 1...10_000) { method.backboneSteps = v }
      if m["compression"].isPresent, m["compression"].object(known: ["window", "variant"]) {
        method.compression = LatentCompression(window: m["compression"]["window"].int(in: 1...10_000) ?? 1,
                                               variant: m["compression"]["variant"].string(allowed: ["or", "count"]).flatMap(LatentCompression.Variant.init) ?? .or)
      }
      if let v = m["samplesPerClass"].int(in: 0...1_000_000) { method.samplesPerClass = v }
      if let v = m["epochs"].int(in: 0...100_000) { method.epochs = v }
      if let v = m["batchSize"].int(in: 1...100_000) { method.batchSize = v }
      let positive: (Double) -> String? = { $0 > 0 && $0 < 100 ? nil : "must be in (0, 100)" }
      if let v = m["learningRate"].double(positive) { method.learningRate = Float(v) }
      if let v = m["learningRateStart"].double(positive) { method.learningRateStart = Float(v) }
      if let v = m["learningRateEnd"].double(positive) { method.learningRateEnd = Float(v) }
      if let v = m["thresholdStart"].double(positive) { method.thresholdStart = Float(v) }
      if let v = m["thresholdEnd"].double(positive) { method.thresholdEnd = Float(v) }
      if let v = m["singleClassBatches"].bool() { method.singleClassBatches = v }
    }
    var methods = [method]
    for other in cursor["compareWith"].array() ?? [] {
      guard let name = other.string(required: true, allowed: Array(presets.keys).sorted()), let preset = presets[name] else { continue }
      var copy = preset
      copy.latentLayer = method.latentLayer
      copy.epochs = method.epochs
      copy.batchSize = method.batchSize
      copy.learningRate = method.learningRate
      if copy.kind == .latentReplay { copy.samplesPerClass = method.samplesPerClass }
      methods.append(copy)
    }
    let heldOut = cursor["heldOutClasses"].array()?.compactMap { $0.int(required: true, in: 0...65_535) } ?? [2, 6, 10, 14, 18]
    return ReplayScenario(dataset: path(cursor["dataset"], default: directory + "/Data/spoken-digits.spkd") ?? "",
                          pretrained: path(cursor["pretrained"], default: directory + "/Data/pretrained") ?? "",
                          heldOutClasses: heldOut, seeds: cursor["seeds"].int(in: 1...1000) ?? 3, profile: profile(cursor["profile"]),
                          methods: methods)
  }

  func train() -> TrainScenario? {
    cursor.object(known: ["description", "kind", "seed", "dataset", "steps", "window", "hidden", "recurrent", "readout", "epochs", "batchSize",
                          "learningRate", "classes", "checkpoint", "rateTarget", "rateStrength", "augmentation"])
    var architecture = SpikingArchitecture.replayBackbone()
    if let hidden = cursor["hidden"].array() { architecture.hidden = hidden.compactMap { $0.int(required: true, in: 1...100_000) } }
    if let recurrent = cursor["recurrent"].bool() { architecture.recurrent = recurrent }
    if let readout = cursor["readout"].string(allowed: ReadoutMode.allCases.map(\.rawValue)).flatMap(ReadoutMode.init) { architecture.readout = readout }
    var settings = TrainingSettings(epochs: cursor["epochs"].int(in: 0...100_000) ?? 30, batchSize: cursor["batchSize"].int(in: 1...100_000) ?? 64,
                                    learningRate: Float(cursor["learningRate"].double({ $0 > 0 && $0 < 10 ? nil : "must be in (0, 10)" }) ?? 2e-3),
                                    optimizer: .adamDefault, schedule: .cosine(floor: 0.05), seed: seed,
                                    augmentation: Augmentation(channelShift: 12, timeShift: 5, dropProbability: 0.1))
    if cursor["augmentation"].isPresent, cursor["augmentation"].object(known: ["channels", "steps", "drop"]) {
      let a = cursor["augmentation"]
      settings.augmentation = Augmentation(channelShift: a["channels"].int(in: 0...1000) ?? 0, timeShift: a["steps"].int(in: 0...1000) ?? 0,
                                           dropProbability: a["drop"].double({ $0 >= 0 && $0 < 1 ? nil : "must be in [0, 1)" }) ?? 0)
    }
    let strength = cursor["rateStrength"].double({ $0 >= 0 ? nil : "must be >= 0" }) ?? 50
    if strength > 0 {
      settings.rateRegularization = RateRegularization(strength: Float(strength), target: Float(cursor["rateTarget"].double({ $0 >= 0 && $0 <= 1 ? nil : "must be in [0, 1]" }) ?? 0.05))
    }
    return TrainScenario(dataset: path(cursor["dataset"], default: directory + "/Data/spoken-digits.spkd") ?? "", architecture: architecture,
                         settings: settings, steps: cursor["steps"].int(in: 1...10_000) ?? 100,
                         window: cursor["window"].double({ $0 > 0 ? nil : "must be > 0 seconds" }) ?? 1,
                         classes: cursor["classes"].array()?.compactMap { $0.int(required: true, in: 0...65_535) },
                         checkpoint: path(cursor["checkpoint"], required: false))
  }

  func classifier() -> ClassifierScenario? {
    cursor.object(known: ["description", "kind", "seed", "checkpoint", "dataset", "split", "samples", "steps", "window", "profile", "fixedPoint"],
                  required: ["checkpoint"])
    var fixed: FixedPointFormat?
    if cursor["fixedPoint"].isPresent, cursor["fixedPoint"].object(known: ["weightBits", "potentialBits", "decayBits", "voltsPerUnit"]) {
      let f = cursor["fixedPoint"]
      fixed = FixedPointFormat(weightBits: f["weightBits"].int() ?? 8, potentialBits: f["potentialBits"].int() ?? 24,
                               decayBits: f["decayBits"].int() ?? 12, voltsPerUnit: f["voltsPerUnit"].double() ?? 0)
      if let error = fixed?.validationErrors().first { cursor.diagnostics.add(error, under: "") }
    }
    return ClassifierScenario(
      checkpoint: path(cursor["checkpoint"]) ?? "", dataset: path(cursor["dataset"], default: directory + "/Data/spoken-digits.spkd") ?? "",
      split: cursor["split"].string(allowed: ["train", "test"]) == "train" ? .train : .test, samples: cursor["samples"].int(in: 1...1_000_000) ?? 40,
      steps: cursor["steps"].int(in: 1...10_000) ?? 100, window: cursor["window"].double({ $0 > 0 ? nil : "must be > 0 seconds" }) ?? 1,
      profile: profile(cursor["profile"]), fixedPoint: fixed)
  }
}
