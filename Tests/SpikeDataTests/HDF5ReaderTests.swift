import Foundation
import Testing
import SpikelineSupport
@testable import SpikeData

/// The HDF5 reader on NIR files written by h5py (`Tests/Peers/make_nir_fixtures.py`), and on
/// damaged copies of them.
@Suite struct HDF5ReaderTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/nir"

  func weights() throws -> [Double] {
    let bytes = try readFileBytes(Self.fixtures + "/feedforward-weights.npy")
    return try NPYFile.decode(bytes).values
  }

  @Test("Chunked, gzip-compressed float arrays, variable-length strings and string arrays read back exactly")
  func compressed() throws {
    let file = try HDF5File(path: Self.fixtures + "/feedforward.nir")
    guard case .numbers(let shape, let values) = try file.value(at: "node/nodes/fc1/weight") else { Issue.record("not numbers"); return }
    #expect(shape == [3, 4])
    let expected = try weights()
    #expect(values == Array(expected.prefix(12)))
    #expect(try file.value(at: "node/nodes/fc2/weight") == .numbers(shape: [2, 3], values: Array(expected.suffix(6))))
    #expect(try file.value(at: "version") == .strings(shape: [], values: ["1.0.8"]))
    #expect(try file.value(at: "node/nodes/lif1/type") == .strings(shape: [], values: ["LIF"]))
    #expect(try file.value(at: "node/nodes/input/shape") == .numbers(shape: [1], values: [4]))
    guard case .strings(let edgeShape, let edges) = try file.value(at: "node/edges") else { Issue.record("not strings"); return }
    #expect(edgeShape == [5, 2] && edges.prefix(4) == ["input", "fc1", "fc1", "lif1"])
    guard case .group(let nodes) = try file.object(at: "node/nodes") else { Issue.record("not a group"); return }
    #expect(Set(nodes.keys) == ["input", "fc1", "lif1", "fc2", "lif2", "output"])
  }

  @Test("Contiguous (uncompressed) datasets give the same values")
  func contiguous() throws {
    let plain = try HDF5File(path: Self.fixtures + "/feedforward-uncompressed.nir")
    let packed = try HDF5File(path: Self.fixtures + "/feedforward.nir")
    for path in ["node/nodes/fc1/weight", "node/nodes/lif1/tau", "node/edges", "node/nodes/lif2/v_threshold"] {
      #expect(try plain.value(at: path) == packed.value(at: path), "\(path)")
    }
  }

  @Test("Missing members and wrong kinds are named")
  func missing() throws {
    let file = try HDF5File(path: Self.fixtures + "/feedforward.nir")
    #expect { try file.value(at: "node/nodes/fc9/weight") } throws: { "\($0)".contains("has no member 'fc9'") }
    #expect { try file.value(at: "node/nodes") } throws: { "\($0)".contains("is a group") }
  }

  @Test("Not HDF5, truncated files and flipped bytes end in errors naming the file, never a trap")
  func damaged() throws {
    let bytes = try readFileBytes(Self.fixtures + "/feedforward.nir")
    #expect { try HDF5File(bytes: Array("not hdf5 at all".utf8), file: "x.nir") } throws: { "\($0)".contains("x.nir") && "\($0)".contains("HDF5 signature") }
    var generator = SeededGenerator(seed: 5)
    var failures = 0
    for trial in 0..<300 {
      var copy = bytes
      if trial % 3 == 0 {
        copy.removeLast(Int(generator.next() % UInt64(copy.count - 1)) + 1)
      } else {
        for _ in 0..<(1 + trial % 8) {
          let index = Int(generator.next() % UInt64(copy.count))
          copy[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
        }
      }
      do {
        let file = try HDF5File(bytes: copy, file: "damaged.nir")
        for path in ["node/nodes/fc1/weight", "node/edges", "node/nodes/lif1/type", "version"] { _ = try file.value(at: path) }
      } catch let error as SpikelineError {
        #expect(error.description.contains("damaged.nir"), "\(error)")
        failures += 1
      } catch {
        Issue.record("unexpected error type: \(error)")
      }
    }
    // Most damage is caught (flips inside unused padding are harmless and read fine).
    #expect(failures > 100)
  }

  @Test("Inflate: stored, fixed and dynamic blocks; bad streams and output past the limit are errors")
  func inflate() throws {
    // zlib of "hello hello hello" (fixed Huffman with a back-reference), made with Python's zlib.
    let stream: [UInt8] = [0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x00, 0x3a, 0x2e, 0x06, 0x7d]
    #expect(try Inflate.zlib(stream[...], limit: 100) == Array("hello hello hello".utf8))
    #expect { try Inflate.zlib(stream[...], limit: 5) } throws: { "\($0)".contains("exceeds") }
    var bad = stream
    bad[bad.count - 1] ^= 1
    #expect { try Inflate.zlib(bad[...], limit: 100) } throws: { "\($0)".contains("checksum") }
    // A stored block: BFINAL 1, type 0, LEN 3, NLEN ~3, "abc".
    #expect(try Inflate.raw([0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63][...], limit: 10) == Array("abc".utf8))
    #expect { try Inflate.raw([0x07][...], limit: 10) } throws: { "\($0)".contains("block type 3") }
  }
}

/// The HDF5 writer's files read back by the reader (h5py reads them too: `Tests/Peers/compare_nir.sh`).
@Suite struct HDF5WriterTests {
  @Test("Arrays, scalars, strings and groups of more than one symbol node (8 members) round-trip")
  func roundTrip() throws {
    var many: [String: HDF5Writer.Member] = [:]
    for index in 0..<20 { many["member\(index)"] = .dataset(.int64(shape: [2], values: [Int64(index), -Int64(index)])) }
    let bytes = try HDF5Writer.file([
      "weights": .dataset(.float32(shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5])),
      "scalar": .dataset(.float64(shape: [], values: [0.25])),
      "names": .dataset(.strings(shape: [2, 2], values: ["a", "bcd", "", "e"])),
      "group": .group(many),
    ])
    let file = try HDF5File(bytes: bytes, file: "written.h5")
    #expect(try file.value(at: "weights") == .numbers(shape: [2, 3], values: [1, 2, 3, 4, 5, 6.5]))
    #expect(try file.value(at: "scalar") == .numbers(shape: [], values: [0.25]))
    #expect(try file.value(at: "names") == .strings(shape: [2, 2], values: ["a", "bcd", "", "e"]))
    for index in [0, 7, 8, 19] {
      #expect(try file.value(at: "group/member\(index)") == .numbers(shape: [2], values: [Double(index), -Double(index)]))
    }
  }
}
