import Testing
import SpikelineSupport
@testable import SpikeCore

/// Bad input is rejected when the network is built, with the field named.
@Suite struct ValidationTests {
  func field(of error: any Error) -> String? {
    if let error = error as? SpikelineError, case .field(let path)? = error.location { return path }
    if let errors = error as? SpikelineErrors, let first = errors.errors.first, case .field(let path)? = first.location { return path }
    return nil
  }

  @Test("A negative delay is rejected")
  func negativeDelay() throws {
    var network = Network()
    let a = try network.addPopulation("a", size: 2, model: .lif(membraneTimeConstant: 0.01))
    #expect {
      try network.connect(a, to: a, connector: .oneToOne, delay: .constant(-1e-3))
    } throws: { field(of: $0) == "delay" }
  }

  @Test("A threshold below the reset potential is rejected")
  func thresholdBelowReset() throws {
    var network = Network()
    #expect {
      try network.addPopulation("a", size: 2, model: .lif(membraneTimeConstant: 0.01, threshold: -0.07, resetPotential: -0.06))
    } throws: { field(of: $0) == "threshold" }
  }

  @Test("A probability outside [0, 1] is rejected", arguments: [-0.1, 1.5, Double.nan])
  func probabilityOutOfRange(p: Double) throws {
    var network = Network()
    let a = try network.addPopulation("a", size: 2, model: .lif(membraneTimeConstant: 0.01))
    #expect {
      try network.connect(a, to: a, connector: .fixedProbability(p))
    } throws: { field(of: $0) == "connector.probability" }
  }

  @Test("Explicit synapse indices out of range are rejected with their position")
  func indexOutOfRange() throws {
    var network = Network()
    let a = try network.addPopulation("a", size: 2, model: .lif(membraneTimeConstant: 0.01))
    #expect {
      try network.connect(a, to: a, connector: .explicit([SynapseSpec(source: 0, target: 1), SynapseSpec(source: 0, target: 5)]))
    } throws: { field(of: $0) == "connector.synapses[1].target" }
  }

  @Test("Absurd sizes are rejected before any memory is allocated")
  func absurdSize() throws {
    var network = Network()
    #expect { try network.addPopulation("a", size: 1_000_000_000_000, model: .lif(membraneTimeConstant: 0.01)) }
      throws: { field(of: $0) == "size" }
    #expect { try network.addPopulation("a", size: -3, model: .lif(membraneTimeConstant: 0.01)) }
      throws: { field(of: $0) == "size" }
  }

  @Test("Chip time rejects delays shorter than a tick or not a whole number of ticks")
  func chipDelays() throws {
    for delay in [0.0, 0.5e-3, 1.5e-3] {
      var network = Network()
      let a = try network.addPopulation("a", size: 2, model: .lif(membraneTimeConstant: 0.01))
      try network.connect(a, to: a, connector: .oneToOne, delay: .constant(delay))
      #expect { try ChipTimeSimulation(network: network, tickDuration: 1e-3) }
        throws: { field(of: $0) == "projections[0].delay" }
      // The same network is fine in continuous time.
      _ = try ContinuousTimeSimulation(network: network)
    }
  }

  @Test("Models and sources defined only in chip time are refused by the continuous-time simulator")
  func chipOnlyFeatures() throws {
    var network = Network()
    try network.addPopulation("a", size: 1, model: .discrete(membraneDecay: 0.9, tickDuration: 1e-3))
    #expect { try ContinuousTimeSimulation(network: network) } throws: { field(of: $0) == "populations[0].integration" }
    var ticks = Network()
    try ticks.addSource("s", size: 1, source: .spikeTicks([[1]]))
    #expect { try ContinuousTimeSimulation(network: ticks) } throws: { field(of: $0) == "populations[0].spikeTicks" }
  }

  @Test("Error descriptions are one line: file, place, message")
  func errorShape() {
    let error = SpikelineError.field("projections[2].delay", "must be >= 1 tick\n(got 0)", file: "x.json")
    #expect(error.description == "x.json: projections[2].delay: must be >= 1 tick (got 0)")
  }
}
