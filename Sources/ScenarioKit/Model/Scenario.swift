import ChipModel
import SpikeCore
import SpikelineSupport

/// A runnable description of a network and a run (or of an experiment), read from a JSON file
/// under `Scenarios/`. Every scenario has a `description` saying what it shows.
public struct Scenario: Sendable {
  /// What kind of run the file describes.
  public enum Body: Sendable {
    /// A network simulated once (the `"kind": "network"` default).
    case network(NetworkScenario)
    /// An experiment (training, classification, continual learning).
    case experiment(ExperimentScenario)
  }

  /// The file it was read from.
  public var file: String
  /// What the scenario shows, in a sentence or two (required in every file).
  public var description: String
  /// Seeds every random choice of the scenario.
  public var seed: UInt64
  /// A network run or an experiment.
  public var body: Body
}

/// A network, how long and how to simulate it, what to record, and which chip to cost it on.
public struct NetworkScenario: Sendable {
  /// The populations and projections.
  public var network: Network
  /// The time model and how long to run.
  public var timeModel: TimeSettings
  /// What is recorded besides the counters.
  public var recording: RecordingPlan
  /// The chip the run is costed on.
  public var chip: ChipSettings
  /// Floating point, or chip-like fixed point.
  public var arithmetic: ChipArithmetic
}

/// The time model and duration of a run.
public enum TimeSettings: Sendable, Equatable {
  /// Integer ticks.
  case chip(tickDuration: Double, ticks: Int)
  /// Event-driven real-valued time.
  case continuous(durationSeconds: Double)

  /// The most ticks a chip-time run may take, as in scenario files.
  public static let maximumTicks = 100_000_000

  /// The same time model run for `seconds` instead (whole ticks in chip time, at least one).
  /// - Throws: `SpikelineError` when that is more than `maximumTicks` ticks.
  public func withDuration(_ seconds: Double) throws -> TimeSettings {
    switch self {
    case .chip(let tick, _):
      let ticks = (seconds / tick * (1 - 1e-12)).rounded(.up)
      guard ticks <= Double(Self.maximumTicks) else {
        throw SpikelineError.field("duration", "\(seconds) s is \(String(format: "%.3g", ticks)) ticks of \(tick) s, more than the limit of 100,000,000")
      }
      return .chip(tickDuration: tick, ticks: max(1, Int(ticks)))
    case .continuous: return .continuous(durationSeconds: seconds)
    }
  }

  /// The simulated time, seconds.
  public var durationSeconds: Double {
    switch self {
    case .chip(let tick, let ticks): return tick * Double(ticks)
    case .continuous(let duration): return duration
    }
  }
}

/// The chip a run is costed on.
public struct ChipSettings: Sendable, Equatable {
  /// The chip profile.
  public var profile: ChipProfile
  /// The board: chips powered, which the network may spread over; nil powers just the chips the
  /// mapping needs.
  public var chips: Int?
  /// Biological seconds per chip timestep when a continuous-time run is costed (1 ms by default).
  public var timestep: Double
  /// A profile and board (Loihi, as many chips as needed, by default).
  public init(profile: ChipProfile = .loihi, chips: Int? = nil, timestep: Double = 1e-3) {
    self.profile = profile
    self.chips = chips
    self.timestep = timestep
  }
}
