import Foundation
import Testing
@testable import SpikelineCLI

@Suite struct StepCommandTests {
  @Test("Script mode: the clock advances and the raster shows the spike at its tick")
  func scriptFrames() throws {
    let outcome = runCLI(["step", packageRoot + "/Scenarios/single-lif.json", "--script", "n n 2 q", "--width", "80"])
    #expect(outcome.code == 0, "\(outcome.err)")
    let frames = outcome.out.components(separatedBy: String(repeating: "=", count: 80) + "\n").filter { !$0.isEmpty }
    #expect(frames.count == 4)  // initial frame + n + n + 2 (q prints nothing)
    let clocks = frames.map { frame in frame.split(separator: "\n").first.map(String.init) ?? "" }
    #expect(clocks[0].hasSuffix("tick 0 · t = 0.000 ms"))
    #expect(clocks[1].hasSuffix("tick 1 · t = 1.000 ms"))
    #expect(clocks[3].hasSuffix("tick 4 · t = 4.000 ms"))
    // Ticks 0–3 done: four input spikes on the input row; tick 4 not yet, so no neuron spike.
    let rasterRow = { (frame: String, label: String) in
      frame.split(separator: "\n").first { $0.hasPrefix(label) }.map(String.init) ?? ""
    }
    #expect(rasterRow(frames[3], "input").filter { $0 == "." }.count == 4)
    #expect(!rasterRow(frames[3], "neuron[0]").contains("|"))
    // One more tick: the neuron spikes at tick 4, drawn in the newest (rightmost) column.
    let next = runCLI(["step", packageRoot + "/Scenarios/single-lif.json", "--script", "5", "--width", "80"])
    let last = next.out.components(separatedBy: String(repeating: "=", count: 80) + "\n").filter { !$0.isEmpty }.last ?? ""
    #expect(rasterRow(last, "neuron[0]").hasSuffix("|"))
    // Reset to zero after the spike; a discrete (per-step) model is unitless, so no volts.
    #expect(last.contains("(threshold 1 at |)") && last.split(separator: "\n").contains { $0.hasPrefix(">neuron[0]") && $0.hasSuffix(" 0           ") || $0.hasPrefix(">neuron[0]") && $0.contains(" 0 ") })
    #expect(!last.contains(" V "))
  }

  @Test("Every neuron is reachable (g and +/- move a window that follows the selection); a legend; event kinds in continuous time; no going back in time")
  func navigation() throws {
    let outcome = runCLI(["step", packageRoot + "/Scenarios/synfire-chain.json", "--script", "30 g15 + t0.1 g99", "--width", "120"])
    #expect(outcome.code == 0, "\(outcome.err)")
    let frames = outcome.out.components(separatedBy: String(repeating: "=", count: 120) + "\n").filter { !$0.isEmpty }
    #expect(frames.count == 6)
    #expect(frames[0].contains("raster: | spike of a shown neuron"))
    #expect(frames[2].contains("membrane potential of 'group0' 12…17 of 40") && frames[2].contains(">group0[15]"), "\(frames[2])")
    #expect(frames[3].contains(">group0[16]"))
    #expect(frames[4].contains("cannot go back in time: the run is at"), "\(frames[4])")
    #expect(frames[5].contains("'group0' has neurons 0…39; 99 is not one of them"))
    #expect(frames[1].contains("source spike  trigger[") && frames[1].contains(" ms  probe"), "\(frames[1])")
  }

  @Test("--ticks prints one frame per tick; 's' runs to the next spike of the selected neuron")
  func ticksAndSpikeSearch() {
    let ticks = runCLI(["step", packageRoot + "/Scenarios/single-lif.json", "--ticks", "3", "--width", "80"])
    #expect(ticks.code == 0)
    #expect(ticks.out.components(separatedBy: "Spikeline step").count - 1 == 4)
    let spike = runCLI(["step", packageRoot + "/Scenarios/single-lif.json", "--script", "s s", "--width", "80"])
    #expect(spike.out.contains("tick 5 · t = 5.000 ms"))
    #expect(spike.out.contains("tick 9 · t = 9.000 ms"))
    #expect(spike.out.contains("neuron[0] spiked"))
  }

  @Test("Without a terminal and without a script, step explains what to do")
  func noTerminal() {
    let outcome = runCLI(["step", packageRoot + "/Scenarios/single-lif.json"])
    #expect(outcome.code == 2 && outcome.err.contains("--script"))
  }
}
