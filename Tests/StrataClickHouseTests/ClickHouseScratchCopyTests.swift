import Testing
@testable import StrataClickHouse

@Suite("ClickHouse scratch copies")
struct ClickHouseScratchCopyTests {
    @Test("a scratch copy of a replicated table is not replicated, and keeps its other engine arguments")
    func replicated() {
        #expect(ClickHouseScratchCopy.withoutReplication(
            "CREATE TABLE t\n(\n    id UInt64\n)\nENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/t', '{replica}')\nORDER BY id")
            == "CREATE TABLE t\n(\n    id UInt64\n)\nENGINE = MergeTree()\nORDER BY id")
        #expect(ClickHouseScratchCopy.withoutReplication(
            "ENGINE = ReplicatedReplacingMergeTree('/p/it''s', '{replica}', ver) ORDER BY id")
            == "ENGINE = ReplacingMergeTree(ver) ORDER BY id")
        #expect(ClickHouseScratchCopy.withoutReplication(
            "ENGINE = ReplicatedSummingMergeTree('/p', 'r', (a, b)) ORDER BY id")
            == "ENGINE = SummingMergeTree((a, b)) ORDER BY id")
    }

    @Test("leaves other definitions alone")
    func others() {
        let plain = "CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id"
        #expect(ClickHouseScratchCopy.withoutReplication(plain) == plain)
        let view = "CREATE VIEW v AS SELECT 'ENGINE = Replicated' AS x"
        #expect(ClickHouseScratchCopy.withoutReplication(view) == view)
    }
}
