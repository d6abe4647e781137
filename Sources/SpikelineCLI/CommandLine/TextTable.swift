import Foundation

/// A plain-text table with right-aligned numeric columns.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) { self.header = header }

  mutating func add(_ row: [String]) { rows.append(row) }

  var text: String {
    let widths = header.indices.map { column in
      ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: max(widths[column] - cell.count, 0))
        return column == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }
}

/// Number formatting for reports.
enum Format {
  /// Three significant digits with an SI prefix: 1.23 µJ, 45.6 ms.
  static func si(_ value: Double, _ unit: String) -> String {
    if value == 0 { return "0 \(unit)" }
    let prefixes: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p"), (1e-15, "f")]
    for (scale, prefix) in prefixes where abs(value) >= scale * 0.9995 {
      return String(format: "%.3g %@%@", value / scale, prefix, unit)
    }
    return String(format: "%.3g %@", value, unit)
  }

  static func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
  static func percent(_ fraction: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f%%", fraction * 100) }
}
