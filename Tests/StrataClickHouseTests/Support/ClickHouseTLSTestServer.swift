import Foundation
import StrataTestSupport
import Testing

/// A ClickHouse server that also speaks HTTPS, with a certificate from a certificate
/// authority made for the test; started once per test process, stopped at exit.
///
/// The certificate is valid for the name `localhost` only (no IP address), so that
/// connecting to `127.0.0.1` shows a host-name mismatch. HTTPS is switched on through a file in
/// the server's `config.d/`, which ClickHouse merges into the `config.xml` that
/// `start-server.sh` writes.
enum ClickHouseTLSTestServer {
    struct Running: Sendable {
        let httpsPort: Int
        /// The test certificate authority, as PEM.
        let caFile: String
    }

    static func shared() async throws -> Running {
        try await starter.value.get()
    }

    private static let starter = Task<Result<Running, TestClickHouse.StartFailure>, Never> { start() }

    private static func start() -> Result<Running, TestClickHouse.StartFailure> {
        func fail(_ step: String, _ output: String) -> Result<Running, TestClickHouse.StartFailure> {
            .failure(TestClickHouse.StartFailure(description: "\(step) failed:\n\(output)"))
        }
        let install = TestClickHouse.run("/bin/bash", [
            TestClickHouse.repositoryRoot.appendingPathComponent("scripts/clickhouse/install.sh").path,
        ])
        guard install.status == 0 else { return fail("scripts/clickhouse/install.sh", install.output) }

        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-clickhouse-tls-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        let tls = folder + "/tls"
        do {
            try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/config.d", withIntermediateDirectories: true)
            try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                .write(toFile: tls + "/server.ext", atomically: true, encoding: .utf8)
        } catch {
            return fail("creating \(tls)", "\(error)")
        }
        let openssl = "/usr/bin/openssl"
        for arguments in [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tls + "/ca.key", "-out", tls + "/ca.pem",
             "-days", "2", "-subj", "/CN=Strata test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", tls + "/server.key", "-out", tls + "/server.csr",
             "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", tls + "/server.csr", "-CA", tls + "/ca.pem", "-CAkey", tls + "/ca.key",
             "-CAcreateserial", "-out", tls + "/server.crt", "-days", "2", "-extfile", tls + "/server.ext"],
        ] {
            let made = TestClickHouse.run(openssl, arguments)
            guard made.status == 0 else { return fail("openssl \(arguments.joined(separator: " "))", made.output) }
        }
        let port = TestClickHouse.run("/usr/bin/python3", ["-c",
            "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"])
        guard let httpsPort = Int(port.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return fail("choosing a free port", port.output)
        }
        let config = """
            <?xml version="1.0"?>
            <yandex>
                <https_port>\(httpsPort)</https_port>
                <openSSL>
                    <server>
                        <certificateFile>\(tls)/server.crt</certificateFile>
                        <privateKeyFile>\(tls)/server.key</privateKeyFile>
                        <verificationMode>none</verificationMode>
                        <loadDefaultCAFile>false</loadDefaultCAFile>
                        <disableProtocols>sslv2,sslv3</disableProtocols>
                    </server>
                </openSSL>
            </yandex>
            """
        do {
            try config.write(toFile: folder + "/config.d/tls.xml", atomically: true, encoding: .utf8)
        } catch {
            return fail("writing config.d/tls.xml", "\(error)")
        }
        let started = TestClickHouse.run("/bin/bash", [
            TestClickHouse.repositoryRoot.appendingPathComponent("scripts/clickhouse/start-server.sh").path, folder,
        ])
        guard started.status == 0 else { return fail("scripts/clickhouse/start-server.sh \(folder)", started.output) }
        TestClickHouse.stopAtExit(folder)
        // The HTTPS listener starts with the HTTP one that start-server.sh waited for.
        return .success(Running(httpsPort: httpsPort, caFile: tls + "/ca.pem"))
    }
}
