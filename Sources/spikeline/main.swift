import SpikeCore
import Foundation
let t0 = Date()
let net = try VogelsAbbottCUBA.network(seed: 12345)
let t1 = Date()
let sim = try ChipTimeSimulation(network: net, tickDuration: 1e-4, recording: .countersOnly)
let t2 = Date()
sim.run(ticks: 10000)
let t3 = Date()
let c = sim.result.counters
print("build", t1.timeIntervalSince(t0), "compile", t2.timeIntervalSince(t1), "run", t3.timeIntervalSince(t2))
print("synapses", net.synapseCount, "spikes", c.totalSpikes, "synev", c.totalSynapticEvents, "rate", Double(c.totalSpikes)/4000)
