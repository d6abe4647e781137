import SpikeCore
import SpikelineSupport

/// The TrueNorth power sweep (Akopyan et al., IEEE TCAD 34(10), 2015, Fig. 17, 0.8 V): every core
/// runs a recurrent network in which each of its 256 neurons fires at the same mean rate and each
/// spike reaches 128 of the core's neurons; total chip power 68, 71 and 94 mW at 11.6, 20.1 and
/// 95.9 Hz. The built-in profile was fitted to the two ends; the middle point tests it.
///
/// Rebuilt per core: 256 axons, each carrying spikes at the sweep's rate (a regular train with a
/// seeded phase) to 128 of the core's 256 neurons (a seeded half of the crossbar). `coresSimulated`
/// of the chip's 4096 identical cores are simulated; the dynamic energy is multiplied by
/// 4096 / `coresSimulated`, the static power is the whole chip's.
public enum TrueNorthCalibration {
  /// Published power at each sweep point against Spikeline's.
  /// - Throws: `SpikelineError` if the network cannot be built or mapped.
  public static func checks(profile: ChipProfile = .trueNorth, coresSimulated: Int = 16, ticks: Int = 1000,
                            seed: UInt64 = 1) throws -> [CalibrationCheck] {
    precondition(coresSimulated >= 1 && 4096 % coresSimulated == 0 && ticks >= 1)
    let replicas = Double(4096 / coresSimulated)
    return try ChipProfile.trueNorthSweep.enumerated().map { index, point in
      let power = try chipPower(profile: profile, rateHz: point.rateHz, cores: coresSimulated, ticks: ticks,
                                replicas: replicas, seed: seed)
      let fitted = index != 1
      return CalibrationCheck(
        run: "TrueNorth power sweep, \(point.rateHz) Hz, 128 active synapses per neuron", quantity: "total chip power",
        unit: "W", published: point.watts, spikeline: power, tolerance: 0.15, fitted: fitted,
        source: "Akopyan et al., IEEE TCAD 34(10), 2015, Fig. 17 (0.8 V)",
        note: (fitted ? "fitted point (profile's static power and energy per event come from it); " : "held-out point; ")
          + "\(coresSimulated) of 4096 cores simulated for \(ticks) ticks, dynamic energy × \(Int(replicas))")
    }
  }

  static func chipPower(profile: ChipProfile, rateHz: Double, cores: Int, ticks: Int, replicas: Double,
                        seed: UInt64) throws -> Double {
    let tick = 1e-3
    var generator = SeededGenerator(seed: seed, stream: "truenorth sweep")
    let period = 1 / (rateHz * tick)
    var trains = [[Int]]()
    var synapses = [SynapseSpec]()
    for core in 0..<cores {
      for axon in 0..<256 {
        var train: [Int] = []
        var time = generator.nextUnitDouble() * period
        while Int(time) < ticks { train.append(Int(time)); time += period }
        trains.append(train)
        var targets = Array(0..<256)
        targets.shuffle(using: &generator)
        let source = core * 256 + axon
        for target in targets.prefix(128) { synapses.append(SynapseSpec(source: source, target: core * 256 + target, weight: 1e-3)) }
      }
    }
    var network = Network()
    let axons = try network.addSource("axons", size: cores * 256, source: .spikeTicks(trains))
    let neurons = try network.addPopulation("neurons", size: cores * 256,
                                            model: .discrete(membraneDecay: 0, threshold: 1e9, tickDuration: tick))
    try network.connect(axons, to: neurons, connector: .explicit(synapses), delay: .constant(tick))
    let session = try ChipSession(network: network, profile: profile, board: 1)
    let simulation = try ChipTimeSimulation(network: network, tickDuration: tick)
    session.attach(to: simulation)
    simulation.run(ticks: ticks)
    let report = try session.report(for: simulation.result)
    let seconds = report.total.latencySeconds ?? 0
    let energy = report.total.energyJoules
    return (energy.dynamic * replicas + energy.static) / seconds
  }
}
