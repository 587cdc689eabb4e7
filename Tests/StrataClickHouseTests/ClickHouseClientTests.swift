import Foundation
import StrataTestSupport
import Strata
@testable import StrataClickHouse
import Testing

@Suite("ClickHouse client")
struct ClickHouseClientTests {
    @Test("reads the server's version with SELECT version()")
    func readsTheVersion() async throws {
        let server = try await TestClickHouse.shared()
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let version = try await client.serverVersion()
                #expect(version.description.hasPrefix(server.version))
                #expect(version >= ClickHouseServerVersion(major: 18, minor: 16))
                #expect(client.requestCount == 1)
            }
        }
    }

    @Test("keeps 18.16's error whole, with its status and the code from the body", arguments: [
        ("SELECT * FROM no_such_table", 404, 60, "Table test_"),
        ("SELEC 1", 400, 62, "Syntax error"),
        ("SELECT 1; SELECT 2", 400, 62, "Multi-statements are not allowed"),
        ("CREATE TABLE t (x UInt8) ENGINE = Memory", -1, -1, ""),  // succeeds; the next statement repeats it
    ])
    func keepsServerErrors(_ sql: String, _ status: Int, _ code: Int, _ phrase: String) async throws {
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                if status == -1 {
                    try await client.execute(sql)
                    let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute(sql) }
                    #expect(error?.code == 57)  // TABLE_ALREADY_EXISTS
                    #expect(error?.status == 500)
                    return
                }
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute(sql) }
                #expect(error?.status == status)
                #expect(error?.code == code)
                #expect(error?.message.hasPrefix("Code: \(code), e.displayText() = DB::Exception: ") == true, "\(error?.message ?? "")")
                #expect(error?.message.contains(phrase) == true)
                #expect(error?.message.hasSuffix("e.what() = DB::Exception") == true, "kept whole and trimmed")
            }
        }
    }

    @Test("logs in as a user with a password, and says 401 and code 193 for a wrong one without echoing it")
    func authenticates() async throws {
        try await TestClickHouse.withDatabase(user: "strata") { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let one = try await client.query("SELECT 1").scalar?.int64
                #expect(one == 1)
            }
            var wrong = configuration
            wrong.password = "not-the-Password-42"
            try await ClickHouseClient.withClient(configuration: wrong, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute("SELECT 1") }
                #expect(error?.status == 401)
                #expect(error?.code == 193)
                #expect(error?.isAuthenticationFailure == true)
                #expect(error.map { "\($0)" }?.contains("not-the-Password-42") == false)
            }
            try await ClickHouseDriver.withDriver(configuration: wrong, logger: .test) { driver in
                let error = await #expect(throws: StrataError.self) { try await driver.readHistory(.default) }
                #expect(error?.code == .databaseUnavailable)
                #expect(error?.message.contains("refused user 'strata'") == true)
                #expect(error?.message.contains("HTTP 401, code 193") == true)
                #expect(error.map { "\($0)" }?.contains("not-the-Password-42") == false)
            }
        }
    }

    @Test("sends credentials in headers, never in the URL, and always waits for the end of the query")
    func credentialsStayOutOfTheURL() throws {
        var configuration = try ClickHouseConfiguration(url: "clickhouse://strata:pa%26ss%3Dword@ch1/db%201?max_threads=2")
        configuration.queryTimeout = .milliseconds(1500)
        let request = ClickHouseRequest(configuration: configuration, settings: ["max_threads": "4"], format: "JSONCompact")
        #expect(request.url == "http://ch1:8123/?database=db%201&default_format=JSONCompact&max_execution_time=2&max_threads=4&wait_end_of_query=1")
        #expect(!request.url.contains("word"))
        #expect(!request.url.contains("strata"))
        #expect(request.headers.contains { $0.name == "X-ClickHouse-User" && $0.value == "strata" })
        #expect(request.headers.contains { $0.name == "X-ClickHouse-Key" && $0.value == "pa&ss=word" })
        let anonymous = ClickHouseRequest(configuration: ClickHouseConfiguration(host: "ch1"))
        #expect(!anonymous.headers.contains { $0.name == "X-ClickHouse-Key" })
    }

    @Test("sends the DDL timeout as distributed_ddl_task_timeout, in whole seconds")
    func ddlTimeout() throws {
        let configuration = try ClickHouseConfiguration(url: "clickhouse://ch1/db?cluster=c&ddl_timeout=4.2&query_timeout=0")
        #expect(ClickHouseRequest(configuration: configuration).url
            == "http://ch1:8123/?database=db&distributed_ddl_task_timeout=5&wait_end_of_query=1")
    }

    @Test("refuses DDL from a read-only user")
    func readonlyUserCannotRunDDL() async throws {
        try await TestClickHouse.withDatabase(user: "reader") { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                let error = await #expect(throws: ClickHouseServerError.self) {
                    try await client.execute("CREATE TABLE t (x UInt8) ENGINE = Memory")
                }
                #expect(error?.code == 164)
                #expect(error?.isReadonly == true)
            }
            try await ClickHouseDriver.withDriver(configuration: configuration, logger: .test) { driver in
                let error = await #expect(throws: StrataError.self) { try await driver.prepareHistory(.default) }
                #expect(error?.message.contains("may not write") == true)
                #expect(error?.underlying?.contains("Code: 164") == true)
            }
        }
    }

    @Test("reports an error that 18.16 sends after rows it has already streamed, with or without wait_end_of_query")
    func reportsErrorAfterStreaming() async throws {
        // 18.16 buffers about 1 MB before it sends the status: a narrow result (2 bytes a row)
        // fails within the buffer and gets a 500 either way; a wider one has already sent
        // 200 and rows when the error comes, unless wait_end_of_query holds the response.
        let narrow = "SELECT throwIf(number = 100000) FROM system.numbers LIMIT 200000"
        let wide = "SELECT number, throwIf(number = 100000), 'abcdefghijabcdefghij' FROM system.numbers LIMIT 200000"
        let server = try await TestClickHouse.shared()
        try await TestClickHouse.withDatabase { configuration in
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
                for sql in [narrow, wide] {
                    let error = await #expect(throws: ClickHouseServerError.self) { try await client.execute(sql) }
                    #expect(error?.code == 395)
                    #expect(error?.status == 500, "wait_end_of_query=1 keeps the error status")
                }
                let error = await #expect(throws: ClickHouseServerError.self) { try await client.query(wide) }
                #expect(error?.code == 395)
            }
        }
        // Without wait_end_of_query (a plain request), the wide result arrives as 200 with
        // the error at its end: the pure response check still finds it.
        let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("strata-ch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: bodyFile) }
        let curl = TestClickHouse.run("/usr/bin/curl", [
            "-s", "-o", bodyFile, "-w", "%{http_code}", "--data-binary", wide, "http://127.0.0.1:\(server.httpPort)/",
        ])
        let status = try #require(Int(curl.output))
        #expect(status == 200)
        let body = try #require(FileManager.default.contents(atPath: bodyFile))
        let parsed = ClickHouseResponse(status: status, headers: [], body: Array(body))
        #expect(parsed.serverError?.code == 395)
        #expect(parsed.serverError?.message.hasPrefix("Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf'") == true)
    }

    @Test("says which host and port it could not reach, without the password")
    func unreachableServer() async throws {
        // A port that was free a moment ago: nothing listens there.
        let configuration = ClickHouseConfiguration(host: "127.0.0.1", port: try freePort(), user: "strata",
                                                    password: "hunter2-secret", connectTimeout: .seconds(2))
        try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
            let error = await #expect(throws: StrataError.self) { try await client.execute("SELECT 1") }
            #expect(error?.code == .databaseUnavailable)
            #expect(error?.message.contains("127.0.0.1:\(configuration.port)") == true, "\(error?.message ?? "")")
            #expect(error?.remedy?.isEmpty == false)
            #expect(error.map { "\($0)" }?.contains("hunter2") == false)
        }
    }

    @Test("refuses an unreadable CA file before connecting")
    func unreadableCAFile() async throws {
        let configuration = ClickHouseConfiguration(host: "127.0.0.1", secure: true, caFile: "/nonexistent/ca.pem")
        let error = await #expect(throws: StrataError.self) {
            try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { _ in }
        }
        #expect(error?.code == .unreadableFile)
    }

    @Test("fails the TLS handshake against a plain HTTP port, naming the port")
    func tlsAgainstPlainPort() async throws {
        let server = try await TestClickHouse.shared()
        let configuration = ClickHouseConfiguration(host: "127.0.0.1", port: server.httpPort, secure: true, connectTimeout: .seconds(3))
        try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
            let error = await #expect(throws: StrataError.self) { try await client.execute("SELECT 1") }
            #expect(error?.code == .databaseUnavailable)
            #expect(error?.message.contains("127.0.0.1:\(server.httpPort) (HTTPS)") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("does not speak TLS") == true)
        }
    }

    @Test("speaks HTTPS, trusting the certificate authority given as ca_file")
    func httpsWithCustomCA() async throws {
        let server = try await ClickHouseTLSTestServer.shared()
        let configuration = try ClickHouseConfiguration(
            url: "clickhouses://localhost:\(server.httpsPort)/default?ca_file=\(server.caFile)")
        try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
            let version = try await client.serverVersion()
            #expect(version >= ClickHouseServerVersion(major: 18, minor: 16))
        }
    }

    @Test("refuses a certificate it cannot verify: unknown authority, or another host name", arguments: [
        (false, "localhost"), (true, "127.0.0.1"),
    ])
    func refusesUnverifiedCertificates(_ giveCA: Bool, _ host: String) async throws {
        let server = try await ClickHouseTLSTestServer.shared()
        let configuration = ClickHouseConfiguration(host: host, port: server.httpsPort, secure: true,
                                                    caFile: giveCA ? server.caFile : nil, connectTimeout: .seconds(2))
        try await ClickHouseClient.withClient(configuration: configuration, logger: .test) { client in
            let error = await #expect(throws: StrataError.self) { try await client.execute("SELECT 1") }
            #expect(error?.code == .databaseUnavailable)
            #expect(error?.message.contains("certificate was not accepted") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("\(host):\(server.httpsPort) (HTTPS)") == true)
            #expect(error?.remedy?.contains(giveCA ? "valid for \(host)" : "ca_file") == true, "\(error?.remedy ?? "")")
        }
    }

    private func freePort() throws -> Int {
        let result = TestClickHouse.run("/usr/bin/python3", ["-c",
            "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"])
        return try #require(Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
