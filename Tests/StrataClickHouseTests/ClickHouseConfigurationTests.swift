import Strata
import StrataClickHouse
import Testing

/// A URL and the configuration it must give.
struct URLCase: CustomTestStringConvertible, Sendable {
    let url: String
    let expected: ClickHouseConfiguration
    var testDescription: String { url }

    init(_ url: String, _ expected: ClickHouseConfiguration) {
        self.url = url
        self.expected = expected
    }
}

/// A URL that must be refused, and a phrase the message must contain.
struct BadURLCase: CustomTestStringConvertible, Sendable {
    let url: String
    let problem: String
    var testDescription: String { url }

    init(_ url: String, _ problem: String) {
        self.url = url
        self.problem = problem
    }
}

@Suite("ClickHouse configuration")
struct ClickHouseConfigurationTests {
    @Test("parses ClickHouse URLs with defaults for what they leave out", arguments: [
        URLCase("clickhouse://127.0.0.1", ClickHouseConfiguration(host: "127.0.0.1")),
        URLCase("clickhouse://ch.example.com/", ClickHouseConfiguration(host: "ch.example.com")),
        URLCase("clickhouse://strata:secret@ch1:9123/analytics",
                ClickHouseConfiguration(host: "ch1", port: 9123, database: "analytics", user: "strata", password: "secret")),
        URLCase("clickhouse://deploy@ch1/analytics", ClickHouseConfiguration(host: "ch1", database: "analytics", user: "deploy")),
        URLCase("clickhouses://deploy:pw@ch1/db", ClickHouseConfiguration(host: "ch1", port: 8443, database: "db", user: "deploy", password: "pw", secure: true)),
        URLCase("clickhouse://ch1/db?secure=true", ClickHouseConfiguration(host: "ch1", port: 8443, database: "db", secure: true)),
        URLCase("clickhouse://ch1:8123/db?secure=true", ClickHouseConfiguration(host: "ch1", port: 8123, database: "db", secure: true)),
        URLCase("clickhouse://u%40corp:p%40ss%3Aw%2Frd@ch1/my%20db",
                ClickHouseConfiguration(host: "ch1", database: "my db", user: "u@corp", password: "p@ss:w/rd")),
        URLCase("clickhouse://u:p@ss@ch1/db", ClickHouseConfiguration(host: "ch1", database: "db", user: "u", password: "p@ss")),
        URLCase("clickhouse://[::1]:8124/db", ClickHouseConfiguration(host: "::1", port: 8124, database: "db")),
        URLCase("clickhouse://ch1/db?connect_timeout=2.5&query_timeout=60&cluster=main&ca_file=/etc/ca.pem&max_threads=2",
                ClickHouseConfiguration(host: "ch1", database: "db", caFile: "/etc/ca.pem", connectTimeout: .milliseconds(2500),
                                        queryTimeout: .seconds(60), settings: ["max_threads": "2"], cluster: "main")),
        URLCase("clickhouse://ch1/db?query_timeout=0", ClickHouseConfiguration(host: "ch1", database: "db", queryTimeout: nil)),
        URLCase("clickhouse://ch1/db?cluster=prod-eu.1&ddl_timeout=5",
                ClickHouseConfiguration(host: "ch1", database: "db", cluster: "prod-eu.1", ddlTimeout: .seconds(5))),
    ])
    func parsesURLs(_ example: URLCase) throws {
        #expect(try ClickHouseConfiguration(url: example.url) == example.expected)
    }

