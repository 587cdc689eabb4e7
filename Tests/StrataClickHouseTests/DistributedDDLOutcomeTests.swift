import Strata
@testable import StrataClickHouse
import Testing

@Suite("ON CLUSTER outcome")
struct DistributedDDLOutcomeTests {
    static let columns = [("host", "String"), ("port", "UInt16"), ("status", "Int64"), ("error", "String"),
                          ("num_hosts_remaining", "UInt64"), ("num_hosts_active", "UInt64")]
        .map { ClickHouseRows.Column(name: $0.0, type: $0.1) }

    @Test("reads the per-host rows of a statement that finished everywhere (18.16, JSONCompact)")
    func rowsComplete() throws {
        // As 18.16 answered CREATE TABLE ... ON CLUSTER on the test cluster.
        let rows = ClickHouseRows(columns: Self.columns, rows: [
            [.string("127.0.0.1"), .integer(35573), .string("0"), .string(""), .string("1"), .string("0")],
            [.string("127.0.0.1"), .integer(40475), .string("0"), .string(""), .string("0"), .string("0")],
        ])
        let outcome = try #require(DistributedDDLOutcome(rows: rows))
        #expect(outcome.isComplete)
        #expect(outcome.hosts.map(\.description) == ["127.0.0.1:35573", "127.0.0.1:40475"])
        #expect(outcome.summary == "finished on 2 hosts")
    }

    @Test("names the hosts with a NULL status (modern servers, null_status_on_timeout) and those that failed")
    func rowsIncomplete() throws {
        let columns = Self.columns.map { $0.name == "status" ? ClickHouseRows.Column(name: "status", type: "Nullable(Int64)") : $0 }
        let rows = ClickHouseRows(columns: columns, rows: [
            [.string("ch-1"), .integer(9000), .string("0"), .string(""), .string("2"), .string("1")],
            [.string("ch-2"), .integer(9000), .string("57"), .string("Code: 57. DB::Exception: Table default.t already exists. (TABLE_ALREADY_EXISTS)"), .string("1"), .string("0")],
            [.string("ch-3"), .integer(9000), .null, .null, .string("1"), .string("0")],
        ])
        let outcome = try #require(DistributedDDLOutcome(rows: rows))
        #expect(!outcome.isComplete)
        #expect(outcome.failedHosts.map(\.description) == ["ch-2:9000"])
        #expect(outcome.unfinishedHosts.map(\.description) == ["ch-3:9000"])
        #expect(outcome.summary == "failed on ch-2:9000 (Code: 57. DB::Exception: Table default.t already exists. (TABLE_ALREADY_EXISTS)); did not finish on ch-3:9000")
    }

    @Test("is not a per-host result when the columns are not there")
    func otherResult() {
        #expect(DistributedDDLOutcome(rows: ClickHouseRows(columns: [.init(name: "x", type: "UInt8")], rows: [[.integer(1)]])) == nil)
    }

    @Test("reads the task and the count of unfinished hosts from a timeout (code 159), in the wordings of 18.16, 21.x and recent servers")
    func timeoutMessage() throws {
        let old = "Code: 159, e.displayText() = DB::Exception: Watching task /clickhouse/task_queue/ddl/query-0000000008 is executing longer than distributed_ddl_task_timeout (=3) seconds. There are 1 unfinished hosts (0 of them are currently active), they are going to execute the query in background, e.what() = DB::Exception"
        let parsed = try #require(DistributedDDLOutcome.timedOutTask(in: old))
        #expect(parsed.task == "/clickhouse/task_queue/ddl/query-0000000008")
        #expect(parsed.remaining == 1)
        // 21.3, as a user quoted it in a public note.
        let v21 = "Watching task /clickhouse/task_queue/ddl/query-0000010620 is executing longer than distributed_ddl_task_timeout (=180) seconds. There are 2 unfinished hosts (0 of them are currently active), they are going to execute the query in background (version 21.3.4.25 (official build))"
        #expect(DistributedDDLOutcome.timedOutTask(in: v21)?.remaining == 2)
        // Recent servers, as an operator's log quotes it.
        let recent = "code: 159, message: Distributed DDL task /clickhouse/task_queue/ddl/query-0000647099 is not finished on 2 of 4 hosts (0 of them are currently executing the task, 0 are inactive). They are going to execute the query in background. Was waiting for 180.932353072 seconds, which is longer than distributed_ddl_task_timeout"
        let parsedRecent = try #require(DistributedDDLOutcome.timedOutTask(in: recent))
        #expect(parsedRecent.task == "/clickhouse/task_queue/ddl/query-0000647099")
        #expect(parsedRecent.remaining == 2)
        #expect(DistributedDDLOutcome.timedOutTask(in: "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist") == nil)
    }

