import Foundation

/// What an `ON CLUSTER` statement did on each host of the cluster. Pure: read from the
/// statement's result rows, from its error, or from the distributed DDL task that ClickHouse
/// keeps in ZooKeeper.
///
/// ClickHouse answers an `ON CLUSTER` statement with one row per host that finished:
/// `host, port, status, error, num_hosts_remaining, num_hosts_active` (status 0 is success,
/// otherwise an error code). When a host fails, 18.16 (and later servers by default) throws
/// `There was an error on [host:port]: ...` instead; when hosts do not finish within
/// `distributed_ddl_task_timeout`, code 159 names the task
/// (`Watching task /clickhouse/task_queue/ddl/query-0000000008 is executing longer than ...`),
/// whose entry lists every host and whose `finished` children hold each host's status. The
/// statement stays queued for the hosts that did not finish: they run it when they return.
///
/// ```swift
/// let outcome = DistributedDDLOutcome(rows: rows)   // from the statement's JSONCompact result
/// outcome?.isComplete                               // every host finished with status 0
/// outcome?.summary                                  // "did not finish on 127.0.0.1:9001"
/// ```
public struct DistributedDDLOutcome: Sendable, Hashable, Codable {
    /// One host's outcome.
    public struct Host: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The host's name or address, as the cluster configuration names it.
        public var host: String
        /// Its native (TCP) port, as the cluster configuration names it.
        public var port: Int?
        /// 0 for success, an error code for a failure, `nil` while it has not finished.
        public var status: Int?
        /// The host's error message, for a failure.
        public var error: String?

        public init(host: String, port: Int?, status: Int?, error: String? = nil) {
            self.host = host
            self.port = port
            self.status = status
            self.error = error?.isEmpty == true ? nil : error
        }