    @Test("refuses malformed URLs, saying what is wrong and what the form is", arguments: [
        BadURLCase("127.0.0.1:8123", "no scheme"),
        BadURLCase("http://u:pw@ch1:8123/db", "clickhouse:// or clickhouses://"),
        BadURLCase("clickhouse://u:pw@/db", "no host"),
        BadURLCase("clickhouse://u:pw@ch1:http/db", "port 'http'"),
        BadURLCase("clickhouse://u:pw@ch1:70000/db", "port '70000'"),
        BadURLCase("clickhouse://u:pw@ch1/db/extra", "just the database name"),
        BadURLCase("clickhouse://u:pw@ch1/db?secure=maybe", "secure must be true or false"),
        BadURLCase("clickhouses://u:pw@ch1/db?secure=false", "contradicts"),
        BadURLCase("clickhouse://u:pw@ch1/db?query_timeout=soon", "query_timeout"),
        BadURLCase("clickhouse://ch1/db?password=pw", "must not be a query parameter"),
        BadURLCase("clickhouse://ch1/db?wait_end_of_query=0", "managed by Strata"),
        BadURLCase("clickhouse://u:p%zz@ch1/db", "bad %-escape"),
        BadURLCase("clickhouse://ch1/db?bad-name=1", "not a ClickHouse setting name"),
        BadURLCase("clickhouse://ch1/db?cluster=a%60b", "cluster must be a cluster name"),
        BadURLCase("clickhouse://ch1/db?cluster=", "cluster must be a cluster name"),
        BadURLCase("clickhouse://ch1/db?ddl_timeout=0", "ddl_timeout must be a number of seconds, at least 1"),
    ])
    func refusesBadURLs(_ example: BadURLCase) {
        let error = #expect(throws: StrataError.self) { try ClickHouseConfiguration(url: example.url) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains(example.problem) == true, "\(error?.message ?? "")")
        #expect(error?.remedy?.isEmpty == false)
        #expect(error.map { "\($0)" }?.contains("pw") == false, "the password never appears in the error")
        #expect(error.map { "\($0)" }?.contains("p%zz") == false, "nor does a malformed one")
    }

    @Test("shows the form of a ClickHouse URL in the remedy for a bad one")
    func remedyShowsTheForm() {
        let error = #expect(throws: StrataError.self) { try ClickHouseConfiguration(url: "clickhouse://u:secret@") }
        #expect(error?.remedy?.contains("clickhouse://USER:PASSWORD@HOST:8123/DATABASE") == true)
        #expect(error?.message.contains("clickhouse://u:***@") == true)
    }

    @Test("never prints the password", arguments: [
        "clickhouse://strata:s3cr%40t@ch1:8123/db", "clickhouses://strata:s3cr@t@ch1/db?max_threads=2",
    ])
    func neverPrintsThePassword(_ url: String) throws {
        let configuration = try ClickHouseConfiguration(url: url)
        #expect(configuration.password.hasPrefix("s3cr"))
        var dumped = ""
        dump(configuration, to: &dumped)
        for shown in ["\(configuration)", String(reflecting: configuration), configuration.redactedURL, dumped,
                      ClickHouseConfiguration.redact(url)] {
            #expect(!shown.contains("s3cr"), "\(shown)")
            #expect(shown.contains("***"), "\(shown)")
        }
    }

    @Test("prints a URL that parses back to the same configuration, given the password")
    func redactedURLRoundTrips() throws {
        let configuration = ClickHouseConfiguration(
            host: "::1", port: 9000, database: "my db", user: "u@corp", password: "pw", secure: true, caFile: "/etc/ca.pem",
            connectTimeout: .milliseconds(1500), queryTimeout: nil, settings: ["max_threads": "2", "a": "b c"], cluster: "main",
            ddlTimeout: .seconds(20))
        #expect(configuration.redactedURL == "clickhouses://u%40corp:***@[::1]:9000/my%20db?ca_file=/etc/ca.pem&connect_timeout=1.5&query_timeout=0&cluster=main&ddl_timeout=20&a=b%20c&max_threads=2")
        let parsedBack = try ClickHouseConfiguration(url: configuration.redactedURL.replacingOccurrences(of: ":***@", with: "@"), password: "pw")
        #expect(parsedBack == configuration)
    }

    @Test("takes the password given apart from the URL, and refuses two different ones")
    func passwordGivenSeparately() throws {
        #expect(try ClickHouseConfiguration(url: "clickhouse://strata@ch1/db", password: "from-env").password == "from-env")
        #expect(try ClickHouseConfiguration(url: "clickhouse://strata:same@ch1/db", password: "same").password == "same")
        let error = #expect(throws: StrataError.self) {
            try ClickHouseConfiguration(url: "clickhouse://strata:first-secret@ch1/db", password: "second-secret")
        }
        #expect(error?.message.contains("differ") == true)
        #expect(error.map { "\($0)" }?.contains("secret") == false)
    }
}
