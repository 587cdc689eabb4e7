import Foundation
import Strata
import StrataClickHouse
import Testing

/// A recorded response and the error it must yield.
struct RecordedCase: CustomTestStringConvertible, Sendable {
    let file: String
    let status: Int
    let code: Int?
    let name: String?
    let messageStart: String
    let messageEnd: String
    var testDescription: String { file }
}

@Suite("ClickHouse responses")
struct ClickHouseResponseTests {
    @Test("reads the status, code, name and whole message of modern servers' errors", arguments: [
        RecordedCase(file: "modern-21.3-unknown-table-404.http", status: 404, code: 60, name: nil,
                     messageStart: "Code: 60, e.displayText() = DB::Exception: Table default.wtf doesn't exist",
                     messageEnd: "(version 21.3.1.1)"),
        RecordedCase(file: "modern-unknown-table-404.http", status: 404, code: 60, name: "UNKNOWN_TABLE",
                     messageStart: "Code: 60. DB::Exception: Table default.x does not exist.",
                     messageEnd: "(UNKNOWN_TABLE) (version 23.8.1.1)"),
        RecordedCase(file: "modern-23.4-bad-query-parameter-500.http", status: 500, code: 457, name: "BAD_QUERY_PARAMETER",
                     messageStart: "Code: 457. DB::Exception: Value abc    123 cannot be parsed",
                     messageEnd: "(BAD_QUERY_PARAMETER) (version 23.4.1.869 (official build))"),
        RecordedCase(file: "modern-24.4-multi-statements-400.http", status: 400, code: 62, name: nil,
                     messageStart: "Code: 62. DB::Exception: Syntax error", messageEnd: "(Multi-statements are not allowed)"),
        RecordedCase(file: "modern-26.x-wrong-password-403.http", status: 403, code: 516, name: "AUTHENTICATION_FAILED",
                     messageStart: "Code: 516. DB::Exception: strata: Authentication failed",
                     messageEnd: "(AUTHENTICATION_FAILED) (version 26.3.1.1 (official build))"),
    ])
    func readsErrorResponses(_ example: RecordedCase) throws {
        let response = try RecordedResponse.load(example.file)
        let error = try #require(response.serverError)
        #expect(error.status == example.status)
        #expect(error.code == example.code)
        #expect(error.name == example.name)
        #expect(error.message.hasPrefix(example.messageStart), "\(error.message)")
        #expect(error.message.hasSuffix(example.messageEnd), "\(error.message)")
        #expect(error.message == response.text.trimmingCharacters(in: .whitespacesAndNewlines), "the message is kept whole")
    }

    @Test("finds an error that arrives after a 200 status, in every form servers write it", arguments: [
        RecordedCase(file: "modern-200-error-after-rows.http", status: 200, code: 395, name: nil,
                     messageStart: "Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero",
                     messageEnd: "-> throwIf(equals(number, 2))"),
        RecordedCase(file: "modern-25.11-json-exception-tag-200.http", status: 200, code: 395, name: "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO",
                     messageStart: "Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero",
                     messageEnd: "(FUNCTION_THROW_IF_VALUE_IS_NON_ZERO) (version 25.11.1.1)"),
        RecordedCase(file: "modern-25.11-csv-exception-tag-200.http", status: 200, code: 395, name: "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO",
                     messageStart: "Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero",
                     messageEnd: "(FUNCTION_THROW_IF_VALUE_IS_NON_ZERO) (version 25.11.1.1)"),
        RecordedCase(file: "modern-23.8-jsoncompact-exception-field.http", status: 200, code: 395, name: "FUNCTION_THROW_IF_VALUE_IS_NON_ZERO",
                     messageStart: "Code: 395. : Value passed to 'throwIf' function is non-zero",
                     messageEnd: "(FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)"),
    ])
    func findsErrorsAfterSuccessStatus(_ example: RecordedCase) throws {
        let response = try RecordedResponse.load(example.file)
        #expect(response.status == 200)
        let error = try #require(response.serverError)
        #expect(error.code == example.code)
        #expect(error.name == example.name)
        #expect(error.message.hasPrefix(example.messageStart), "\(error.message)")
        #expect(error.message.hasSuffix(example.messageEnd), "\(error.message)")
        #expect(!error.message.contains("__exception__"))
        #expect(throws: ClickHouseServerError.self) { try response.rows() }
    }

