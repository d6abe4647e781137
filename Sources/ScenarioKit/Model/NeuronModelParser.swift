import SpikeCore
import SpikeData

/// Reads a `neuron` object: `{"model": "lif" | "cuba" | "discreteLIF" | "discreteCUBA", ...}`.
enum NeuronModelParser {
  static let models = ["lif", "cuba", "discreteLIF", "discreteCUBA"]

  static func parse(_ c: JSONCursor, tick: Double?) -> NeuronModel? {
    guard case .object? = c.value else { c.error("expected an object, found \(JSONCursor.typeName(c.value))"); return nil }
    guard let model = c["model"].string(required: true, allowed: models) else { return nil }
    let common = ["model", "threshold", "restingPotential", "reset", "bias"]
    let positive: (Double) -> String? = { $0 > 0 && $0.isFinite ? nil : "must be > 0 seconds" }
    let nonNegative: (Double) -> String? = { $0 >= 0 && $0.isFinite ? nil : "must be >= 0 seconds" }
    let (resetMode, resetPotential) = parseReset(c["reset"])
    let threshold = c["threshold"].double() ?? 1
    let rest = c["restingPotential"].double() ?? 0
    let bias = c["bias"].double() ?? 0
    switch model {
    case "lif", "cuba":
      var known = common + ["tauMembrane", "refractory", "integration"]
      if model == "cuba" { known += ["tauExcitatory", "tauInhibitory"] }
      c.object(known: known, required: ["tauMembrane"] + (model == "cuba" ? ["tauExcitatory"] : []))
      guard let tauM = c["tauMembrane"].double(required: true, positive) else { return nil }
      let refractory = c["refractory"].double(nonNegative) ?? 0
      let integration = c["integration"].string(allowed: NeuronModel.ChipIntegration.allCases.map(\.rawValue))
        .flatMap(NeuronModel.ChipIntegration.init) ?? .exact
      var neuron: NeuronModel
      if model == "cuba" {
        guard let tauE = c["tauExcitatory"].double(required: true, positive) else { return nil }
        let tauI = c["tauInhibitory"].double(positive) ?? tauE
        neuron = .cuba(membraneTimeConstant: tauM, excitatoryTimeConstant: tauE, inhibitoryTimeConstant: tauI,
                       threshold: threshold, restingPotential: rest, resetPotential: resetPotential ?? rest,
                       resetMode: resetMode, refractoryPeriod: refractory, bias: bias)
      } else {
        neuron = .lif(membraneTimeConstant: tauM, threshold: threshold, restingPotential: rest,
                      resetPotential: resetPotential ?? rest, resetMode: resetMode, refractoryPeriod: refractory, bias: bias)
      }
      neuron.integration = integration
      return neuron
    default:
      c.object(known: common + ["beta", "alpha", "refractoryTicks"], required: model == "discreteCUBA" ? ["beta", "alpha"] : ["beta"])
      let unit: (Double) -> String? = { $0 >= 0 && $0 < 1 ? nil : "must be a decay in [0, 1)" }
      guard let tick else {
        c["model"].error("discrete models are defined per tick and need chip time (time.model \"chip\")")
        return nil
      }
      guard let beta = c["beta"].double(required: true, unit) else { return nil }
      var alpha: Double? = nil
      if model == "discreteCUBA" { guard let a = c["alpha"].double(required: true, unit) else { return nil }; alpha = a }
      else if c["alpha"].isPresent { c["alpha"].error("only discreteCUBA has a synaptic decay") }
      var neuron = NeuronModel.discrete(membraneDecay: beta, synapticDecay: alpha, threshold: threshold,
                                        resetMode: resetMode, resetPotential: resetPotential ?? 0,
                                        refractoryTicks: c["refractoryTicks"].int(in: 0...1_000_000) ?? 0, tickDuration: tick)
      neuron.restingPotential = rest
      neuron.bias = bias
      return neuron
    }
  }

  /// `"zero"` (default), `"subtract"`, or `{"potential": volts}`.
  static func parseReset(_ c: JSONCursor) -> (NeuronModel.ResetMode, Double?) {
    guard c.isPresent else { return (.toPotential, 0) }
    if case .string? = c.value {
      switch c.string(allowed: ["zero", "subtract"]) {
      case "subtract": return (.subtractThreshold, nil)
      default: return (.toPotential, 0)
      }
    }
    if c.singleKey == "potential", let value = c["potential"].double(required: true) { return (.toPotential, value) }
    c.error("expected \"zero\", \"subtract\" or {\"potential\": volts}")
    return (.toPotential, 0)
  }
}

/// Reads a `source` object: `{"spikeTimes": [[s, ...], ...]}`, `{"spikeTicks": [[t, ...]]}`,
/// `{"poisson": {"rateHz": r}}`, or `{"dataset": {"file": path, "split": "test", "index": i, "steps": T?, "window": s?}}`
/// (a sample of a spike dataset: its spike times, or its binned steps as ticks when `steps` is given).
enum SourceParser {
  static func parse(_ c: JSONCursor, size: Int, tick: Double? = nil, directory: String = ".") -> SpikeSource? {
    guard c.object(known: ["spikeTimes", "spikeTicks", "poisson", "dataset"]) else { return nil }
    guard let key = c.singleKey else {
      c.error("needs exactly one of spikeTimes, spikeTicks, poisson, dataset")
      return nil
    }
    switch key {
    case "dataset":
      let d = c["dataset"]
      guard d.object(known: ["file", "split", "index", "steps", "window"], required: ["file"]), let file = d["file"].string(required: true) else { return nil }
      let path = file.hasPrefix("/") ? file : directory + "/" + file
      let dataset: SpikeDataset
      do { dataset = try SpikeDataset.read(path) } catch { d["file"].error("\(error)"); return nil }
      let split: Split = d["split"].string(allowed: ["train", "test"]) == "train" ? .train : .test
      let samples = dataset.samples(in: split)
      guard let index = d["index"].int(in: 0...max(samples.count - 1, 0)), samples.indices.contains(index) else {
        if !d["index"].isPresent { d["index"].error("is required (0..<\(samples.count))") }
        return nil
      }
      guard dataset.channelCount == size else {
        c.error("the dataset has \(dataset.channelCount) channels but the population has \(size) sources")
        return nil
      }
      if let steps = d["steps"].int(in: 1...100_000) {
        let binning = Binning(steps: steps, window: d["window"].double({ $0 > 0 ? nil : "must be > 0 seconds" }) ?? 1)
        return .spikeTicks(binning.bin(samples[index], timeUnit: dataset.timeUnit, channels: dataset.channelCount).spikeTicks())
      }
      return .spikeTimes(dataset.spikeTrains(samples[index]))
    case "spikeTimes", "spikeTicks":
      guard let lists = c[key].array(required: true) else { return nil }
      if lists.count != size { c[key].error("has \(lists.count) lists for a population of \(size)") ; return nil }
      if key == "spikeTimes" {
        let times = lists.map { $0.doubles(required: true) ?? [] }
        return .spikeTimes(times)
      }
      let ticks = lists.map { list in (list.array(required: true) ?? []).compactMap { $0.int(required: true, in: 0...Int(Int32.max - 1)) } }
      return .spikeTicks(ticks)
    default:
      guard c["poisson"].object(known: ["rateHz"], required: ["rateHz"]),
            let rate = c["poisson"]["rateHz"].double(required: true, { $0 >= 0 && $0 <= 1e6 ? nil : "must be in 0...1e6 Hz" }) else { return nil }
      return .poisson(rateHertz: rate)
    }
  }
}
