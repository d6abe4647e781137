import SpikelineSupport

/// The spikes a source population emits in chip time, compiled for emission tick by tick.
struct SourceSchedule {
  /// Scheduled (tick, neuron) events sorted by tick then neuron, for list-driven sources.
  var ticks: [Int32] = []
  var neurons: [Int32] = []
  var cursor = 0
  /// Probability per tick and generator, for Poisson sources.
  var poissonProbability: Double = 0
  var generator: SeededGenerator
  var isPoisson = false

  init(population: Population, index: Int, seed: UInt64, tickDuration: Double) throws {
    generator = SeededGenerator(seed: seed, stream: "poisson:" + population.name)
    guard case .source(let source) = population.role else { return }
    var events: [(tick: Int, neuron: Int)] = []
    switch source {
    case .spikeTimes(let lists):
      for (neuron, list) in lists.enumerated() {
        for time in list {
          let exact = time / tickDuration + 1e-6
          guard exact < Double(Int32.max) else {
            throw SpikelineError.field("populations[\(index)].spikeTimes[\(neuron)]", "spike time \(time) s is beyond the last representable tick")
          }
          events.append((Int(exact.rounded(.down)), neuron))
        }
      }
    case .spikeTicks(let lists):
      for (neuron, list) in lists.enumerated() {
        for tick in list {
          guard tick < Int(Int32.max) else {
            throw SpikelineError.field("populations[\(index)].spikeTicks[\(neuron)]", "tick \(tick) is beyond the last representable tick")
          }
          events.append((tick, neuron))
        }
      }
    case .poisson(let rate):
      isPoisson = true
      poissonProbability = min(1, rate * tickDuration)
    }
    // Stable by construction order within equal (tick, neuron): duplicates are emitted twice.
    let order = events.indices.sorted { a, b in
      events[a].tick != events[b].tick ? events[a].tick < events[b].tick
        : (events[a].neuron != events[b].neuron ? events[a].neuron < events[b].neuron : a < b)
    }
    ticks = order.map { Int32(events[$0].tick) }
    neurons = order.map { Int32(events[$0].neuron) }
  }
}

extension SourceSchedule {
  /// Calls `spike(neuron)` for every spike this source emits at tick `t`, in neuron order (a
  /// population of `size` neurons), and advances past them.
  mutating func emit(at t: Int, size: Int, _ spike: (Int) -> Void) {
    if isPoisson {
      guard poissonProbability > 0 else { return }
      for neuron in 0..<size where generator.nextUnitDouble() < poissonProbability { spike(neuron) }
      return
    }
    while cursor < ticks.count && Int(ticks[cursor]) <= t {
      if Int(ticks[cursor]) == t { spike(Int(neurons[cursor])) }
      cursor += 1
    }
  }
}

extension ChipTimeSimulation {
  /// Emits the spikes source population `index` has at tick `t`.
  func emitSourceSpikes(of index: Int, at t: Int) {
    var schedule = sources[index]
    schedule.emit(at: t, size: populations[index].size) { neuron in recordSpike(population: index, neuron: neuron, at: t) }
    sources[index] = schedule
  }
}
