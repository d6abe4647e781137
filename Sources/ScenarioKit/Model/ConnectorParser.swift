import ChipModel
import Foundation
import SpikelineSupport
import SpikeCore

/// Reads connectors and weight and delay rules of a projection.
enum ConnectorParser {
  /// `"allToAll"`, `"oneToOne"`, `{"allToAll": {"selfConnections": false}}`,
  /// `{"probability": p, "selfConnections": b}`, `{"synapses": [{source, target, weight?, delay?}]}`,
  /// `{"matrix": [[w, ...], ...]}` (rows = sources).
  static func parse(_ c: JSONCursor) -> Connector? {
    if case .string? = c.value {
      switch c.string(allowed: ["allToAll", "oneToOne"]) {
      case "allToAll": return .allToAll()
      case "oneToOne": return .oneToOne
      default: return nil
      }
    }
    guard c.object(known: ["allToAll", "probability", "selfConnections", "synapses", "matrix", "dropZeros"]) else { return nil }
    if c["allToAll"].isPresent {
      c["allToAll"].object(known: ["selfConnections"])
      return .allToAll(selfConnections: c["allToAll"]["selfConnections"].bool() ?? true)
    }
    if c["probability"].isPresent {
      guard let p = c["probability"].double(required: true, { $0 >= 0 && $0 <= 1 ? nil : "must be in [0, 1]" }) else { return nil }
      return .fixedProbability(p, selfConnections: c["selfConnections"].bool() ?? true)
    }
    if let synapses = c["synapses"].array() {
      var list: [SynapseSpec] = []
      for s in synapses {
        guard s.object(known: ["source", "target", "weight", "delay"], required: ["source", "target"]),
              let source = s["source"].int(required: true), let target = s["target"].int(required: true) else { continue }
        list.append(SynapseSpec(source: source, target: target, weight: s["weight"].double(), delay: s["delay"].double()))
      }
      return .explicit(list)
    }
    if let rows = c["matrix"].array() {
      var weights: [Double] = []
      var width: Int?
      for row in rows {
        guard let values = row.doubles(required: true) else { return nil }
        if let width, values.count != width { row.error("has \(values.count) columns; the first row has \(width)"); return nil }
        width = values.count
        weights += values
      }
      return .denseMatrix(weights: weights, dropZeros: c["dropZeros"].bool() ?? false)
    }
    c.error("expected \"allToAll\", \"oneToOne\", or an object with probability, synapses or matrix")
    return nil
  }

  /// A number, `{"uniform": [low, high]}` or `{"normal": {"mean": m, "sd": s}}` (volts).
  static func weightRule(_ c: JSONCursor) -> WeightRule? {
    guard c.isPresent else { return nil }
    if case .number? = c.value { return c.double().map { .constant($0) } }
    switch c.singleKey {
    case "uniform":
      guard let bounds = c["uniform"].doubles(required: true), bounds.count == 2 else { c["uniform"].error("expected [low, high]"); return nil }
      return .uniform(bounds[0], bounds[1])
    case "normal":
      let n = c["normal"]
      guard n.object(known: ["mean", "sd"], required: ["mean", "sd"]), let mean = n["mean"].double(required: true),
            let sd = n["sd"].double(required: true, { $0 >= 0 ? nil : "must be >= 0" }) else { return nil }
      return .normal(mean: mean, standardDeviation: sd)
    default:
      c.error("expected volts, {\"uniform\": [low, high]} or {\"normal\": {\"mean\": m, \"sd\": s}}")
      return nil
    }
  }

  /// Seconds, `{"ticks": n}` (chip time) or `{"uniform": [low, high]}` seconds.
  static func delayRule(_ c: JSONCursor, tick: Double?) -> DelayRule? {
    guard c.isPresent else { return nil }
    if case .number? = c.value {
      guard let seconds = c.double({ $0 >= 0 ? nil : "must be >= 0 seconds" }) else { return nil }
      return .constant(seconds)
    }
    switch c.singleKey {
    case "ticks":
      guard let tick else { c["ticks"].error("delays in ticks need chip time"); return nil }
      guard let ticks = c["ticks"].int(required: true, in: 1...1_000_000) else { return nil }
      return .constant(Double(ticks) * tick)
    case "uniform":
      guard let bounds = c["uniform"].doubles(required: true), bounds.count == 2 else { c["uniform"].error("expected [low, high] seconds"); return nil }
      return .uniform(bounds[0], bounds[1])
    default:
      c.error("expected seconds, {\"ticks\": n} or {\"uniform\": [low, high]}")
      return nil
    }
  }
}
