import ChipModel
import SpikeCore

/// Renders one frame of the step viewer as plain lines (the terminal adds only cursor control).
struct StepFrame {
  var width: Int
  var height: Int
  var population: Int
  var neuron: Int
  var message: String

  static let keys = "n/space step · 1-9 steps · t to time · s next spike · p population · +/- or g neuron · r end · q quit"
  static let legend = "raster: | spike of a shown neuron · selected neuron's row · population rows: . 1 spike  : 2–3  * 4–9  # 10+"
  /// Neurons of the selected population shown at once; the window follows the selected neuron.
  static let shownNeurons = 6

  func render(_ run: SteppableRun) -> [String] {
    let network = run.network
    var lines: [String] = []
    // The clock always shows in full at the right; the title gives way when the line is short.
    let clock = run.clock
    var title = "Spikeline step — \(run.scenario.file)"
    if title.count + 1 + clock.count > width { title = String(title.prefix(max(0, width - clock.count - 2))) + "…" }
    lines.append(title + String(repeating: " ", count: max(1, width - title.count - clock.count)) + clock)
    lines.append(String(Self.keys.prefix(width)))
    lines.append(String(Self.legend.prefix(width)))
    // Raster: the last `columns` steps, one row per shown neuron of the selected population and one
    // summary row per other population (' ' none, '.' 1, ':' 2–3, '*' 4–9, '#' 10+ spikes).
    let label = 14
    let columns = max(10, width - label - 1)
    lines.append(section("spike raster, last \(columns) \(run.isChipTime ? "ticks" : "events") (newest right)"))
    // Column columns−1 is the latest step; a spike found after step k is drawn in column
    // columns − 1 − (steps − k).
    let firstStep = run.steps - columns + 1
    var counts: [Int: [Int]] = [:]
    var neuronHits: [Int: Set<Int>] = [:]
    let selected = network.populations[population]
    let shown = shownRange(size: selected.size)
    for spike in run.recentSpikes where spike.step >= firstStep {
      let column = spike.step - firstStep
      counts[spike.population, default: [Int](repeating: 0, count: columns)][column] += 1
      if spike.population == population && shown.contains(spike.neuron) {
        neuronHits[spike.neuron, default: []].insert(column)
      }
    }
    for (index, entry) in network.populations.enumerated() {
      let summary = String((counts[index] ?? [Int](repeating: 0, count: columns)).map { count -> Character in
        switch count { case 0: return " "; case 1: return "."; case 2...3: return ":"; case 4...9: return "*"; default: return "#" }
      })
      if index == population {
        if entry.size > shown.count { lines.append(pad(entry.name + " (all \(entry.size))", label) + " " + summary) }
        for n in shown {
          let hits = neuronHits[n] ?? []
          let row = String((0..<columns).map { hits.contains($0) ? "|" : (n == neuron ? "·" : " ") })
          lines.append(pad("\(entry.name)[\(n)]", label) + " " + row)
        }
      } else {
        lines.append(pad(entry.name, label) + " " + summary)
      }
    }
    // Membrane potentials of the selected population as bars, threshold marked by '|'. Models in
    // volts show volts; the per-step models of training are unitless.
    if let model = selected.model {
      let unit = model.integration == .discreteSum ? "" : "V"
      func value(_ x: Double) -> String { unit.isEmpty ? String(format: "%.4g", x) : Format.si(x, unit) }
      let threshold = model.threshold
      let low = min(model.resetPotential, model.restingPotential)
      let high = threshold.isFinite ? threshold + 0.25 * abs(threshold - low) : low + 1
      let range = shown.isEmpty ? "" : " \(shown.lowerBound)…\(shown.upperBound - 1) of \(selected.size)"
      lines.append(section("membrane potential of '\(selected.name)'\(range)" + (threshold.isFinite ? " (threshold \(value(threshold)) at |)" : "")))
      let barWidth = max(10, width - label - 16)
      for n in shown {
        guard let v = run.potential(population: population, neuron: n) else { continue }
        let fraction = max(0, min(1, (v - low) / (high - low)))
        let filled = Int((fraction * Double(barWidth)).rounded())
        let mark = threshold.isFinite ? Int(((threshold - low) / (high - low) * Double(barWidth)).rounded()) : -1
        let bar = String((0..<barWidth).map { $0 == mark ? "|" : ($0 < filled ? "█" : "░") })
        lines.append(pad("\(n == neuron ? ">" : " ")\(selected.name)[\(n)]", label) + " " + bar + " " + pad(value(v), 12))
      }
    } else {
      lines.append(section("'\(selected.name)' is a spike source (no membrane)"))
    }
    lines.append(section("next events"))
    let events = run.upcomingEvents(limit: 4)
    lines += events.isEmpty ? ["(none)"] : events
    let costs = run.costs()
    lines.append(section("counters"))
    var counterLine = "spikes \(costs.spikes) · synaptic ops \(costs.synapticOps) · neuron updates \(costs.updates)"
    if let energy = costs.energy { counterLine += " · energy \(Format.si(energy, "J"))" }
    if let latency = costs.latency { counterLine += " · latency \(Format.si(latency, "s"))" }
    lines.append(counterLine + " on \(run.session.mapping.profile.name)")
    if !message.isEmpty { lines.append(message) }
    return lines.map { String($0.prefix(width)) }
  }

  /// The neurons shown: a window of `shownNeurons` that contains the selected neuron.
  func shownRange(size: Int) -> Range<Int> {
    let count = min(size, Self.shownNeurons)
    let first = min(max(neuron - count / 2, 0), max(size - count, 0))
    return first..<(first + count)
  }

  func section(_ title: String) -> String {
    let head = "─ " + title + " "
    return head + String(repeating: "─", count: max(0, width - head.count))
  }

  func pad(_ text: String, _ length: Int) -> String {
    text.count >= length ? String(text.prefix(length)) : text + String(repeating: " ", count: length - text.count)
  }
}
