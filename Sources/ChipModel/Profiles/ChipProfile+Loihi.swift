extension ChipProfile {
  static let davies = "Davies et al., IEEE Micro 38(1):82-99, 2018, Table 2"
  static let frady = "Frady et al., NICE 2020 (arXiv:2004.12691), Pohoiki Springs power and timing"
  static let sanaFE = "Boyle et al., IEEE TCAD 2025 (SANA-FE arch/loihi.yaml, regressed on Nahuku silicon)"
  static let horowitz = "Horowitz, ISSCC 2014 (45 nm operation energies)"

  /// Intel Loihi (14 nm).
  ///
  /// Per-operation figures: Davies et al., IEEE Micro 38(1):82–99, 2018, Table 2 (0.75 V):
  /// synaptic spike op ≥ 23.6 pJ and ≤ 3.5 ns; synaptic update 120 pJ / 6.1 ns; neuron update
  /// 81 pJ / 8.4 ns active, 52 pJ / 5.3 ns inactive; within-tile spike 1.7 pJ / 2.1 ns; per tile
  /// hop 3.0 pJ / 4.1 ns east–west and 4.0 pJ / 6.5 ns north–south; barrier 113–465 ns for 1–32
  /// tiles. Architecture: 128 cores, 1024 compartments and 128 KB synaptic memory per core,
  /// ≤ 4096 fan-in axons per core, 3 embedded x86 cores.
  ///
  /// Fixed costs: static power 104 mW per chip and x86 management power 66 mW per chip
  /// (3.34 W and 2.09–2.14 W measured over a 32-chip board, Frady et al., NICE 2020). Timestep
  /// synchronisation and housekeeping 0.6 µs (1 chip), 1.0 µs (2), 1.4 µs (4), 1.8 µs (29), from
  /// SANA-FE's table regressed on Nahuku silicon (Boyle et al., IEEE TCAD 2025), and the
  /// multi-chip barrier of Pohoiki Springs: 14.3 µs for a 256-chip column, 16.2 µs for 768 chips
  /// (Frady et al.). No source gives the energy or time of chip-to-chip links or host spike
  /// injection, so those are not modelled.
  ///
  /// Assumptions: 4 cores per tile in an 8 × 4 tile mesh (32 tiles, matching the barrier range);
  /// 16 bits per synapse so 128 KB hold 65,536 synapses; 64 bits of state per compartment. Dense
  /// figures (MAC, accumulate, memory access) are the 45 nm values of Horowitz (ISSCC 2014);
  /// dense work runs 3 wide on the x86 cores.
  public static var loihi: ChipProfile {
    var p = ChipProfile(name: "loihi", summary: "Intel Loihi (14 nm), Davies et al. 2018 Table 2, fixed costs from Pohoiki Springs",
                        sources: [davies, frady, sanaFE, horowitz])
    p.synapticOpEnergy = 23.6e-12
    p.neuronUpdateEnergy = 52e-12
    p.activeNeuronUpdateEnergy = 81e-12
    p.spikeMessageEnergy = 1.7e-12
    p.hopEnergyEastWest = 3.0e-12
    p.hopEnergyNorthSouth = 4.0e-12
    p.synapticUpdateEnergy = 120e-12
    p.synapticOpLatency = 3.5e-9
    p.neuronUpdateLatency = 5.3e-9
    p.activeNeuronUpdateLatency = 8.4e-9
    p.spikeMessageLatency = 2.1e-9
    p.hopLatencyEastWest = 4.1e-9
    p.hopLatencyNorthSouth = 6.5e-9
    p.synapticUpdateLatency = 6.1e-9
    p.barrierLatencyOneTile = 113e-9
    p.barrierLatencyAllTiles = 465e-9
    p.neuronsPerCore = 1024
    p.fanInPerCore = 4096
    p.coresPerChip = 128
    for name in ["synapticOpEnergy", "neuronUpdateEnergy", "activeNeuronUpdateEnergy", "spikeMessageEnergy",
                 "hopEnergyEastWest", "hopEnergyNorthSouth", "synapticUpdateEnergy", "synapticOpLatency",
                 "neuronUpdateLatency", "activeNeuronUpdateLatency", "spikeMessageLatency", "hopLatencyEastWest",
                 "hopLatencyNorthSouth", "synapticUpdateLatency", "barrierLatencyOneTile", "barrierLatencyAllTiles",
                 "neuronsPerCore", "fanInPerCore", "coresPerChip"] {
      p.provenance[name] = FigureProvenance(.measured, davies + " (designers' characterisation)")
    }
    p.staticPowerPerChip = 3.34 / 32
    p.provenance["staticPowerPerChip"] = FigureProvenance(.derived, frady + ": 3.34 W over 32 chips",
                                                          fittedTo: "Frady et al. 2020 board static power")
    p.managementPowerPerChip = 2.115 / 32
    p.provenance["managementPowerPerChip"] = FigureProvenance(.derived, frady + ": x86 2.09-2.14 W over 32 chips",
                                                              fittedTo: "Frady et al. 2020 board x86 power")
    p.synchronisation = [SynchronisationPoint(chips: 1, seconds: 0.6e-6), SynchronisationPoint(chips: 2, seconds: 1.0e-6),
                         SynchronisationPoint(chips: 4, seconds: 1.4e-6), SynchronisationPoint(chips: 29, seconds: 1.8e-6),
                         SynchronisationPoint(chips: 256, seconds: 14.3e-6), SynchronisationPoint(chips: 768, seconds: 16.2e-6)]
    p.provenance["synchronisation"] = FigureProvenance(.derived, sanaFE + " up to 29 chips; " + frady + " barrier for 256 and 768 chips",
                                                       fittedTo: "Nahuku silicon (SANA-FE) and Pohoiki Springs barriers, not the 5.8 us/step of the k-NN run")
    for name in ["chipCrossingEnergy", "chipCrossingLatency", "hostSpikeEnergy", "hostSpikeLatency"] {
      p.provenance[name] = FigureProvenance(.assumed, "no published figure for Loihi: not modelled")
    }
    p.setDense(parallelism: 3, parallelismSource: "3 embedded x86 cores (Davies et al. 2018)")
    p.setLoihiAssumptions()
    return p
  }

  /// Intel Loihi 2 (Intel 4), from Intel's "Taking Neuromorphic Computing to the Next Level with
  /// Loihi 2" technology brief (2021): 128 neuron cores and 6 embedded x86 (Lakemont) cores per
  /// chip, up to 1 M neurons (8192 per core) and 192 KB of synaptic memory per core.
  ///
  /// Intel publishes no per-operation energies or times, static power or synchronisation time for
  /// Loihi 2 (its "up to 10x faster" is an application-level claim), so those figures are Loihi's,
  /// marked assumed, and static and management power are not modelled: use this profile for
  /// capacity (mapping, cores, chips) and treat its energies as Loihi-equivalent. 192 KB at 16
  /// bits per synapse hold 98,304 synapses per core (Intel's 120 M synapses per chip relies on
  /// weight sharing).
  public static var loihi2: ChipProfile {
    var p = loihi
    p.name = "loihi2"
    p.summary = "Intel Loihi 2 (Intel 4): capacity from Intel's brief, per-operation costs assumed as Loihi's"
    p.sources = ["Intel Labs, Loihi 2 technology brief, 2021 (capacity)"] + p.sources
    let brief = "Intel Loihi 2 technology brief, 2021"
    for name in p.provenance.keys where name != "bitsPerSynapse" && name != "bitsPerNeuron" {
      if let old = p.provenance[name] {
        p.provenance[name] = FigureProvenance(.assumed, "Loihi's figure (no Loihi 2 value published); Loihi: " + old.source)
      }
    }
    p.staticPowerPerChip = nil
    p.managementPowerPerChip = nil
    p.provenance["staticPowerPerChip"] = FigureProvenance(.assumed, "not published for Loihi 2: not modelled")
    p.provenance["managementPowerPerChip"] = FigureProvenance(.assumed, "not published for Loihi 2: not modelled")
    p.neuronsPerCore = 8192
    p.provenance["neuronsPerCore"] = FigureProvenance(.derived, brief + ": 1 M neurons over 128 cores")
    p.synapsesPerCore = 192 * 1024 * 8 / 16
    p.provenance["synapsesPerCore"] = FigureProvenance(.derived, brief + ": 192 KB per core at 16 bits per synapse")
    p.coresPerChip = 128
    p.provenance["coresPerChip"] = FigureProvenance(.measured, brief)
    p.denseParallelism = 6
    p.provenance["denseParallelism"] = FigureProvenance(.measured, brief + ": 6 embedded x86 cores")
    return p
  }

  mutating func setLoihiAssumptions() {
    coresPerTile = 4
    meshColumns = 8
    synapsesPerCore = 65_536
    bitsPerSynapse = 16
    bitsPerNeuron = 64
    provenance["coresPerTile"] = FigureProvenance(.assumed, "4 cores per tile, 32 tiles as the barrier range of Davies et al.")
    provenance["meshColumns"] = FigureProvenance(.assumed, "an 8 x 4 tile mesh")
    provenance["synapsesPerCore"] = FigureProvenance(.derived, "128 KB synaptic memory (Davies et al.) at 16 bits per synapse")
    provenance["bitsPerSynapse"] = FigureProvenance(.assumed, "8-bit weight plus 8-bit index")
    provenance["bitsPerNeuron"] = FigureProvenance(.assumed, "64 bits of compartment state")
  }

  /// The 45 nm dense figures of Horowitz (ISSCC 2014), one operation per nanosecond.
  mutating func setDense(parallelism: Int, parallelismSource: String) {
    macEnergy = 4.6e-12
    accumulateEnergy = 0.9e-12
    memoryAccessEnergy = 5e-12
    macLatency = 1e-9
    accumulateLatency = 1e-9
    memoryAccessLatency = 1e-9
    denseParallelism = parallelism
    for name in ["macEnergy", "accumulateEnergy", "memoryAccessEnergy"] {
      provenance[name] = FigureProvenance(.assumed, ChipProfile.horowitz + "; the chip publishes no dense figure")
    }
    for name in ["macLatency", "accumulateLatency", "memoryAccessLatency"] {
      provenance[name] = FigureProvenance(.assumed, "one dense operation per nanosecond")
    }
    provenance["denseParallelism"] = FigureProvenance(.assumed, parallelismSource)
  }
}
