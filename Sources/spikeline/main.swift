#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineCLI

exit(Spikeline.main(Array(CommandLine.arguments.dropFirst()), io: .standard()))