    @Test("reads both layouts of 18.16 and modern messages", arguments: [
        ("Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception", 60, nil as String?),
        ("Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) (version 23.8.1.1)", 60, "UNKNOWN_TABLE"),
        ("Code: 193, e.displayText() = DB::Exception: Wrong password for user strata, e.what() = DB::Exception\n", 193, nil),
        ("Code: 241. DB::Exception: Memory limit (total) exceeded: would use 1.00 GiB. (MEMORY_LIMIT_EXCEEDED) ", 241, "MEMORY_LIMIT_EXCEEDED"),
        ("<html>502 Bad Gateway</html>", nil, nil),
    ])
    func readsMessageLayouts(_ body: String, _ code: Int?, _ name: String?) throws {
        let error = try #require(ClickHouseResponse(status: 500, headers: [], body: Array(body.utf8)).serverError)
        #expect(error.code == code)
        #expect(error.name == name)
        #expect(error.message == body.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("prefers the exception-code header to the code in the text")
    func prefersTheHeader() throws {
        let response = ClickHouseResponse(status: 500, headers: [("x-clickhouse-exception-code", "999")],
                                          body: Array("Code: 1. DB::Exception: odd".utf8))
        #expect(response.serverError?.code == 999)
    }

    @Test("reads JSONCompact results with quoted 64-bit integers and NULLs")
    func readsRows() throws {
        let body = #"{"meta":[{"name":"n","type":"Int64"},{"name":"s","type":"Nullable(String)"},{"name":"f","type":"Float64"}],"data":[["9223372036854775807",null,1.5],["-1","a\u0000\/b",2]],"rows":2}"#
        let rows = try ClickHouseResponse(status: 200, headers: [], body: Array(body.utf8)).rows()
        #expect(rows.columns.map(\.name) == ["n", "s", "f"])
        #expect(rows.rows[0][0].int64 == Int64.max)
        #expect(rows.rows[0][1].isNull)
        #expect(rows.rows[0][2].double == 1.5)
        #expect(rows.rows[1][1].string == "a\u{0}/b")
        #expect(rows.column("n").compactMap(\.int64) == [Int64.max, -1])
    }

    @Test("does not mistake a successful result mentioning an exception for an error")
    func noFalseAlarmInResults() throws {
        let body = #"{"meta":[{"name":"s","type":"String"}],"data":[["Code: 60. DB::Exception: not really __exception__"]],"rows":1}"#
        let response = ClickHouseResponse(status: 200, headers: [], body: Array(body.utf8))
        #expect(try response.rows().scalar?.string?.hasPrefix("Code: 60.") == true)
        #expect(ClickHouseResponse(status: 200, headers: [], body: []).serverError == nil)
    }

    @Test("says what it got when a result is not JSON")
    func unreadableResult() {
        let response = ClickHouseResponse(status: 200, headers: [], body: Array("<html>proxy login</html>".utf8))
        let error = #expect(throws: StrataError.self) { try response.rows() }
        #expect(error?.underlying?.contains("proxy login") == true)
    }

    @Test("parses server versions and compares them", arguments: [
        ("18.16.1", ClickHouseServerVersion(major: 18, minor: 16, patch: 1)),
        ("23.8.2.7", ClickHouseServerVersion(major: 23, minor: 8, patch: 2, build: 7)),
        ("24.3.1.2672 (official build)", ClickHouseServerVersion(major: 24, minor: 3, patch: 1, build: 2672)),
    ])
    func parsesVersions(_ text: String, _ version: ClickHouseServerVersion) {
        #expect(ClickHouseServerVersion(text) == version)
        #expect(ClickHouseServerVersion(text)?.description.hasPrefix(text.prefix(7)) == true)
    }

    @Test("derives features from the version")
    func versionFeatures() throws {
        let old = try #require(ClickHouseServerVersion("18.16.1"))
        let new = try #require(ClickHouseServerVersion("23.8.2.7"))
        #expect(old < new)
        #expect(!old.hasAsyncInsert)
        #expect(new.hasAsyncInsert)
        #expect(ClickHouseServerVersion("not a version") == nil)
    }
}
