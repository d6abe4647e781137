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

extension ChipTimeSimulation {
  /// Emits the spikes source population `index` has at tick `t`.
  func emitSourceSpikes(of index: Int, at t: Int) {
    let size = populations[index].size
    if sources[index].isPoisson {
      let p = sources[index].poissonProbability
      guard p > 0 else { return }
      for neuron in 0..<size where sources[index].generator.nextUnitDouble() < p {
        recordSpike(population: index, neuron: neuron, at: t)
      }
      return
    }
    while sources[index].cursor < sources[index].ticks.count && Int(sources[index].ticks[sources[index].cursor]) <= t {
      let cursor = sources[index].cursor
      if Int(sources[index].ticks[cursor]) == t {
        recordSpike(population: index, neuron: Int(sources[index].neurons[cursor]), at: t)
      }
      sources[index].cursor = cursor + 1
    }
  }
}
