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
      // β = 1 is a non-leaky integrator (NIR's IF and I nodes); a synaptic decay must stay below 1.
      let membrane: (Double) -> String? = { $0 >= 0 && $0 <= 1 ? nil : "must be a decay in [0, 1]" }
      guard let tick else {
        c["model"].error("discrete models are defined per tick and need chip time (time.model \"chip\")")
        return nil
      }
      guard let beta = c["beta"].double(required: true, membrane) else { return nil }
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
