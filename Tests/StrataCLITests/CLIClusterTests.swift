import Foundation
import Strata
import StrataClickHouse
import StrataTestSupport
import Testing

@Suite("strata command: ClickHouse cluster")
struct CLIClusterTests {
    /// A replicated table of the test's database, created on every node.
    static func replicated(_ name: String, _ database: String, columns: String = "x UInt8", order: String = "x") -> String {
        "CREATE TABLE \(name) ON CLUSTER {cluster} (\(columns)) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/\(database)/\(name)', '{replica}') ORDER BY \(order)"
    }

    /// Rows of a query on one node after it caught up with the other (`SYSTEM SYNC REPLICA`).
    static func rows(_ cluster: TestClickHouseCluster.Running, node: Int, _ database: String, sync table: String?, _ sql: String) async throws -> [[ClickHouseValue]] {
        try await ClickHouseClient.withClient(configuration: cluster.configuration(node: node, database: database, clusterMode: false), logger: .test) { client in
            if let table { try await client.execute("SYSTEM SYNC REPLICA \(table)") }
            return try await client.query(sql).rows
        }
    }

    @Test("eight strata up processes started together, four per node, apply each migration exactly once")
    func eightRunners() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            let cli = try CLI()
            defer { cli.cleanUp() }
            try cli.write("001_marks.sql", "-- migrate:up\n\(Self.replicated("marks", database, columns: "version UInt32, id UInt64", order: "version"));\n")
            for version in 2...5 {
                // A unique row (replicated tables drop identical inserts) and a table that a second run could not create again.
                try cli.write(String(format: "%03d_step.sql", version), """
                    -- migrate:up
                    INSERT INTO marks SELECT \(version), rand64();
                    \(Self.replicated("t\(version)", database));
                    """)
            }
            let runners = try (0..<8).map { index in
                try cli.start(["up", "--url", cluster.url(node: index % 2 + 1, database: database), "--dir", cli.migrations.path, "--lock-timeout", "120"])
            }
            let results = try runners.map(CLI.finish)
            for result in results { #expect(result.status == 0, "\(result)") }
            let appliedCounts = results.compactMap { result in
                result.stdout.split(separator: "\n").first { $0.hasPrefix("Applied ") }.flatMap { Int($0.split(separator: " ")[1]) }
            }
            #expect(appliedCounts.reduce(0, +) == 5, "five migrations applied in all: \(appliedCounts)")
            #expect(results.contains { $0.stderr.contains("Waiting for the migration lock held by") })

            for node in [1, 2] {
                let events = try await Self.rows(cluster, node: node, database, sync: "schema_migrations",
                                                 "SELECT version, event, count() FROM schema_migrations GROUP BY version, event ORDER BY version, event")
                let applied = events.filter { $0[1].string == "applied" }.map { [$0[0].int64, $0[2].int64] }
                #expect(applied == [[1, 1], [2, 1], [3, 1], [4, 1], [5, 1]], "exactly one applied event per version, read through node \(node)")
                #expect(!events.contains { $0[1].string == "failed" })
                let marks = try await Self.rows(cluster, node: node, database, sync: "marks", "SELECT version, count() FROM marks GROUP BY version ORDER BY version")
                #expect(marks.map { [$0[0].int64, $0[1].int64] } == [[2, 1], [3, 1], [4, 1], [5, 1]], "each migration's row once, on node \(node)")
            }
        }
    }

    @Test("with node 2 stopped, the failure names it; after it returns, up --resume completes the migration on it")
    func nodeDownAndBack() async throws {
        try await TestClickHouseCluster.withDedicatedCluster { cluster in
            try await TestClickHouseCluster.withDatabase(on: cluster) { database in
                let cli = try CLI()
                defer { cli.cleanUp() }
                let node1 = cluster.url(node: 1, database: database), node2 = cluster.url(node: 2, database: database)
                func strata(_ arguments: [String], url: String) throws -> CLI.Result {
                    try cli.run(arguments + ["--url", url, "--dir", cli.migrations.path])
                }
                try cli.write("001_events.sql", "-- migrate:up\n\(Self.replicated("events", database, columns: "id UInt64", order: "id"));\n")
                #expect(try strata(["up"], url: node1).status == 0)

                try cluster.node(2, "stop")
                try cli.write("002_kinds.sql", """
                    -- migrate:up
                    INSERT INTO events VALUES (1);
                    \(Self.replicated("audit", database));
                    ALTER TABLE events ON CLUSTER {cluster} ADD COLUMN kind String DEFAULT 'x';
                    """)
                let failed = try strata(["up", "--ddl-timeout", "3"], url: node1)
                #expect(failed.status == 1, "\(failed)")
                #expect(failed.stderr.contains("Statement 2 of 3 failed"), "\(failed)")
                #expect(failed.stderr.contains("did not finish on \(cluster.hostID(node: 2))"), "the failure names node 2: \(failed)")
                #expect(!failed.stderr.contains("did not finish on \(cluster.hostID(node: 1))"))
                let status = try strata(["status"], url: node1)
                #expect(status.stdout.contains("failed at statement 2") && status.stdout.contains(cluster.hostID(node: 2)), "\(status)")

                try cluster.node(2, "start")
                let resumed = try strata(["up", "--resume"], url: node2)
                #expect(resumed.status == 0, "\(resumed)")
                #expect(try strata(["status", "--exit-code"], url: node2).status == 0)

                // Node 2 has the whole migration: the queued CREATE ran there (sending it again would
                // have failed: the table exists), the ALTER after it ran, the INSERT ran once.
                let columns = try await Self.rows(cluster, node: 2, database, sync: nil,
                                                  "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events' ORDER BY name")
                #expect(columns.compactMap { $0.first?.string } == ["id", "kind"])
                let audit = try await Self.rows(cluster, node: 2, database, sync: nil,
                                                "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'audit'")
                #expect(audit.first?.first?.int64 == 1)
                #expect(try await Self.rows(cluster, node: 2, database, sync: "events", "SELECT count() FROM events").first?.first?.int64 == 1,
                        "statement 1 was not run again")
                let history = try await Self.rows(cluster, node: 2, database, sync: "schema_migrations",
                                                  "SELECT event, details FROM schema_migrations WHERE version = 2 ORDER BY seq")
                #expect(history.compactMap { $0.first?.string } == ["started", "failed", "started", "applied"])
                #expect(history[1][1].string?.contains("\"port\":\(cluster.tcpPorts[1])}") == true, "history keeps which host did not finish")
                #expect(history[3][1].string?.contains("\"completed_by_queued_task\":true") == true, "the queued statement was not sent again")
            }
        }
    }

    @Test("a holder killed with SIGKILL leaves a lock that strata unlock removes after confirming its owner, or that expires; then up proceeds")
    func killedHolder() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            let cli = try CLI()
            defer { cli.cleanUp() }
            let url = cluster.url(node: 1, database: database), otherNode = cluster.url(node: 2, database: database)
            func strata(_ arguments: [String], url: String = url) throws -> CLI.Result {
                try cli.run(arguments + ["--url", url, "--dir", cli.migrations.path])
            }
            try cli.write("001_table.sql", "-- migrate:up\n\(Self.replicated("t1", database));\n")
            try cli.write("002_slow.sql", "-- migrate:up\nSELECT sleep(3);\nSELECT sleep(3);\nSELECT sleep(3);\n")

            /// Starts `up`, waits until it holds the lock and is inside migration 2, and kills it.
            /// Starts `up`, waits until it is inside migration 2 (history has one more `started`
            /// event for it), reads the lock's holder, and kills it while it holds the lock.
            /// Waits by what history says, not by time, so a loaded machine cannot make it late.
            func killHolderInMigration2() async throws -> (pid: Int32, runID: String) {
                func startedCount() async -> Int64 {
                    let rows = try? await Self.rows(cluster, node: 1, database, sync: nil,
                                                    "SELECT count() FROM schema_migrations WHERE version = 2 AND event = 'started'")
                    return rows?.first?.first?.int64 ?? 0
                }
                let before = await startedCount()
                let holder = try cli.start(["up", "--url", url, "--dir", cli.migrations.path, "--lock-lease", "15"])
                let deadline = ContinuousClock.now + .seconds(120)
                while await startedCount() == before, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let shown = try CLI.json(try strata(["unlock", "--json"], url: otherNode)) as? [String: Any]
                kill(holder.process.processIdentifier, SIGKILL)
                _ = try CLI.finish(holder)
                #expect(shown?["pid"] as? Int == Int(holder.process.processIdentifier), "the lock names the holder: \(String(describing: shown))")
                return (holder.process.processIdentifier, try #require(shown?["run_id"] as? String))
            }

            // 1. strata unlock shows the dead holder, refuses --force while its lease runs, removes it with --owner.
            let first = try await killHolderInMigration2()
            let shown = try strata(["unlock"], url: otherNode)
            #expect(shown.stdout.contains("pid \(first.pid)") && shown.stdout.contains(first.runID), "\(shown)")
            let forced = try strata(["unlock", "--force"], url: otherNode)
            #expect(forced.status == 6 && forced.stderr.contains("--owner \(first.runID)"), "\(forced)")
            let removed = try strata(["unlock", "--owner", String(first.runID.prefix(8))], url: otherNode)
            #expect(removed.status == 0 && removed.stderr.contains("Removed the migration lock"), "\(removed)")
            let afterUnlock = try strata(["up", "--lock-timeout", "5"])
            #expect(afterUnlock.status == 5 && afterUnlock.stderr.contains("002_slow.sql") && afterUnlock.stderr.contains("interrupted"),
                    "up gets the lock and stops at the migration the dead run left half-way: \(afterUnlock)")
            #expect(!afterUnlock.stderr.contains("Waiting for the migration lock"))
            #expect(try strata(["repair", "--rolled-back", "2", "--note", "killed mid-run; it only slept"]).status == 0)

            // 2. Left alone, the dead holder's lock expires, and the next up takes it over.
            let second = try await killHolderInMigration2()
            let afterExpiry = try strata(["up", "--lock-timeout", "30"], url: otherNode)
            #expect(afterExpiry.stderr.contains("Waiting for the migration lock held by") && afterExpiry.stderr.contains("pid \(second.pid)"), "\(afterExpiry)")
            #expect(afterExpiry.status == 5 && afterExpiry.stderr.contains("interrupted"), "\(afterExpiry)")
            #expect(try strata(["repair", "--rolled-back", "2", "--note", "killed again"]).status == 0)
            let finished = try strata(["up"], url: otherNode)
            #expect(finished.status == 0, "\(finished)")
            let events = try await Self.rows(cluster, node: 1, database, sync: "schema_migrations",
                                             "SELECT version, event FROM schema_migrations ORDER BY seq")
            #expect(events.filter { $0[0].int64 == 1 && $0[1].string == "applied" }.count == 1, "migration 1 applied once")
            #expect(events.filter { $0[0].int64 == 2 }.compactMap { $0[1].string }
                == ["started", "marked_rolled_back", "started", "marked_rolled_back", "started", "applied"])
        }
    }

    @Test("a single-server history moves to the cluster as Documentation/ClickHouse-clusters.md says: put aside, baseline, one status through both nodes")
    func movingSingleServerHistory() async throws {
        try await TestClickHouseCluster.withDatabase { cluster, database in
            let cli = try CLI()
            defer { cli.cleanUp() }
            let single = "clickhouse://default@127.0.0.1:\(cluster.httpPorts[0])/\(database)"
            func strata(_ arguments: [String], url: String) throws -> CLI.Result {
                try cli.run(arguments + ["--url", url, "--dir", cli.migrations.path])
            }
            try cli.write("001_events.sql", """
                -- migrate:up
                CREATE TABLE events ON CLUSTER {cluster} (id UInt64) ENGINE = MergeTree ORDER BY id;
                -- migrate:down
                DROP TABLE events ON CLUSTER {cluster};
                """)
            try cli.write("002_kinds.sql", """
                -- migrate:up
                ALTER TABLE events ON CLUSTER {cluster} ADD COLUMN kind String;
                -- migrate:down
                ALTER TABLE events ON CLUSTER {cluster} DROP COLUMN kind;
                """)
            #expect(try strata(["up"], url: single).status == 0)
            try cli.write("003_more.sql", "-- migrate:up\nALTER TABLE events ON CLUSTER {cluster} ADD COLUMN more String;\n")
            let refused = try strata(["up"], url: cluster.url(node: 1, database: database))
            #expect(refused.status != 0 && refused.stderr.contains("Documentation/ClickHouse-clusters.md"), "\(refused)")
            try FileManager.default.removeItem(at: cli.migrations.appendingPathComponent("003_more.sql"))

            // 1. History is clean and nobody holds the lock.
            #expect(try strata(["validate"], url: single).status == 0)
            #expect(try strata(["unlock"], url: single).stdout.contains("No runner holds the migration lock"))
            // 3. The old history is put aside on the node that has it.
            try await ClickHouseClient.withClient(configuration: cluster.configuration(node: 1, database: database, clusterMode: false), logger: .test) { client in
                try await client.execute("RENAME TABLE \(database).schema_migrations TO \(database).schema_migrations_single")
                try await client.execute("DROP TABLE IF EXISTS \(database).current_schema_version")
                try await client.execute("DROP TABLE IF EXISTS \(database).schema_migrations_lock")
            }
            // 4. The cluster adopts the version.
            let adopted = try strata(["baseline", "2", "--note", "moved from the single-server history"], url: cluster.url(node: 1, database: database))
            #expect(adopted.status == 0, "\(adopted)")
            // 5. Both nodes say the same, and later runs work in cluster mode.
            for node in [1, 2] {
                let url = cluster.url(node: node, database: database)
                let status = try strata(["status", "--json", "--exit-code"], url: url)
                #expect(status.status == 0, "node \(node): \(status)")
                let json = try CLI.json(status) as? [String: Any]
                #expect(json?["current_version"] as? Int == 2, "node \(node): \(status.stdout)")
                #expect(try strata(["validate"], url: url).status == 0)
            }
            let kept = try await Self.rows(cluster, node: 1, database, sync: nil, "SELECT count() FROM schema_migrations_single WHERE event = 'applied'")
            #expect(kept.first?.first?.int64 == 2, "the old history is kept for the record")
            let baseline = try await Self.rows(cluster, node: 2, database, sync: "schema_migrations", "SELECT event, note FROM schema_migrations ORDER BY seq")
            #expect(baseline.map { $0.compactMap(\.string) } == [["baseline", "moved from the single-server history"], ["baseline", "moved from the single-server history"]])
        }
    }

    @Test("unlock on DuckDB explains that the file is the lock")
    func duckDBUnlock() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let shown = try cli.run(["unlock"])
        #expect(shown.status == 0 && shown.stdout.contains("the database file itself is the lock"), "\(shown)")
        let refused = try cli.run(["unlock", "--force"])
        #expect(refused.status == 2 && refused.stderr.contains("names the process holding the file"), "\(refused)")
        #expect(try cli.run(["status", "--cluster", "main"]).status == 2, "--cluster is for ClickHouse")
    }
}
