import Foundation
import StrataClickHouse
import StrataTestSupport
import Testing

@Suite("strata dump, check and verify: ClickHouse")
struct CLISchemaClickHouseTests {
    @Test("on ClickHouse, check passes after up, fails with exit 7 naming a column added by hand, and verify passes")
    func checkAndVerify() async throws {
        try await TestClickHouse.withDatabase { configuration in
            let cli = try CLI()
            defer { cli.cleanUp() }
            try cli.write("001_events.sql", "-- migrate:up\nCREATE TABLE events (ts DateTime, id UInt64) ENGINE = MergeTree ORDER BY (ts, id);\n-- migrate:down\nDROP TABLE events;\n")
            try cli.write("002_kinds.sql", "-- migrate:up\nALTER TABLE events ADD COLUMN kind String DEFAULT 'x';\n-- migrate:down\nALTER TABLE events DROP COLUMN kind;\n")
            let url = ["--url", "clickhouse://\(configuration.user)@\(configuration.host):\(configuration.port)/\(configuration.database)"]
            #expect(try cli.run(["up"] + url).status == 0)
            let dump = try cli.run(["dump", "--output", cli.directory.appendingPathComponent("schema.sql").path] + url)
            #expect(dump.status == 0, "\(dump)")
            let clean = try cli.run(["check"] + url)
            #expect(clean.status == 0, "\(clean)")
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                try await client.execute("ALTER TABLE events ADD COLUMN country String")
            }
            let drift = try cli.run(["check", "--json"] + url)
            #expect(drift.status == 7, "\(drift)")
            let json = try #require(try CLI.json(drift) as? [String: Any])
            let finding = try #require((json["findings"] as? [[String: Any]])?.first)
            #expect(finding["kind"] as? String == "live_schema_differs")
            #expect((finding["message"] as? String)?.contains("table events changed (country)") == true)
            let verify = try cli.run(["verify"] + url)
            #expect(verify.status == 0, "\(verify)")
            #expect(verify.stdout.contains("scratch ClickHouse database"))
        }
    }
}
