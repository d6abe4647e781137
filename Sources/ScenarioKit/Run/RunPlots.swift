import ChipModel
import SpikeCore
import SpikePlot

/// The SVG plots of a network run: spike raster, membrane traces, energy per population.
public enum RunPlots {
  /// An SVG spike raster: one band per population (at most `maxNeuronsPerPopulation` neurons each), time in seconds across.
  public static func raster(_ result: SimulationResult, network: Network, maxNeuronsPerPopulation: Int = 200) -> String {
    let groups = result.spikes.map { record -> (name: String, size: Int, spikes: [(Double, Int)]) in
      let population = network[record.population]
      let shown = min(population.size, maxNeuronsPerPopulation)
      var spikes: [(Double, Int)] = []
      for k in record.neurons.indices where Int(record.neurons[k]) < shown {
        spikes.append((record.times[k], Int(record.neurons[k])))
      }
      let label = shown < population.size ? "\(population.name) (first \(shown))" : population.name
      return (label, shown, spikes)
    }
    return Plots.raster(title: "Spike raster", groups: groups, duration: result.duration)
  }

  /// Membrane traces with each probed population's threshold; nil without probes. Models in volts
  /// are drawn in millivolts; the per-step models of training (`.discreteSum`) have no unit and are
  /// drawn as they are.
  public static func membranes(_ result: SimulationResult, network: Network) -> String? {
    guard !result.membranes.isEmpty else { return nil }
    let populations = Set(result.membranes.map(\.population)).sorted()
    let inVolts = populations.allSatisfy { network[$0].model?.integration != .discreteSum }
    let scale = inVolts ? 1e3 : 1
    let series = result.membranes.prefix(10).map { trace in
      Series(name: "\(network[trace.population].name)[\(trace.neuron)]",
             points: zip(trace.times, trace.potentials).map { ($0 * 1e3, $1 * scale) })
    }
    var references: [(name: String, value: Double)] = []
    for population in populations {
      if let threshold = network[population].model?.threshold, threshold.isFinite {
        references.append(("θ \(network[population].name)", threshold * scale))
      }
    }
    return Plots.lines(title: "Membrane potential", xLabel: "time (ms)", yLabel: inVolts ? "potential (mV)" : "potential (model units)",
                       series: Array(series), references: references)
  }

  /// An SVG stacked bar chart of each population's energy and the whole system's by part
  /// (synaptic and neuron: core dynamic; routing, chip crossings and host spikes; management;
  /// static), in the SI unit (J, mJ, µJ, nJ, pJ) that suits the largest bar. The whole-system bar
  /// includes the idle cores and chips of the powered board.
  public static func energy(_ report: ChipReport) -> String {
    let parts = ["synaptic", "neuron", "routing and I/O", "management", "static"]
    let entries = report.populations + [report.total]
    let joules = entries.map { entry -> [Double] in
      let e = entry.energyJoules
      return [e.synaptic, e.neuron, e.routing + e.chipCrossings + e.hostSpikes, e.management, e.static]
    }
    let largest = joules.map { $0.reduce(0, +) }.max() ?? 0
    let units: [(factor: Double, name: String)] = [(1, "J"), (1e3, "mJ"), (1e6, "µJ"), (1e9, "nJ"), (1e12, "pJ")]
    let unit = units.first { largest * $0.factor >= 1 } ?? units[units.count - 1]
    return Plots.stackedBars(title: "Energy per population on \(report.profile)", yLabel: "energy (\(unit.name))",
                             categories: report.populations.map(\.name) + ["whole system"], components: parts,
                             values: joules.map { $0.map { $0 * unit.factor } })
  }
}
