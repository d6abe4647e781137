extension ChipProfile {
  /// Intel Loihi (14 nm), per-operation figures of Davies et al., "Loihi: A Neuromorphic Manycore
  /// Processor with On-Chip Learning", IEEE Micro 38(1):82–99, 2018, Table 2 (pre-silicon, 0.75 V):
  /// synaptic spike op ≥ 23.6 pJ and ≤ 3.5 ns; synaptic update 120 pJ / 6.1 ns; neuron update
  /// 81 pJ / 8.4 ns active, 52 pJ / 5.3 ns inactive; within-tile spike 1.7 pJ / 2.1 ns; per tile
  /// hop 3.0 pJ / 4.1 ns east–west and 4.0 pJ / 6.5 ns north–south; barrier 113–465 ns for 1–32 tiles.
  /// Architecture: 128 cores, 1024 compartments and 128 KB synaptic memory per core, ≤ 4096 fan-in
  /// axons per core. Static power 104 mW per chip (3.34 W over 32 chips, Frady et al., NICE 2020),
  /// spread over 128 cores.
  ///
  /// Assumptions (not from the sources): 4 cores per tile in an 8 × 4 tile mesh (32 tiles, matching
  /// the barrier range); 16 bits per synapse (weight plus index) so 128 KB hold 65,536 synapses;
  /// 64 bits of state per compartment. Dense figures (MAC, accumulate, memory access) are the
  /// generic 45 nm values of Horowitz (ISSCC 2014) since Loihi's x86 cores have no published
  /// per-operation energies; with 3 x86 cores, dense work runs 3 wide.
  public static var loihi: ChipProfile {
    var p = ChipProfile(name: "loihi", summary: "Intel Loihi (14 nm), Davies et al. 2018 Table 2",
                        sources: ["Davies et al., IEEE Micro 38(1):82-99, 2018, Table 2",
                                  "Frady et al., NICE 2020 (static power)",
                                  "Horowitz, ISSCC 2014 (dense 45 nm operations)"])
    p.synapticOpEnergy = 23.6e-12
    p.neuronUpdateEnergy = 52e-12
    p.activeNeuronUpdateEnergy = 81e-12
    p.spikeMessageEnergy = 1.7e-12
    p.hopEnergyEastWest = 3.0e-12
    p.hopEnergyNorthSouth = 4.0e-12
    p.synapticUpdateEnergy = 120e-12
    p.macEnergy = 4.6e-12
    p.accumulateEnergy = 0.9e-12
    p.memoryAccessEnergy = 5e-12
    p.staticPowerPerCore = 0.104 / 128
    p.synapticOpLatency = 3.5e-9
    p.neuronUpdateLatency = 5.3e-9
    p.activeNeuronUpdateLatency = 8.4e-9
    p.spikeMessageLatency = 2.1e-9
    p.hopLatencyEastWest = 4.1e-9
    p.hopLatencyNorthSouth = 6.5e-9
    p.synapticUpdateLatency = 6.1e-9
    p.macLatency = 1e-9
    p.accumulateLatency = 1e-9
    p.memoryAccessLatency = 1e-9
    p.barrierLatencyOneTile = 113e-9
    p.barrierLatencyAllTiles = 465e-9
    p.neuronsPerCore = 1024
    p.synapsesPerCore = 65_536
    p.fanInPerCore = 4096
    p.coresPerChip = 128
    p.coresPerTile = 4
    p.meshColumns = 8
    p.bitsPerSynapse = 16
    p.bitsPerNeuron = 64
    p.denseParallelism = 3
    return p
  }

  /// An IBM TrueNorth-like chip (28 nm): 4096 cores of 256 neurons and 256 axons with a 256 × 256
  /// binary crossbar, a global 1 ms tick (Merolla et al., Science 345:668, 2014; Akopyan et al.,
  /// IEEE TCAD 2015). Energy: a marginal 2.3 pJ per synaptic event (third-party regression of the
  /// published 0.8 V power sweep) plus static power; the static figure, about 66 mW per chip, is
  /// derived here from Merolla's operating point (72 mW at 20 Hz and 128 active synapses per neuron =
  /// 2.56 G events/s; 72 mW − 2.3 pJ × 2.56 G/s), spread over 4096 cores. Neuron updates and routing
  /// are folded into these two figures (0 J each), since TrueNorth publishes no separate values.
  /// Latency: every tick lasts 1 ms (the chip runs in real time). Dense figures as for `loihi`.
  public static var trueNorth: ChipProfile {
    var p = ChipProfile(name: "truenorth", summary: "IBM TrueNorth-like (28 nm), Merolla et al. 2014",
                        sources: ["Merolla et al., Science 345:668, 2014",
                                  "Akopyan et al., IEEE TCAD 34(10), 2015",
                                  "marginal 2.3 pJ/event: regression of the published 0.8 V sweep (third party)"])
    p.synapticOpEnergy = 2.3e-12
    p.neuronUpdateEnergy = 0
    p.activeNeuronUpdateEnergy = 0
    p.spikeMessageEnergy = 0
    p.hopEnergyEastWest = 0
    p.hopEnergyNorthSouth = 0
    p.macEnergy = 4.6e-12
    p.accumulateEnergy = 0.9e-12
    p.memoryAccessEnergy = 5e-12
    p.staticPowerPerCore = (0.072 - 2.3e-12 * 2.56e9) / 4096
    p.synapticOpLatency = 0
    p.neuronUpdateLatency = 0
    p.activeNeuronUpdateLatency = 0
    p.spikeMessageLatency = 0
    p.hopLatencyEastWest = 0
    p.hopLatencyNorthSouth = 0
    p.macLatency = 1e-9
    p.accumulateLatency = 1e-9
    p.memoryAccessLatency = 1e-9
    p.barrierLatencyOneTile = 0
    p.barrierLatencyAllTiles = 0
    p.minimumTickDuration = 1e-3
    p.neuronsPerCore = 256
    p.synapsesPerCore = 65_536
    p.fanInPerCore = 256
    p.coresPerChip = 4096
    p.coresPerTile = 1
    p.meshColumns = 64
    p.bitsPerSynapse = 1
    p.bitsPerNeuron = 124
    p.denseParallelism = 1
    return p
  }

  /// A generic embedded processor in 45 nm doing the same work in software, one operation at a time:
  /// fp32 multiply-accumulate 4.6 pJ (3.7 pJ multiply + 0.9 pJ add), fp32 add 0.9 pJ, 32-bit SRAM
  /// access 5 pJ (Horowitz, ISSCC 2014, as tabulated in PMC8934428 Table 3). A synaptic event is a
  /// weight load plus an add (5.9 pJ); a neuron update is 4 multiply-accumulates (NeuroBench's count
  /// for a leaky neuron) plus a state load and store (28.4 pJ). Latency assumes one operation per
  /// cycle at 200 MHz (5 ns), an assumption of this profile. No static power is modelled.
  public static var embedded45nm: ChipProfile {
    var p = ChipProfile(name: "embedded", summary: "Generic 45 nm embedded processor (Horowitz 2014 operation energies)",
                        sources: ["Horowitz, ISSCC 2014; PMC8934428 Table 3",
                                  "NeuroBench neuron-operation counts (Yik et al. 2025)"])
    p.synapticOpEnergy = 0.9e-12 + 5e-12
    p.neuronUpdateEnergy = 4 * 4.6e-12 + 2 * 5e-12
    p.activeNeuronUpdateEnergy = 4 * 4.6e-12 + 2 * 5e-12
    p.spikeMessageEnergy = 0
    p.hopEnergyEastWest = 0
    p.hopEnergyNorthSouth = 0
    p.synapticUpdateEnergy = 4.6e-12 + 2 * 5e-12
    p.macEnergy = 4.6e-12
    p.accumulateEnergy = 0.9e-12
    p.memoryAccessEnergy = 5e-12
    p.staticPowerPerCore = 0
    p.synapticOpLatency = 2 * 5e-9
    p.neuronUpdateLatency = 6 * 5e-9
    p.activeNeuronUpdateLatency = 6 * 5e-9
    p.spikeMessageLatency = 0
    p.hopLatencyEastWest = 0
    p.hopLatencyNorthSouth = 0
    p.synapticUpdateLatency = 3 * 5e-9
    p.macLatency = 5e-9
    p.accumulateLatency = 5e-9
    p.memoryAccessLatency = 5e-9
    p.barrierLatencyOneTile = 0
    p.barrierLatencyAllTiles = 0
    p.neuronsPerCore = 1_000_000
    p.synapsesPerCore = 64_000_000
    p.coresPerChip = 1
    p.coresPerTile = 1
    p.meshColumns = 1
    p.bitsPerSynapse = 32
    p.bitsPerNeuron = 64
    p.denseParallelism = 1
    return p
  }
}
