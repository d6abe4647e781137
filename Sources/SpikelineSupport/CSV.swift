/// Comma-separated values as spreadsheets and `pandas.read_csv` read them (RFC 4180 quoting).
public enum CSV {
  /// `text` as one field: quoted (with inner quotes doubled) when it holds a comma, quote or line break.
  public static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One line of fields, without the line break.
  public static func line(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",")
  }
}
