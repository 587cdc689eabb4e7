/// The rows of a query, read into memory.
public struct DuckDBRows: Sendable, Hashable {
    /// Column names, in order.
    public var columns: [String]
    /// Rows, each with one value per column.
    public var rows: [[DuckDBValue]]

    public init(columns: [String], rows: [[DuckDBValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The first value of the first row, or `nil` when there is no row.
    public var scalar: DuckDBValue? { rows.first?.first }

    /// The values of one column by name.
    public func column(_ name: String) -> [DuckDBValue]? {
        columns.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }
}
