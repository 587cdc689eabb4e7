/// The result of a query: its columns and rows, in order.
///
/// ``ClickHouseClient/query(_:settings:)`` asks for ClickHouse's `JSONCompact` format,
/// which keeps the column order and types, and reads it into this value.
///
/// ```swift
/// let result = try await client.query("SELECT name, type FROM system.columns WHERE table = 'events'")
/// for row in result.rows { print(row[0].string ?? "", row[1].string ?? "") }
/// let names = result.column("name").compactMap(\.string)
/// ```
public struct ClickHouseRows: Sendable, Hashable {
    /// A result column: its name and ClickHouse type, e.g. `Nullable(String)`.
    public struct Column: Sendable, Hashable, Decodable {
        public var name: String
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    public var columns: [Column]
    /// Each row has one value per column, in column order.
    public var rows: [[ClickHouseValue]]

    public init(columns: [Column], rows: [[ClickHouseValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The values of the first column called `name`; empty when there is none.
    public func column(_ name: String) -> [ClickHouseValue] {
        guard let index = columns.firstIndex(where: { $0.name == name }) else { return [] }
        return rows.map { index < $0.count ? $0[index] : .null }
    }

    /// The first value of the first row, for queries that return one value.
    public var scalar: ClickHouseValue? { rows.first?.first }
}