    @Test("names the host of 'There was an error on [host:port]', as 18.16 and 24.8 word it")
    func hostError() throws {
        let old = "Code: 57, e.displayText() = DB::Exception: There was an error on [127.0.0.1:35573]: Code: 57, e.displayText() = DB::Exception: Table exp.h already exists., e.what() = DB::Exception, e.what() = DB::Exception"
        let host = try #require(DistributedDDLOutcome.hostError(in: old))
        #expect(host.description == "127.0.0.1:35573")
        #expect(host.status == 57)
        #expect(host.error == "Code: 57, e.displayText() = DB::Exception: Table exp.h already exists., e.what() = DB::Exception")
        // From ClickHouse issue 72707 (24.8.8.17 over HTTP).
        let modern = "Code: 60. DB::Exception: There was an error on [172.17.0.3:9000]: Code: 60. DB::Exception: Table default.nonexistent does not exist. (UNKNOWN_TABLE) (version 24.8.8.17 (official build)). (UNKNOWN_TABLE) (version 24.8.8.17 (official build))"
        let modernHost = try #require(DistributedDDLOutcome.hostError(in: modern))
        #expect(modernHost.description == "172.17.0.3:9000")
        #expect(modernHost.status == 60)
        #expect(DistributedDDLOutcome.hostError(in: "Code: 62. DB::Exception: Syntax error") == nil)
    }

    @Test("reads a task from ZooKeeper: every host of its entry, and each finished host's status and error")
    func zooKeeperTask() {
        // As 18.16 keeps it (system.zookeeper on the test cluster, node 2 stopped, then started).
        let entry = "version: 1\nquery: CREATE TABLE exp.t2 ON CLUSTER strata_cluster ( id String) ENGINE = ReplicatedMergeTree(\\'/clickhouse/tables/exp/t2\\', \\'{replica}\\') ORDER BY id\nhosts: ['127%2E0%2E0%2E1:35573','127%2E0%2E0%2E1:40475']\ninitiator: vm:35573\n"
        let waiting = DistributedDDLOutcome(task: "/clickhouse/task_queue/ddl/query-0000000008", entry: entry,
                                            finished: [("127%2E0%2E0%2E1:35573", "0\n")])
        #expect(waiting.hosts.map(\.description) == ["127.0.0.1:35573", "127.0.0.1:40475"])
        #expect(waiting.unfinishedHosts.map(\.description) == ["127.0.0.1:40475"])
        #expect(waiting.remaining == 1)
        #expect(!waiting.isComplete)
        let done = DistributedDDLOutcome(task: "/t", entry: entry, finished: [("127%2E0%2E0%2E1:35573", "0\n"), ("127%2E0%2E0%2E1:40475", "0\n")])
        #expect(done.isComplete)
        let failed = DistributedDDLOutcome(task: "/t", entry: entry, finished: [
            ("127%2E0%2E0%2E1:35573", "0\n"),
            ("127%2E0%2E0%2E1:40475", "57\nCode: 57, e.displayText() = DB::Exception: Table exp.h already exists., e.what() = DB::Exception"),
        ])
        #expect(failed.failedHosts.first?.status == 57)
        #expect(failed.failedHosts.first?.error?.hasPrefix("Code: 57") == true)
        #expect(DistributedDDLOutcome.hostIDs(inEntry: "version: 1\nquery: SELECT 'hosts: [x]'\n") == [])
    }

    @Test("keeps what each host did as JSON history can hold, and finds a queued statement to finish on resume")
    func runDetails() throws {
        let entry = "version: 1\nquery: q\nhosts: ['a:1','b:2']\n"
        let timedOut = DistributedDDLOutcome(task: "/q/query-1", entry: entry, finished: [("a:1", "0\n")])
        let text = "CREATE TABLE t ON CLUSTER `c` (x UInt8) ENGINE = Memory"
        let details = ClusterRunDetails(failed: ClusterRunDetails.Statement(statement: 2, text: text, outcome: timedOut))
        let json = try #require(details.json)
        #expect(json.contains("\"task\":\"/q/query-1\""))
        let read = try #require(ClusterRunDetails(json: json))
        #expect(read == details)
        #expect(read.queuedFailure(index: 2, text: text)?.task == "/q/query-1")
        #expect(read.queuedFailure(index: 2, text: text + " -- edited") == nil, "an edited statement is sent again")
        #expect(read.queuedFailure(index: 3, text: text) == nil)
        #expect(ClusterRunDetails().json == nil)
        #expect(ClusterRunDetails(json: "{\"completed_statements_sha256\":\"x\"}") == nil, "not the driver's detail")
    }
}

