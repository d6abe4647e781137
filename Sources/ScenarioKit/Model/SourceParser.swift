import SpikeCore
import SpikeData

/// Reads a `source` object: `{"spikeTimes": [[s, ...], ...]}`, `{"spikeTicks": [[t, ...]]}`,
/// `{"poisson": {"rateHz": r}}`, or `{"dataset": {"file": path, "split": "test", "index": i, "steps": T?, "window": s?}}`
/// (a sample of a spike dataset: its spike times, or its binned steps as ticks when `steps` is given).
enum SourceParser {
  static func parse(_ c: JSONCursor, size: Int, tick: Double? = nil, directory: String = ".") -> SpikeSource? {
    guard c.object(known: ["spikeTimes", "spikeTicks", "poisson", "dataset"]) else { return nil }
    guard let key = c.singleKey else {
      c.error("needs exactly one of spikeTimes, spikeTicks, poisson, dataset")
      return nil
    }
    switch key {
    case "dataset":
      let d = c["dataset"]
      guard d.object(known: ["file", "split", "index", "steps", "window"], required: ["file"]), let file = d["file"].string(required: true) else { return nil }
      let path = file.hasPrefix("/") ? file : directory + "/" + file
      let dataset: SpikeDataset
      do { dataset = try SpikeDataset.read(path) } catch { d["file"].error("\(error)"); return nil }
      let split: Split = d["split"].string(allowed: ["train", "test"]) == "train" ? .train : .test
      let samples = dataset.samples(in: split)
      guard let index = d["index"].int(in: 0...max(samples.count - 1, 0)), samples.indices.contains(index) else {
        if !d["index"].isPresent { d["index"].error("is required (0..<\(samples.count))") }
        return nil
      }
      guard dataset.channelCount == size else {
        c.error("the dataset has \(dataset.channelCount) channels but the population has \(size) sources")
        return nil
      }
      if let steps = d["steps"].int(in: 1...100_000) {
        let binning = Binning(steps: steps, window: d["window"].double({ $0 > 0 ? nil : "must be > 0 seconds" }) ?? 1)
        return .spikeTicks(binning.bin(samples[index], timeUnit: dataset.timeUnit, channels: dataset.channelCount).spikeTicks())
      }
      return .spikeTimes(dataset.spikeTrains(samples[index]))
    case "spikeTimes", "spikeTicks":
      guard let lists = c[key].array(required: true) else { return nil }
      if lists.count != size { c[key].error("has \(lists.count) lists for a population of \(size)") ; return nil }
      if key == "spikeTimes" {
        let times = lists.map { $0.doubles(required: true) ?? [] }
        return .spikeTimes(times)
      }
      let ticks = lists.map { list in (list.array(required: true) ?? []).compactMap { $0.int(required: true, in: 0...Int(Int32.max - 1)) } }
      return .spikeTicks(ticks)
    default:
      guard c["poisson"].object(known: ["rateHz"], required: ["rateHz"]),
            let rate = c["poisson"]["rateHz"].double(required: true, { $0 >= 0 && $0 <= 1e6 ? nil : "must be in 0...1e6 Hz" }) else { return nil }
      return .poisson(rateHertz: rate)
    }
  }
}
