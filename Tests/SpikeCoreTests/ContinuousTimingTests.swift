import Testing
@testable import SpikeCore

/// Continuous-time spike timing against closed-form solutions, within 1e-9 relative.
@Suite struct ContinuousTimingTests {
  @Test("Constant drive: first passage τ·ln(V∞/(V∞ − θ)), then every passage plus the refractory period")
  func constantDriveFirstPassage() throws {
    let tau = 20e-3, vInf = 1.5, theta = 1.0, refractory = 2e-3
    var network = Network()
    let neuron = try network.addPopulation("neuron", size: 1, model: .lif(
      membraneTimeConstant: tau, threshold: theta, refractoryPeriod: refractory, bias: vInf))
    let simulation = try ContinuousTimeSimulation(network: network)
    simulation.run(until: 0.2)
    let times = simulation.result.spikes(of: neuron).times(of: 0)
    let passage = tau * log(vInf / (vInf - theta))
    #expect(times.count == Int((0.2 + refractory) / (passage + refractory)))
    for (n, time) in times.enumerated() {
      let expected = Double(n + 1) * passage + Double(n) * refractory
      #expect(relativelyClose(time, expected, 1e-9), "spike \(n): \(time) vs \(expected)")
    }
  }

  @Test("CUBA with τs = τm/2: V is quadratic in e^(−s/τm), so each crossing is closed-form (two spikes from one input)")
  func cubaQuadraticCrossings() throws {
    let tauM = 10e-3, tauS = 5e-3, theta = 0.3, w = 2.0, arrival = 1e-3
    let model = NeuronModel.cuba(membraneTimeConstant: tauM, excitatoryTimeConstant: tauS, threshold: theta)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTimes([[0.4e-3]]), weight: w, delay: 0.6e-3)
    let simulation = try ContinuousTimeSimulation(network: network)
    simulation.run(until: 0.1)
    let times = simulation.result.spikes(of: neuron).times(of: 0)
    // V(s) = I₀·τs/(τs−τm)·(x² − x) = I₀(x − x²), x = e^(−s/τm); first root x = (1 + √(1 − 4θ/I₀))/2.
    var expected: [Double] = []
    var current = w, start = arrival
    while 1 - 4 * theta / current >= 0 {
      let x = (1 + (1 - 4 * theta / current).squareRoot()) / 2
      let s = -tauM * log(x)
      expected.append(start + s)
      current *= x * x  // e^(−s/τs) = x²; V restarts from 0 with the remaining current
      start += s
    }
    #expect(expected.count == 2)
    #expect(times.count == expected.count)
    for (time, reference) in zip(times, expected) {
      #expect(relativelyClose(time, reference, 1e-9), "\(time) vs \(reference)")
    }
  }

  @Test("CUBA with τs = τm: V = I₀(s/τ)e^(−s/τ); crossing equals an independent bisection")
  func cubaDegenerateTimeConstants() throws {
    let tau = 8e-3, theta = 0.2, w = 0.9
    let model = NeuronModel.cuba(membraneTimeConstant: tau, excitatoryTimeConstant: tau, threshold: theta)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTimes([[0]]), weight: w, delay: 1e-3)
    let simulation = try ContinuousTimeSimulation(network: network)
    simulation.run(until: 0.1)
    let times = simulation.result.spikes(of: neuron).times(of: 0)
    let stored = Double(Float(w))  // synapse tables hold single-precision weights
    var lo = 0.0, hi = tau  // rising part of s·e^(−s/τ)
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if stored * mid / tau * exp(-mid / tau) < theta { lo = mid } else { hi = mid }
    }
    #expect(times.count >= 1)
    #expect(relativelyClose(times[0], 1e-3 + hi, 1e-9), "\(times[0]) vs \(1e-3 + hi)")
  }

  @Test("Delta synapse: a jump over threshold spikes exactly at arrival; a sub-threshold jump decays exponentially")
  func deltaSynapseJump() throws {
    let model = NeuronModel.lif(membraneTimeConstant: 10e-3, threshold: 1)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTimes([[1e-3, 2e-3, 30e-3]]),
                                                          weight: 0.6, delay: 1.5e-3)
    let simulation = try ContinuousTimeSimulation(network: network, recording: RecordingPlan(
      membranes: [.init(population: neuron, neurons: [0])], probeInterval: 0.25e-3))
    simulation.run(until: 0.05)
    // 0.6 at 2.5 ms, then 0.6 e^(−1/10) + 0.6 = 1.143 ≥ 1 at 3.5 ms; the third input alone stays below.
    let times = simulation.result.spikes(of: neuron).times(of: 0)
    #expect(times.count == 1)
    #expect(relativelyClose(times[0], 3.5e-3, 1e-12))
    let trace = try #require(simulation.result.membrane(of: neuron, neuron: 0))
    for (time, v) in zip(trace.times, trace.potentials) where time > 31.5e-3 + 1e-9 {
      #expect(abs(v - Double(Float(0.6)) * exp(-(time - 31.5e-3) / 10e-3)) <= 1e-12)
    }
  }

  @Test("Refractory period holds V at reset while the synaptic current keeps decaying")
  func refractoryHoldsPotential() throws {
    let model = NeuronModel.cuba(membraneTimeConstant: 10e-3, excitatoryTimeConstant: 5e-3, threshold: 0.3,
                                 refractoryPeriod: 4e-3)
    let (network, neuron) = try TestNetworks.singleNeuron(model: model, source: .spikeTimes([[0]]), weight: 2, delay: 1e-3)
    let simulation = try ContinuousTimeSimulation(network: network, recording: RecordingPlan(
      membranes: [.init(population: neuron, neurons: [0])], probeInterval: 0.1e-3))
    simulation.run(until: 0.04)
    let times = simulation.result.spikes(of: neuron).times(of: 0)
    let first = try #require(times.first)
    let trace = try #require(simulation.result.membrane(of: neuron, neuron: 0))
    for (time, v) in zip(trace.times, trace.potentials) where time > first + 1e-9 && time < first + 4e-3 - 1e-9 {
      #expect(v == 0, "held at reset during refractoriness, t = \(time)")
    }
    // After the refractory period V restarts from 0 with current w·e^(−(t₁+τref−t₀)/τs): closed form again.
    let currentAtRelease = 2 * exp(-(first + 4e-3 - 1e-3) / 5e-3)
    let x = (1 + (1 - 4 * 0.3 / currentAtRelease).squareRoot()) / 2
    if 1 - 4 * 0.3 / currentAtRelease >= 0 {
      #expect(times.count == 2)
      #expect(relativelyClose(times[1], first + 4e-3 - 10e-3 * log(x), 1e-9))
    } else {
      #expect(times.count == 1)
    }
  }

  @Test("Poisson sources: seeded, reproducible, and near the requested rate")
  func poissonSource() throws {
    var network = Network(seed: 7)
    let input = try network.addSource("noise", size: 50, source: .poisson(rateHertz: 40))
    func run() throws -> PopulationSpikes {
      let simulation = try ContinuousTimeSimulation(network: network)
      simulation.run(until: 2)
      return simulation.result.spikes(of: input)
    }
    let a = try run(), b = try run()
    #expect(a == b)
    let rate = Double(a.count) / (50 * 2)
    #expect(abs(rate - 40) < 4, "rate \(rate) Hz")
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