@Suite("Cluster topology and replica catch-up")
struct ClusterTopologyTests {
    @Test("keeps Strata's tables replicated on one ZooKeeper path for every node, created ON CLUSTER")
    func historyOnCluster() {
        let sql = ClickHouseHistorySQL.createTable(.default, database: "analytics", topology: .cluster("main"))
        #expect(sql.contains("CREATE TABLE IF NOT EXISTS `analytics`.`schema_migrations` ON CLUSTER `main` ("))
        #expect(sql.contains("ENGINE = ReplicatedMergeTree('/clickhouse/strata/analytics/schema_migrations', '{replica}') ORDER BY (version, seq)"))
        #expect(ClickHouseHistorySQL.createView(.default, database: "analytics", topology: .cluster("main"))
            .hasPrefix("CREATE VIEW IF NOT EXISTS `analytics`.`current_schema_version` ON CLUSTER `main` AS"))
        #expect(ClickHouseHistorySQL.createTable(.default, database: "db").contains("ENGINE = MergeTree ORDER BY (version, seq)"))
        #expect(ClickHouseTopology.zooKeeperPath(database: "my/db{x}", table: "t") == "/clickhouse/strata/my%2Fdb%7Bx%7D/t")
        #expect(ClickHouseTopology.zooKeeperPath(database: "..", table: "a.b") == "/clickhouse/strata/%2E./a.b")
    }

    @Test("the lock claims one fixed replica of one path on a cluster, and one fixed view on a server")
    func lockSQL() {
        let claim = ClickHouseLockSQL.createClusterClaim(.default, database: "db", token: "abc12345")
        #expect(claim == "CREATE TABLE `db`.`schema_migrations_lock_claim_abc12345` (x UInt8) ENGINE = ReplicatedMergeTree('/clickhouse/strata/db/schema_migrations_lock_claim', 'strata_lock_holder') ORDER BY x")
        #expect(ClickHouseLockSQL.createAnchor(.default, database: "db", cluster: "c")
            == "CREATE TABLE IF NOT EXISTS `db`.`schema_migrations_lock_anchor` ON CLUSTER `c` (x UInt8) ENGINE = ReplicatedMergeTree('/clickhouse/strata/db/schema_migrations_lock_claim', '{replica}') ORDER BY x")
        #expect(ClickHouseLockSQL.createServerClaim(.default, database: "db", token: "abc12345", runID: "it's")
            == "CREATE VIEW `db`.`schema_migrations_lock_claim` AS SELECT 'abc12345' AS claim, 'it\\'s' AS run_id")
        #expect(ClickHouseLockSQL.token(for: "5F0C8A2E-1D2B-4C3D-9E8F-0123456789AB") == "5f0c8a2e1d2b4c3d9e8f0123456789ab")
        #expect(ClickHouseLockSQL.token(for: "x").count == 32)
        #expect(ClickHouseLockSQL.isLockObject("schema_migrations_lock_claim_abc", of: .default))
        #expect(ClickHouseLockSQL.isLockObject("schema_migrations_lock", of: .default))
        #expect(!ClickHouseLockSQL.isLockObject("schema_migrations_locker", of: .default))
        let insert = ClickHouseLockSQL.insertLease(.default, database: "db", token: "t", owner: LockOwner(host: "h", process: 7, id: "r"),
                                                   event: .renewed, lease: .seconds(60), sequence: 5)
        #expect(insert == "INSERT INTO `db`.`schema_migrations_lock` (claim, run_id, host, pid, event, expires, seq, note) SELECT 't', 'r', 'h', 7, 'renewed', now() + 60, 5, NULL")
    }

    @Test("reads the claim's table and node from its replica's host node in ZooKeeper")
    func replicaHost() {
        let parsed = ClickHouseLockSQL.parseReplicaHost("host: 127.0.0.1\nport: 42825\ntcp_port: 40475\ndatabase: exp\ntable: lock_bbb\nscheme: http\n")
        #expect(parsed.host == "127.0.0.1")
        #expect(parsed.port == 40475)
        #expect(parsed.table == "lock_bbb")
    }

    @Test("a replica has caught up when its pointer is past the whole log (or the log is empty)")
    func catchUp() {
        #expect(ReplicaCatchUp.hasQueuedWholeLog(entries: 12, highest: 188, pointer: 189))
        #expect(!ReplicaCatchUp.hasQueuedWholeLog(entries: 12, highest: 188, pointer: 188), "the last entry is not queued yet")
        #expect(ReplicaCatchUp.hasQueuedWholeLog(entries: 0, highest: 0, pointer: 0), "nothing was ever inserted")
        #expect(!ReplicaCatchUp.hasQueuedWholeLog(entries: 1, highest: 0, pointer: 0), "the first insert is not queued yet")
        #expect(ReplicaCatchUp.pendingFetches(replicaPath: "/p/replicas/node2").contains("path = '/p/replicas/node2/queue' AND position(value, '\\nget\\n') > 0"))
    }
}
