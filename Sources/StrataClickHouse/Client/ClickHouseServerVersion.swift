import Strata

/// A ClickHouse server's version, as `SELECT version()` reports it, with what it can do.
///
/// Versions compare by major, minor and patch; the build number (the fourth part) is kept
/// but not compared. Strata adapts to the server through the feature properties below,
/// each derived from the version where the feature appeared, rather than by testing
/// version numbers all over the code.
///
/// ```swift
/// let version = ClickHouseServerVersion("23.8.2.7")
/// version?.hasAsyncInsert  // true
/// ```
public struct ClickHouseServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The build number, when the server reports one (`23.8.2.7` has build 7).
    public var build: Int?

    public init(major: Int, minor: Int, patch: Int = 0, build: Int? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.build = build
    }

    /// Parses `18.16.1`, `23.8.2.7`, or a text that starts with such a version
    /// (`24.3.1.2672 (official build)`); `nil` when there is no `MAJOR.MINOR`.
    public init?(_ text: some StringProtocol) {
        let numbers = text.trimmingPrefix(while: { $0 == " " || $0 == "\n" || $0 == "v" })
            .prefix { $0.isNumber || $0 == "." }
            .split(separator: ".", omittingEmptySubsequences: false)
            .map { Int($0) }
        guard numbers.count >= 2, let major = numbers[0], let minor = numbers[1] else { return nil }
        let patch = numbers.count > 2 ? numbers[2] : 0
        guard let patch else { return nil }
        self.init(major: major, minor: minor, patch: patch, build: numbers.count > 3 ? numbers[3] : nil)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (build.map { ".\($0)" } ?? "")
    }

    // MARK: - Features

    /// The `async_insert` setting exists; Strata turns it off for history inserts so that
    /// an acknowledged insert is visible at once (from 21.11).
    public var hasAsyncInsert: Bool { self >= Self(major: 21, minor: 11) }

    /// The `distributed_ddl_output_mode` setting exists: Strata asks for
    /// `null_status_on_timeout`, so that an `ON CLUSTER` statement that times out still
    /// returns a row (status `NULL`) for each host that did not finish (from 21.4).
    public var hasDistributedDDLOutputMode: Bool { self >= Self(major: 21, minor: 4) }
}

extension ClickHouseServerVersion {
    /// How this release's lexer reads a script: where its statements end.
    ///
    /// Each rule comes from the release that introduced it: Unicode spaces as blanks in 20.5
    /// (pull request 10903), nested block comments in 20.10 (14655), heredocs in 21.8 (26671; tags limited to word characters in
    /// 25.8, 84846), `# ` and `#!` comments in 22.2 (34230). `//` comments, backslash escapes
    /// and back quotes are in every supported release. Measured on 18.16 and 26.9.
    public var sqlSyntax: SQLSyntax {
        let dollarQuotes: SQLSyntax.DollarQuotes =
            self < Self(major: 21, minor: 8) ? .none : self < Self(major: 25, minor: 8) ? .anyTags : .wordTags
        return SQLSyntax(
            dollarQuotes: dollarQuotes,
            hashComments: self >= Self(major: 22, minor: 2),
            slashComments: true,
            nestedBlockComments: self >= Self(major: 20, minor: 10),
            backslashEscapes: true,
            backQuotes: true,
            unicodeBlanks: self >= Self(major: 20, minor: 5))
    }
}
