import CDuckDB

/// Reads a query result into ``DuckDBRows`` through DuckDB's data-chunk API.
///
/// Supported column types: BOOLEAN, the integer types up to BIGINT/UBIGINT, FLOAT,
/// DOUBLE, VARCHAR, BLOB, DATE and the TIMESTAMP types. Anything else (LIST, STRUCT,
/// DECIMAL, ...) is an error asking for a cast to VARCHAR in the query.
enum DuckDBResultReader {
    static func read(_ result: duckdb_result, sql: String) throws(DuckDBError) -> DuckDBRows {
        var result = result
        let columnCount = Int(duckdb_column_count(&result))
        var names: [String] = []
        var types: [duckdb_type] = []
        for column in 0..<columnCount {
            names.append(duckdb_column_name(&result, idx_t(column)).map { String(cString: $0) } ?? "column\(column + 1)")
            types.append(duckdb_column_type(&result, idx_t(column)))
        }
        for (column, type) in types.enumerated() where !isSupported(type) {
            throw DuckDBError(
                message: "Column \(names[column]) has a type this reader does not convert (duckdb_type \(type.rawValue)); cast it to VARCHAR in the query.",
                sql: sql)
        }
        var rows: [[DuckDBValue]] = []
        while let chunk = duckdb_fetch_chunk(result) {
            var owned: duckdb_data_chunk? = chunk
            defer { duckdb_destroy_data_chunk(&owned) }
            let size = Int(duckdb_data_chunk_get_size(chunk))
            if size == 0 { break }
            var chunkRows = Array(repeating: [DuckDBValue](repeating: .null, count: columnCount), count: size)
            for column in 0..<columnCount {
                guard let vector = duckdb_data_chunk_get_vector(chunk, idx_t(column)) else { continue }
                let data = duckdb_vector_get_data(vector)
                let validity = duckdb_vector_get_validity(vector)
                for row in 0..<size {
                    if let validity, !duckdb_validity_row_is_valid(validity, idx_t(row)) { continue }
                    guard let data else { continue }
                    chunkRows[row][column] = value(at: row, of: types[column], in: data)
                }
            }
            rows.append(contentsOf: chunkRows)
        }
        return DuckDBRows(columns: names, rows: rows)
    }

    static func isSupported(_ type: duckdb_type) -> Bool {
        switch type {
        case DUCKDB_TYPE_BOOLEAN, DUCKDB_TYPE_TINYINT, DUCKDB_TYPE_SMALLINT, DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_BIGINT,
             DUCKDB_TYPE_UTINYINT, DUCKDB_TYPE_USMALLINT, DUCKDB_TYPE_UINTEGER, DUCKDB_TYPE_UBIGINT,
             DUCKDB_TYPE_FLOAT, DUCKDB_TYPE_DOUBLE, DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BLOB, DUCKDB_TYPE_DATE,
             DUCKDB_TYPE_TIMESTAMP, DUCKDB_TYPE_TIMESTAMP_TZ, DUCKDB_TYPE_TIMESTAMP_S, DUCKDB_TYPE_TIMESTAMP_MS,
             DUCKDB_TYPE_TIMESTAMP_NS, DUCKDB_TYPE_SQLNULL:
            true
        default:
            false
        }
    }

    private static func value(at row: Int, of type: duckdb_type, in data: UnsafeMutableRawPointer) -> DuckDBValue {
        switch type {
        case DUCKDB_TYPE_BOOLEAN: .bool(data.assumingMemoryBound(to: Bool.self)[row])
        case DUCKDB_TYPE_TINYINT: .int(Int64(data.assumingMemoryBound(to: Int8.self)[row]))
        case DUCKDB_TYPE_SMALLINT: .int(Int64(data.assumingMemoryBound(to: Int16.self)[row]))
        case DUCKDB_TYPE_INTEGER: .int(Int64(data.assumingMemoryBound(to: Int32.self)[row]))
        case DUCKDB_TYPE_BIGINT: .int(data.assumingMemoryBound(to: Int64.self)[row])
        case DUCKDB_TYPE_UTINYINT: .int(Int64(data.assumingMemoryBound(to: UInt8.self)[row]))
        case DUCKDB_TYPE_USMALLINT: .int(Int64(data.assumingMemoryBound(to: UInt16.self)[row]))
        case DUCKDB_TYPE_UINTEGER: .int(Int64(data.assumingMemoryBound(to: UInt32.self)[row]))
        case DUCKDB_TYPE_UBIGINT:
            Int64(exactly: data.assumingMemoryBound(to: UInt64.self)[row]).map(DuckDBValue.int)
                ?? .double(Double(data.assumingMemoryBound(to: UInt64.self)[row]))
        case DUCKDB_TYPE_FLOAT: .double(Double(data.assumingMemoryBound(to: Float.self)[row]))
        case DUCKDB_TYPE_DOUBLE: .double(data.assumingMemoryBound(to: Double.self)[row])
        case DUCKDB_TYPE_DATE: .date(data.assumingMemoryBound(to: Int32.self)[row])
        case DUCKDB_TYPE_TIMESTAMP, DUCKDB_TYPE_TIMESTAMP_TZ: .timestamp(data.assumingMemoryBound(to: Int64.self)[row])
        case DUCKDB_TYPE_TIMESTAMP_S: .timestamp(data.assumingMemoryBound(to: Int64.self)[row] &* 1_000_000)
        case DUCKDB_TYPE_TIMESTAMP_MS: .timestamp(data.assumingMemoryBound(to: Int64.self)[row] &* 1_000)
        case DUCKDB_TYPE_TIMESTAMP_NS: .timestamp(data.assumingMemoryBound(to: Int64.self)[row] / 1_000)
        case DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BLOB:
            stringValue(data.assumingMemoryBound(to: duckdb_string_t.self).advanced(by: row), blob: type == DUCKDB_TYPE_BLOB)
        default: .null
        }
    }

    private static func stringValue(_ pointer: UnsafeMutablePointer<duckdb_string_t>, blob: Bool) -> DuckDBValue {
        let length = Int(duckdb_string_t_length(pointer.pointee))
        guard let start = duckdb_string_t_data(pointer) else { return blob ? .blob([]) : .text("") }
        let bytes = UnsafeRawBufferPointer(start: start, count: length)
        return blob ? .blob(Array(bytes)) : .text(String(decoding: bytes, as: UTF8.self))
    }
}