        /// `host:port`.
        public var description: String { port.map { "\(host):\($0)" } ?? host }
        /// Finished with status 0.
        public var succeeded: Bool { status == 0 }
        /// Has not finished (still queued for it).
        public var unfinished: Bool { status == nil }
    }

    /// The task's path in ZooKeeper, when known (it names the statement in the queue).
    public var task: String?
    /// The hosts known, in the order reported.
    public var hosts: [Host]
    /// How many hosts had not finished when the server stopped waiting, when it said so.
    public var remaining: Int?

    public init(task: String? = nil, hosts: [Host], remaining: Int? = nil) {
        self.task = task
        self.hosts = hosts
        self.remaining = remaining
    }

    /// Every host finished with status 0 and none is known to be missing.
    public var isComplete: Bool {
        !hosts.isEmpty && hosts.allSatisfy(\.succeeded) && (remaining ?? 0) == 0
    }

    /// Hosts that finished with an error.
    public var failedHosts: [Host] { hosts.filter { !$0.succeeded && !$0.unfinished } }
    /// Hosts that have not finished.
    public var unfinishedHosts: [Host] { hosts.filter(\.unfinished) }

    /// `failed on 127.0.0.1:9000 (Code: 57 ...); did not finish on 127.0.0.1:9001`, or
    /// `finished on 2 hosts`.
    public var summary: String {
        var parts: [String] = []
        let failed = failedHosts
        if !failed.isEmpty {
            parts.append("failed on " + failed.map { host in
                "\(host)" + (host.error.map { " (\(Self.firstLine($0)))" } ?? host.status.map { " (code \($0))" } ?? "")
            }.joined(separator: ", "))
        }
        let unfinished = unfinishedHosts
        if !unfinished.isEmpty {
            parts.append("did not finish on " + unfinished.map(\.description).joined(separator: ", "))
        } else if let remaining, remaining > 0 {
            parts.append("did not finish on \(remaining) host\(remaining == 1 ? "" : "s")")
        }
        if parts.isEmpty { return "finished on \(hosts.count) host\(hosts.count == 1 ? "" : "s")" }
        return parts.joined(separator: "; ")
    }

    // MARK: - Reading

    /// Reads the rows an `ON CLUSTER` statement returns; `nil` when the result does not have
    /// their columns (`host`, `port`, `status`, `error`, `num_hosts_remaining`).
    public init?(rows: ClickHouseRows) {
        let names = rows.columns.map(\.name)
        guard let host = names.firstIndex(of: "host"), let status = names.firstIndex(of: "status") else { return nil }
        let port = names.firstIndex(of: "port"), error = names.firstIndex(of: "error")
        let remaining = names.firstIndex(of: "num_hosts_remaining")
        var hosts: [Host] = []
        var left: Int?
        for row in rows.rows where row.count == names.count {
            hosts.append(Host(host: row[host].string ?? row[host].description, port: port.flatMap { row[$0].int64 }.map(Int.init),
                              status: row[status].int64.map(Int.init), error: error.flatMap { row[$0].string }))
            left = remaining.flatMap { row[$0].int64 }.map(Int.init) ?? left
        }
        // The last row's count of hosts still running; rows with a NULL status already name them.
        let named = hosts.filter(\.unfinished).count
        self.init(hosts: hosts, remaining: left.map { max($0, named) })
    }

    /// The task and the number of unfinished hosts in a timeout error (code 159), worded
    /// `Watching task /clickhouse/task_queue/ddl/query-0000000008 is executing longer than
    /// distributed_ddl_task_timeout (=3) seconds. There are 1 unfinished hosts ...` (18.16 to
    /// 23.x) or `Distributed DDL task /clickhouse/task_queue/ddl/query-0000647099 is not
    /// finished on 2 of 4 hosts ... longer than distributed_ddl_task_timeout` (recent servers).
    public static func timedOutTask(in message: String) -> (task: String, remaining: Int?)? {
        guard message.contains("distributed_ddl_task_timeout"),
              let start = message.range(of: "Watching task ") ?? message.range(of: "Distributed DDL task ") else { return nil }
        let task = message[start.upperBound...].prefix { !$0.isWhitespace }
        guard task.hasPrefix("/") else { return nil }
        var remaining: Int?
        if let there = message.range(of: "There are ") {
            remaining = Int(message[there.upperBound...].prefix(while: \.isNumber))
        } else if let on = message.range(of: "is not finished on ") {
            remaining = Int(message[on.upperBound...].prefix(while: \.isNumber))
        }
        return (String(task), remaining)
    }

    /// The host and its error in `There was an error on [host:port]: Code: 57, ...`.
    public static func hostError(in message: String) -> Host? {
        guard let start = message.range(of: "There was an error on ["),
              let close = message[start.upperBound...].firstIndex(of: "]") else { return nil }
        let address = parseAddress(String(message[start.upperBound..<close]))
        var error = String(message[message.index(after: close)...])
        if error.hasPrefix(":") { error.removeFirst() }
        error = error.trimmingCharacters(in: .whitespaces)
        // The outer exception repeats the inner one's tail (18.16: ", e.what() = DB::Exception").
        if error.hasSuffix(", e.what() = DB::Exception") { error = String(error.dropLast(", e.what() = DB::Exception".count)) }
        return Host(host: address.host, port: address.port, status: ClickHouseServerError.code(in: error), error: error)
    }

    /// Reads a task from ZooKeeper: its entry (`version: 1\nquery: ...\nhosts: ['h%2E1:9000',...]\n...`)
    /// and its `finished` children (name `host:port` escaped, value `status\nmessage`).
    ///
    /// - Parameters:
    ///   - task: the task's path.
    ///   - entry: the task node's value.
    ///   - finished: the `finished` children as (name, value).
    public init(task: String, entry: String, finished: [(name: String, value: String)]) {
        var results: [String: (status: Int?, error: String?)] = [:]
        for child in finished {
            let lines = child.value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let status = lines.first.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            let message = lines.count > 1 ? String(lines[1]).trimmingCharacters(in: .whitespacesAndNewlines) : nil
            results[Self.unescapeHostID(child.name)] = (status, message)
        }
        var hosts: [Host] = []
        for id in Self.hostIDs(inEntry: entry) {
            let address = Self.parseAddress(id)
            let result = results[id]
            hosts.append(Host(host: address.host, port: address.port, status: result?.status, error: result?.error))
        }
        self.init(task: task, hosts: hosts, remaining: hosts.filter(\.unfinished).count)
    }

    /// The decoded `host:port` ids of the entry's `hosts: [...]` line.
    static func hostIDs(inEntry entry: String) -> [String] {
        guard let line = entry.split(separator: "\n").first(where: { $0.hasPrefix("hosts: [") }) else { return [] }
        var ids: [String] = []
        var current = ""
        var inQuote = false
        var escaped = false
        for character in line.dropFirst("hosts: [".count) {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "'" {
                if inQuote { ids.append(unescapeHostID(current)) }
                current = ""
                inQuote.toggle()
            } else if inQuote {
                current.append(character)
            }
        }
        return ids
    }

    /// `127%2E0%2E0%2E1:9000` (ClickHouse escapes host ids as file names) to `127.0.0.1:9000`.
    static func unescapeHostID(_ id: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(id.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `host:port` (or `[v6]:port`) into its parts.
    static func parseAddress(_ text: String) -> (host: String, port: Int?) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return (text, nil) }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    private static func firstLine(_ text: String) -> String {
        let line = text.prefix { $0 != "\n" }
        return line.count > 200 ? String(line.prefix(197)) + "..." : String(line)
    }
}
