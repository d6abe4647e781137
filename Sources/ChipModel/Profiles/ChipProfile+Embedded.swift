extension ChipProfile {
  /// A generic embedded processor in 45 nm doing the same work in software, one operation at a time:
  /// fp32 multiply-accumulate 4.6 pJ (3.7 pJ multiply + 0.9 pJ add), fp32 add 0.9 pJ, 32-bit SRAM
  /// access 5 pJ (Horowitz, ISSCC 2014, as tabulated in PMC8934428 Table 3). A synaptic event is a
  /// weight load plus an add (5.9 pJ); a neuron update is 4 multiply-accumulates (NeuroBench's count
  /// for a leaky neuron) plus a state load and store (28.4 pJ). Latency assumes one operation per
  /// cycle at 200 MHz (5 ns), an assumption of this profile. Static power is taken as 0: the
  /// profile prices operations only.
  public static var embedded45nm: ChipProfile {
    var p = ChipProfile(name: "embedded", summary: "Generic 45 nm embedded processor (Horowitz 2014 operation energies)",
                        sources: ["Horowitz, ISSCC 2014; PMC8934428 Table 3",
                                  "NeuroBench neuron-operation counts (Yik et al. 2025)"])
    p.setDense(parallelism: 1, parallelismSource: "one operation at a time")
    p.synapticOpEnergy = 0.9e-12 + 5e-12
    p.neuronUpdateEnergy = 4 * 4.6e-12 + 2 * 5e-12
    p.activeNeuronUpdateEnergy = 4 * 4.6e-12 + 2 * 5e-12
    p.synapticUpdateEnergy = 4.6e-12 + 2 * 5e-12
    for name in ["synapticOpEnergy", "neuronUpdateEnergy", "activeNeuronUpdateEnergy", "synapticUpdateEnergy"] {
      p.provenance[name] = FigureProvenance(.derived, "sums of Horowitz's operation energies (see the profile's summary)")
    }
    for name in ["macEnergy", "accumulateEnergy", "memoryAccessEnergy"] {
      p.provenance[name] = FigureProvenance(.measured, ChipProfile.horowitz)
    }
    p.spikeMessageEnergy = 0
    p.hopEnergyEastWest = 0
    p.hopEnergyNorthSouth = 0
    p.staticPowerPerChip = 0
    p.hopLatencyEastWest = 0
    p.hopLatencyNorthSouth = 0
    p.spikeMessageLatency = 0
    p.barrierLatencyOneTile = 0
    p.barrierLatencyAllTiles = 0
    for name in ["spikeMessageEnergy", "hopEnergyEastWest", "hopEnergyNorthSouth", "staticPowerPerChip", "spikeMessageLatency",
                 "hopLatencyEastWest", "hopLatencyNorthSouth", "barrierLatencyOneTile", "barrierLatencyAllTiles"] {
      p.provenance[name] = FigureProvenance(.assumed, "a single processor: no messages, mesh or static power modelled")
    }
    p.synapticOpLatency = 2 * 5e-9
    p.neuronUpdateLatency = 6 * 5e-9
    p.activeNeuronUpdateLatency = 6 * 5e-9
    p.synapticUpdateLatency = 3 * 5e-9
    p.macLatency = 5e-9
    p.accumulateLatency = 5e-9
    p.memoryAccessLatency = 5e-9
    for name in ["synapticOpLatency", "neuronUpdateLatency", "activeNeuronUpdateLatency", "synapticUpdateLatency",
                 "macLatency", "accumulateLatency", "memoryAccessLatency"] {
      p.provenance[name] = FigureProvenance(.assumed, "one operation per 5 ns cycle (200 MHz)")
    }
    p.neuronsPerCore = 1_000_000
    p.synapsesPerCore = 64_000_000
    p.coresPerChip = 1
    p.coresPerTile = 1
    p.meshColumns = 1
    p.bitsPerSynapse = 32
    p.bitsPerNeuron = 64
    for name in ["neuronsPerCore", "synapsesPerCore", "coresPerChip", "coresPerTile", "meshColumns", "bitsPerSynapse", "bitsPerNeuron"] {
      p.provenance[name] = FigureProvenance(.assumed, "one processor with enough memory for the workload")
    }
    return p
  }
}
