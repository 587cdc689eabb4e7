import Testing
@testable import Strata

@Suite("{cluster} placeholder")
struct ClusterPlaceholderTests {
    let create = "CREATE TABLE events ON CLUSTER {cluster} (id UInt64) ENGINE = ReplicatedMergeTree('/t/{shard}/events', '{replica}') ORDER BY id"

    @Test("names the cluster after ON CLUSTER as a quoted identifier")
    func namesTheCluster() throws {
        #expect(try ClusterPlaceholder.substitute(in: create, cluster: "analytics")
            == "CREATE TABLE events ON CLUSTER `analytics` (id UInt64) ENGINE = ReplicatedMergeTree('/t/{shard}/events', '{replica}') ORDER BY id")
    }

    @Test("removes ON CLUSTER {cluster} and the blanks before it on a single server")
    func removedOnOneServer() throws {
        #expect(try ClusterPlaceholder.substitute(in: create, cluster: nil)
            == "CREATE TABLE events (id UInt64) ENGINE = ReplicatedMergeTree('/t/{shard}/events', '{replica}') ORDER BY id")
        #expect(try ClusterPlaceholder.substitute(in: "ALTER TABLE t on cluster {cluster} ADD COLUMN x UInt8;\nDROP TABLE u ON   CLUSTER\t{cluster};", cluster: nil)
            == "ALTER TABLE t ADD COLUMN x UInt8;\nDROP TABLE u;")
    }

    @Test("keeps line breaks inside what it removes, so that line numbers do not move")
    func keepsLines() throws {
        let sql = "CREATE TABLE t\nON CLUSTER -- where\n{cluster}\n(x UInt8) ENGINE = Memory;\nSELECT bad"
        let single = try ClusterPlaceholder.substitute(in: sql, cluster: nil)
        #expect(single == "CREATE TABLE t\n\n\n(x UInt8) ENGINE = Memory;\nSELECT bad")
        #expect(SQLStatementSplitter.split(single).last?.startLine == SQLStatementSplitter.split(sql).last?.startLine)
        #expect(try ClusterPlaceholder.substitute(in: sql, cluster: "c") == "CREATE TABLE t\nON CLUSTER -- where\n`c`\n(x UInt8) ENGINE = Memory;\nSELECT bad")
    }

    @Test("leaves strings, quoted names, comments and heredocs alone: ClickHouse fills in its own macros there")
    func leavesQuotedTextAlone() throws {
        let sql = "SELECT '{cluster}', `{cluster}`, $$ON CLUSTER {cluster}$$ -- ON CLUSTER {cluster}\n/* {cluster} */"
        #expect(try ClusterPlaceholder.substitute(in: sql, cluster: nil) == sql)
        #expect(try ClusterPlaceholder.substitute(in: sql, cluster: "c") == sql)
    }

    @Test("fills in {cluster} elsewhere as a string on a cluster, and refuses it on a single server, naming the line")
    func elsewhere() throws {
        let sql = "CREATE TABLE d AS local\n ENGINE = Distributed({cluster}, currentDatabase(), local, rand())"
        #expect(try ClusterPlaceholder.substitute(in: sql, cluster: "c") == "CREATE TABLE d AS local\n ENGINE = Distributed('c', currentDatabase(), local, rand())")
        #expect(throws: ClusterPlaceholder.UnresolvedPlaceholder(line: 2)) { try ClusterPlaceholder.substitute(in: sql, cluster: nil) }
        // ON and CLUSTER in another statement do not make a phrase.
        #expect(throws: ClusterPlaceholder.UnresolvedPlaceholder(line: 1)) { try ClusterPlaceholder.substitute(in: "SELECT on; CLUSTER {cluster}", cluster: nil) }
    }

    @Test("only the exact text {cluster} is a placeholder")
    func exactText() throws {
        for sql in ["SELECT { cluster }", "SELECT {Cluster}", "SELECT {clusters}", "SELECT 1"] {
            #expect(try ClusterPlaceholder.substitute(in: sql, cluster: nil) == sql)
        }
    }

    @Test("tells which statements target a cluster")
    func targetsCluster() {
        #expect(ClusterPlaceholder.targetsCluster("ALTER TABLE t ON CLUSTER `c` ADD COLUMN x UInt8"))
        #expect(ClusterPlaceholder.targetsCluster("drop table t on /* x */ cluster c"))
        #expect(!ClusterPlaceholder.targetsCluster("SELECT 'ON CLUSTER c'"))
        #expect(!ClusterPlaceholder.targetsCluster("CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x"))
        #expect(ClusterPlaceholder.targetsCluster("ALTER TABLE é ON ClUsTeR c DROP COLUMN x"))
        #expect(!ClusterPlaceholder.targetsCluster("ALTER TABLE t ON CLUSTE"))
    }

    @Test("the quick byte test before the lexer finds a word anywhere, in either case when asked")
    func quickTest() {
        #expect(ClusterPlaceholder.contains("a {cluster}", "{cluster}"))
        #expect(!ClusterPlaceholder.contains("a {Cluster}", "{cluster}"))
        #expect(ClusterPlaceholder.contains("on CLUSTER", "cluster", ignoringASCIICase: true))
        #expect(ClusterPlaceholder.contains("ccluster", "cluster", ignoringASCIICase: true))
        #expect(!ClusterPlaceholder.contains("clust", "cluster", ignoringASCIICase: true))
        #expect(!ClusterPlaceholder.contains("", "cluster"))
        #expect(ClusterPlaceholder.contains("é{cluster}é", "{cluster}"))
    }

    @Test("accepts cluster names as <remote_servers> writes them, nothing that needs quoting beyond that")
    func names() {
        #expect(ClusterPlaceholder.isValidName("strata_cluster"))
        #expect(ClusterPlaceholder.isValidName("prod-eu.1"))
        #expect(!ClusterPlaceholder.isValidName(""))
        #expect(!ClusterPlaceholder.isValidName("a`b"))
        #expect(!ClusterPlaceholder.isValidName("a b"))
        #expect(!ClusterPlaceholder.isValidName("a'b"))
    }
}
