extension ChipProfile {
  /// A point of the published TrueNorth power sweep (Akopyan et al., IEEE TCAD 34(10), 2015,
  /// Fig. 17, 0.8 V): recurrent networks with 128 active synapses per neuron on every one of the
  /// chip's 1,048,576 neurons.
  public struct TrueNorthSweepPoint: Sendable, Equatable {
    /// Mean firing rate of every neuron, hertz.
    public var rateHz: Double
    /// Total chip power, watts.
    public var watts: Double
  }

  /// The three points of the 0.8 V sweep: 11.6, 20.1 and 95.9 Hz at 68, 71 and 94 mW.
  public static let trueNorthSweep = [TrueNorthSweepPoint(rateHz: 11.6, watts: 0.068),
                                      TrueNorthSweepPoint(rateHz: 20.1, watts: 0.071),
                                      TrueNorthSweepPoint(rateHz: 95.9, watts: 0.094)]

  /// Synaptic events per second on a full TrueNorth chip per hertz of mean rate:
  /// 1,048,576 neurons × 128 active synapses.
  public static let trueNorthEventsPerHertz = 1_048_576.0 * 128

  /// An IBM TrueNorth chip (28 nm): 4096 cores of 256 neurons and 256 axons with a 256 × 256
  /// binary crossbar, a global 1 ms tick (Merolla et al., Science 345:668, 2014; Akopyan et al.,
  /// IEEE TCAD 2015).
  ///
  /// Energy: static power and a marginal energy per synaptic event, fitted to the two ends of the
  /// 0.8 V sweep (11.6 Hz → 68 mW, 95.9 Hz → 94 mW): 2.30 pJ per event and 64.4 mW per chip. The
  /// middle point (20.1 Hz, 71 mW) is left out of the fit so that the calibration tests it. Neuron
  /// updates and routing are folded into these two figures (0 J each), since TrueNorth publishes
  /// no separate values. Latency: every tick lasts 1 ms (the chip runs in real time). Dense
  /// figures as for `loihi`.
  public static var trueNorth: ChipProfile {
    let akopyan = "Akopyan et al., IEEE TCAD 34(10), 2015, Fig. 17"
    let merolla = "Merolla et al., Science 345:668, 2014"
    var p = ChipProfile(name: "truenorth", summary: "IBM TrueNorth (28 nm), Merolla et al. 2014, power fitted to Akopyan et al. 2015",
                        sources: [merolla, akopyan, horowitz])
    let low = trueNorthSweep[0], high = trueNorthSweep[2]
    let perEvent = (high.watts - low.watts) / ((high.rateHz - low.rateHz) * trueNorthEventsPerHertz)
    p.synapticOpEnergy = perEvent
    p.staticPowerPerChip = low.watts - perEvent * low.rateHz * trueNorthEventsPerHertz
    let fit = "the 11.6 Hz and 95.9 Hz points of " + akopyan
    p.provenance["synapticOpEnergy"] = FigureProvenance(.derived, "slope of chip power against synaptic events/s", fittedTo: fit)
    p.provenance["staticPowerPerChip"] = FigureProvenance(.derived, "intercept of chip power against synaptic events/s", fittedTo: fit)
    p.neuronUpdateEnergy = 0
    p.activeNeuronUpdateEnergy = 0
    p.spikeMessageEnergy = 0
    p.hopEnergyEastWest = 0
    p.hopEnergyNorthSouth = 0
    p.synapticOpLatency = 0
    p.neuronUpdateLatency = 0
    p.activeNeuronUpdateLatency = 0
    p.spikeMessageLatency = 0
    p.hopLatencyEastWest = 0
    p.hopLatencyNorthSouth = 0
    p.barrierLatencyOneTile = 0
    p.barrierLatencyAllTiles = 0
    for name in ["neuronUpdateEnergy", "activeNeuronUpdateEnergy", "spikeMessageEnergy", "hopEnergyEastWest", "hopEnergyNorthSouth"] {
      p.provenance[name] = FigureProvenance(.assumed, "folded into the fitted per-event energy and static power")
    }
    for name in ["synapticOpLatency", "neuronUpdateLatency", "activeNeuronUpdateLatency", "spikeMessageLatency",
                 "hopLatencyEastWest", "hopLatencyNorthSouth", "barrierLatencyOneTile", "barrierLatencyAllTiles"] {
      p.provenance[name] = FigureProvenance(.assumed, "hidden inside the fixed 1 ms tick")
    }
    p.minimumTickDuration = 1e-3
    p.provenance["minimumTickDuration"] = FigureProvenance(.measured, merolla + ": 1 kHz global tick")
    p.neuronsPerCore = 256
    p.synapsesPerCore = 65_536
    p.fanInPerCore = 256
    p.coresPerChip = 4096
    p.bitsPerSynapse = 1
    p.bitsPerNeuron = 124
    for name in ["neuronsPerCore", "synapsesPerCore", "fanInPerCore", "coresPerChip", "bitsPerSynapse", "bitsPerNeuron"] {
      p.provenance[name] = FigureProvenance(.measured, merolla + " (architecture)")
    }
    p.coresPerTile = 1
    p.meshColumns = 64
    p.provenance["coresPerTile"] = FigureProvenance(.measured, merolla + ": one router per core")
    p.provenance["meshColumns"] = FigureProvenance(.measured, merolla + ": a 64 x 64 core mesh")
    p.setDense(parallelism: 1, parallelismSource: "no dense unit: one operation at a time")
    return p
  }
}
