#!/usr/bin/env python3
"""A loopback HTTP front that speaks enough of ClickHouse's HTTP interface over one chDB session.

chDB is ClickHouse 26.9 as a library, without a network server. This front gives Strata's
ClickHouse client a real 26.9 engine to talk to: the SQL, the catalog, the system tables and
the error texts are the engine's. The HTTP layer is this file's: the status codes follow
ClickHouse's exceptionCodeToHTTPStatus (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp), the
headers and the error body imitate a modern server, and everything here that is not the
engine's own decision is marked "front's own" below and in README.md.

Usage: front.py --data DIR --port N [--host 127.0.0.1]

DIR is the chDB session folder (it persists). Each request is logged to front.log in DIR's
parent folder (time, status, code, duration, the first 200 characters of the query), never to
the response. Python 3 standard library only, besides chDB itself.
"""

import argparse
import base64
import http.server
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid

# Parameters that are not ClickHouse settings (HTTPHandler's reserved_param_names, plus the
# ones it reads itself): accepted, and not applied as settings.
RESERVED_PARAMETERS = {
    "compress", "decompress", "user", "password", "quota_key", "query_id", "stacktrace",
    "buffer_size", "wait_end_of_query", "session_id", "session_timeout", "session_check",
    "client_protocol_version", "close_session", "role", "database", "default_format", "query",
}

# Settings that only steer a real server's HTTP layer (progress headers, compression, buffering,
# CORS). The front holds every response until the query has finished and never compresses, so
# it accepts them and does not apply them: applying them to the engine would change nothing.
HTTP_ONLY_SETTINGS = {
    "send_progress_in_http_headers", "http_headers_progress_interval_ms", "enable_http_compression",
    "http_zlib_compression_level", "http_native_compression_disable_checksumming_on_decompress",
    "http_write_exception_in_output_format", "http_response_buffer_size", "http_wait_end_of_query",
    "add_http_cors_header", "cancel_http_readonly_queries_on_client_close", "http_response_headers",
}

# The front's own parameter: run the whole text as clickhouse-local does (every statement, in
# order, outputs concatenated) instead of refusing a multi-statement request as a server does.
# For the project's differential splitter test only; no real server knows it.
MULTIQUERY_PARAMETER = "strata_front_multiquery"

# exceptionCodeToHTTPStatus of ClickHouse 26.x, by error name; the numbers are asked from the
# engine at start (errorCodeToName), so that they are the engine's own. Everything else is 500.
STATUS_BY_ERROR_NAME = {
    401: ["REQUIRED_PASSWORD"],
    403: ["UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE", "ACCESS_DENIED"],
    400: ["BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT", "CANNOT_PARSE_ESCAPE_SEQUENCE",
          "CANNOT_PARSE_QUOTED_STRING", "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
          "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4", "CANNOT_PARSE_IPV6",
          "CANNOT_PARSE_INPUT_ASSERTION_FAILED", "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN",
          "UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE", "THERE_IS_NO_COLUMN", "TOO_DEEP_AST",
          "TOO_BIG_AST", "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA", "TYPE_MISMATCH",
          "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"],
    404: ["UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER", "UNKNOWN_TYPE", "UNKNOWN_STORAGE",
          "UNKNOWN_DATABASE", "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING", "UNKNOWN_AGGREGATE_FUNCTION",
          "UNKNOWN_FORMAT", "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE"],
    413: ["QUERY_IS_TOO_LARGE"],
    501: ["NOT_IMPLEMENTED"],
    503: ["SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK"],
    411: ["HTTP_LENGTH_REQUIRED"],
    408: ["TIMEOUT_EXCEEDED"],
    415: ["UNSUPPORTED_MEDIA_TYPE"],
}

# What clickhouse-local (and so chDB) sets differently from a server's defaults, put back to
# the server's value when the session opens: `implicit_select = 1` would run `1 + 1` as a
# query where a server answers with a syntax error.
SERVER_DEFAULTS = "SET implicit_select = 0, allow_introspection_functions = 0"

CHECK_SCOPE = ": In scope SELECT formatQuery("


class FrontError(Exception):
    """An error with a ClickHouse code and the text a modern server would send (without the version)."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text


def quote_string(value):
    """A ClickHouse string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def quote_identifier(name):
    """A ClickHouse identifier in backquotes."""
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def escape_parameter(value):
    """A query parameter's value as chDB parses it: in the escaped (TabSeparated) form, where
    a raw newline or tab would end the value."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exception_message(code, name, message):
    """`Code: N. DB::Exception: <message>. (NAME)` as ClickHouse's getExceptionMessage writes it:
    a full stop is added only when the message does not end with one."""
    text = f"Code: {code}. DB::Exception: {message}"
    if not text.endswith("."):
        text += "."
    return f"{text} ({name})"


def top_level_semicolon_tail(text):
    """What follows the first `;` outside strings, quoted names, comments and heredocs, or None.

    The front's own scanner, used only for an INSERT with inline VALUES data: the engine's
    parser stops where the data starts, so it cannot say whether a statement follows the data
    (a server reads all of it as data; clickhouse-local would run the next statement). The
    rules are ClickHouse's lexer's: '...' "..." `...` with backslash escapes and doubled
    quotes, -- and `# `/`#!` line comments, nested /* */ comments, $tag$...$tag$ heredocs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            i += 1
            while i < n:
                if text[i] == "\\":
                    i += 2
                elif text[i] == c:
                    if i + 1 < n and text[i + 1] == c:
                        i += 2
                    else:
                        break
                else:
                    i += 1
            i += 1
        elif text.startswith("--", i) or (c == "#" and i + 1 < n and text[i + 1] in " !"):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", text[i:])
            end = text.find(m.group(0), i + len(m.group(0))) if m else -1
            i = end + len(m.group(0)) if m and end >= 0 else i + 1
        elif c == ";":
            return text[i + 1:]
        else:
            i += 1
    return None


def content_type(fmt):
    """The Content-Type a server's output format announces (approximately: by family)."""
    f = fmt.lower()
    if f.startswith("json") or f in ("ndjson", "jsonl"):
        return "application/json; charset=UTF-8"
    if f.startswith("tabseparated") or f.startswith("tsv"):
        return "text/tab-separated-values; charset=UTF-8"
    if f.startswith("csv"):
        return "text/csv; charset=UTF-8; header=" + ("present" if "names" in f else "absent")
    if f in ("native", "rowbinary", "parquet", "arrow", "arrowstream", "orc", "avro", "msgpack", "protobuf") \
            or f.startswith("rowbinary"):
        return "application/octet-stream"
    return "text/plain; charset=UTF-8"


class Engine:
    """The one chDB session, used by one request at a time (the session is not thread-safe,
    and each request changes its current database and settings for the time it runs)."""

    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()
        from chdb import session  # imported here: the import alone takes ~1 s
        self._session_type = session.Session
        self.session = None
        self.open()
        self.version = self.scalar("SELECT version()")
        self.display_name = self.scalar("SELECT displayName()")
        self.timezone = self.scalar("SELECT timezone()")
        rows = self.session.query(
            "SELECT number, errorCodeToName(number) FROM numbers(2000) "
            "WHERE errorCodeToName(number) NOT IN ('', 'UNKNOWN_EXCEPTION')", "TabSeparated").bytes()
        self.code_by_name = {}
        for line in rows.decode().splitlines():
            number, name = line.split("\t")
            self.code_by_name[name] = int(number)
        self.status_by_code = {}
        for status, names in STATUS_BY_ERROR_NAME.items():
            for name in names:
                if name in self.code_by_name:
                    self.status_by_code[self.code_by_name[name]] = status
        self.name_by_code = {code: name for name, code in self.code_by_name.items()}

    def open(self):
        """Opens (or reopens) the session and puts the server defaults back; remembers which
        settings differ from the defaults then, so that a request's own changes can be undone."""
        if self.session is not None:
            try:
                self.session.close()
            except Exception:
                pass
            self.session = None
        self.session = self._session_type(self.folder)
        self.session.query(SERVER_DEFAULTS, "TabSeparated")
        self.baseline = self.changed_settings()

    def scalar(self, sql):
        return self.session.query(sql, "TabSeparated").bytes().decode().rstrip("\n")

    def changed_settings(self):
        rows = self.session.query("SELECT name, value FROM system.settings WHERE changed", "JSONCompact").bytes()
        return {name: value for name, value in json.loads(rows)["data"]}

    def restore_statement(self, names):
        """`SET a = DEFAULT, b = '<baseline>'` for the settings a request touched."""
        parts = []
        for name in sorted(names):
            value = quote_string(self.baseline[name]) if name in self.baseline else "DEFAULT"
            parts.append(f"{quote_identifier(name)} = {value}")
        return "SET " + ", ".join(parts) if parts else ""

    def status_for(self, code):
        return self.status_by_code.get(code, 500)

    def error(self, name, message):
        code = self.code_by_name[name]
        return FrontError(code, exception_message(code, name, message))


def engine_error(exc):
    """A FrontError from a chDB exception: its code read from the text (chDB gives it nowhere
    else), and the text with chDB's own nesting removed (chDB wraps some errors in themselves:
    `Code: 73. DB::Exception: Code: 73. DB::Exception: Unknown format ... (version ...). (UNKNOWN_FORMAT)`)."""
    text = str(exc).strip()
    while True:
        m = re.match(r"Code: (\d+)\. DB::Exception: (Code: \1\. DB::Exception: .*)\. \(\w+\)(?: \(version [^)]*\))?$",
                     text, re.S)
        if not m:
            break
        text = m.group(2)
    m = re.match(r"Code: (\d+)\.", text)
    if not m:
        # Not a ClickHouse exception (a failure of chDB's binding): the front's own text, with
        # ClickHouse's code for a standard exception.
        return FrontError(1001, exception_message(1001, "STD_EXCEPTION", f"chDB: {type(exc).__name__}: {text}"))
    return FrontError(int(m.group(1)), text)


def check_error(exc):
    """The parser's error from the formatQuery check, without the `In scope SELECT formatQuery(...)`
    that the check itself adds, so that it reads as a server's parse of the request."""
    text = str(exc).strip()
    m = re.match(r"Code: (\d+)\. DB::Exception: ", text)
    cut = text.rfind(CHECK_SCOPE)
    if not m or cut < 0:
        return engine_error(exc)
    code = int(m.group(1))
    name_match = re.search(r"\((\w+)\)$", text)
    name = name_match.group(1) if name_match else "SYNTAX_ERROR"
    return FrontError(code, exception_message(code, name, text[m.end():cut]))


class Request:
    """What a request asks for, read from its URL, headers and body."""

    def __init__(self, method, target, headers, body):
        parsed = urllib.parse.urlsplit(target)
        self.method = method
        self.path = parsed.path
        self.pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
        self.params = {}
        for key, value in self.pairs:
            self.params.setdefault(key, value)
        self.headers = headers
        self.body = body
        query = self.params.get("query", "").encode()
        # As a server does: the `query` parameter, a line break, then the body.
        self.text = (query + b"\n" if query else b"") + body
        self.database = headers.get("X-ClickHouse-Database") or self.params.get("database", "")
        self.format = headers.get("X-ClickHouse-Format") or self.params.get("default_format", "") or "TabSeparated"
        self.query_id = self.params.get("query_id") or headers.get("X-ClickHouse-Query-Id") or str(uuid.uuid4())
        self.multiquery = self.params.get(MULTIQUERY_PARAMETER, "0") not in ("", "0", "false")
        self.settings = {}
        self.query_parameters = {}
        for key, value in self.pairs:
            if not key or key in RESERVED_PARAMETERS or key == MULTIQUERY_PARAMETER or key in HTTP_ONLY_SETTINGS:
                continue
            if key.startswith("param_"):
                self.query_parameters.setdefault(key[len("param_"):], value)
            else:
                self.settings[key] = value  # the last one wins, as when a server applies them in order
        # A server makes GET requests read-only (readonly = 2) unless the user's readonly is set.
        if method == "GET" and "readonly" not in self.settings:
            self.settings["readonly"] = "2"

    def credentials(self, engine):
        """Checks the credentials as a server does (authenticateUserByHTTP), accepting only
        `default` with an empty password. The check is the front's own: chDB has no users."""
        user = self.headers.get("X-ClickHouse-User", "")
        password = self.headers.get("X-ClickHouse-Key", "")
        authorization = self.headers.get("Authorization", "")
        in_params = "user" in self.params or "password" in self.params

        def failed(message):
            return engine.error("AUTHENTICATION_FAILED", message)

        if user or password:
            if not user:
                raise failed("Got an empty user name from X-ClickHouse HTTP headers")
            if authorization:
                raise failed("Invalid authentication: it is not allowed to use X-ClickHouse HTTP headers and Authorization HTTP header simultaneously")
            if in_params:
                raise failed("Invalid authentication: it is not allowed to use X-ClickHouse HTTP headers and authentication via parameters simultaneously")
        elif authorization:
            if in_params:
                raise failed("Invalid authentication: it is not allowed to use Authorization HTTP header and authentication via parameters simultaneously")
            scheme, _, info = authorization.partition(" ")
            if scheme.lower() != "basic":
                raise failed(f"Invalid authentication: '{scheme}' HTTP Authorization scheme is not supported")
            try:
                user, _, password = base64.b64decode(info.strip()).decode("utf-8", "replace").partition(":")
            except ValueError:
                user, password = "", ""
            if not user:
                raise failed("Got an empty user name from Authorization HTTP header")
        else:
            user = self.params.get("user", "default")
            password = self.params.get("password", "")
            if not user:
                raise failed("Got an empty user name from authentication via parameters")
        if user == "default" and password == "":
            return
        message = f"{user}: Authentication failed: password is incorrect, or there is no user with such name."
        if user == "default":
            # A server adds this hint for the default user (AccessControl::authenticate).
            message += ("\n\nIf you have installed ClickHouse and forgot password you can reset it in the configuration file.\n"
                        "The password for default user is typically located at /etc/clickhouse-server/users.d/default-password.xml\n"
                        "and deleting this file will reset the password.\n"
                        "See also /etc/clickhouse-server/users.xml on the server where ClickHouse is installed.\n\n")
        raise failed(message)


class Outcome:
    def __init__(self, status, body, headers, code=0):
        self.status = status
        self.body = body
        self.headers = headers
        self.code = code


def summary_of(result):
    """X-ClickHouse-Summary from chDB's counters. chDB gives the rows and bytes read from
    storage, written, and of the result; total_rows_to_read is not given (always "0")."""

    def count(method):
        try:
            return int(getattr(result, method)())
        except Exception:
            return 0

    elapsed = 0
    try:
        elapsed = int(float(result.elapsed()) * 1e9)
    except Exception:
        pass
    values = {
        "read_rows": count("storage_rows_read"), "read_bytes": count("storage_bytes_read"),
        "written_rows": count("rows_written"), "written_bytes": count("bytes_written"),
        "total_rows_to_read": 0, "result_rows": count("rows_read"), "result_bytes": count("bytes_read"),
        "elapsed_ns": elapsed,
    }
    # A server writes every number as a JSON string.
    return json.dumps({k: str(v) for k, v in values.items()}, separators=(",", ":"))


def run(engine, request):
    """Runs one query request under the engine's lock; returns the Outcome."""
    request.credentials(engine)
    with engine.lock:
        session = engine.session
        touched = set(request.settings)
        full_restore = request.multiquery
        # A readonly setting cannot be set back (not even by SET readonly = 0): the session is reopened.
        reopen = request.settings.get("readonly", "0") not in ("0", "")
        try:
            # The order of a server: the database, then the settings, then the parse.
            prelude = []
            if request.database:
                prelude.append("USE " + quote_identifier(request.database))
            if request.settings:
                prelude.append("SET " + ", ".join(f"{quote_identifier(k)} = {quote_string(v)}"
                                                  for k, v in request.settings.items()))
            formatted = None
            text = request.text.decode("utf-8", "replace")
            if request.multiquery:
                if prelude:
                    try:
                        session.query("; ".join(prelude), "TabSeparated")
                    except Exception as exc:
                        raise engine_error(exc)
            else:
                # One statement per request, decided by the engine's own parser: formatQuery
                # parses the text as a server parses a request, and refuses a second statement
                # with the server's "Multi-statements are not allowed".
                check = "; ".join(prelude + ["SELECT formatQuery({strata_front_query:String})"])
                try:
                    formatted = session.query(check, "RawBLOB",
                                              params={"strata_front_query": escape_parameter(text)}).bytes().decode("utf-8", "replace")
                except Exception as exc:
                    if CHECK_SCOPE not in str(exc):
                        raise engine_error(exc)  # the database or a setting
                    # The parser's refusal (a syntax error, a second statement, an empty query,
                    # a query too large or too deep): what a server says before running anything.
                    raise check_error(exc)
                if formatted is not None:
                    if formatted.startswith("SET "):
                        full_restore = True
                    if formatted.startswith("INSERT") and re.search(r"\bFORMAT Values\s*$", formatted, re.I):
                        raw = request.text.decode("utf-8", "surrogateescape")  # byte for byte
                        tail = top_level_semicolon_tail(raw)
                        if tail is not None and tail.strip():
                            # A 26.9 server reads everything after VALUES as data, and its Values
                            # reader stops at the `;` and ignores the rest (measured on this engine
                            # with INSERT ... FROM INFILE). chDB would run what follows as another
                            # statement, so the front sends only the text up to the `;`.
                            request.text = raw[:len(raw) - len(tail)].encode("utf-8", "surrogateescape")
            fmt = request.format
            if formatted is not None and not formatted.startswith("INSERT"):
                clause = re.findall(r"^FORMAT (\S+)$", formatted, re.M)
                if clause:
                    fmt = clause[-1]
            try:
                if request.query_parameters:
                    result = session.query(request.text, request.format, params=request.query_parameters)
                else:
                    result = session.query(request.text, request.format)
                body = result.bytes()
            except Exception as exc:
                raise engine_error(exc)
            timezone = request.settings.get("session_timezone") or engine.timezone
            headers = {
                "Content-Type": content_type(fmt),
                "X-ClickHouse-Query-Id": request.query_id,
                "X-ClickHouse-Format": fmt,
                "X-ClickHouse-Timezone": timezone,
                "X-ClickHouse-Summary": summary_of(result),
            }
            return Outcome(200, body, headers)
        finally:
            restore(engine, touched, full_restore, reopen)


def restore(engine, touched, full, reopen):
    """Puts the session back as it was before the request: its settings and `default` as the
    current database. When that fails (e.g. readonly was set), reopens the session."""
    if not reopen:
        try:
            names = set(touched)
            if full:
                now = engine.changed_settings()
                names |= {n for n, v in now.items() if engine.baseline.get(n) != v}
                names |= {n for n in engine.baseline if n not in now}
            names.discard("database")
            statements = [s for s in [engine.restore_statement(names), "USE default"] if s]
            engine.session.query("; ".join(statements), "TabSeparated")
            return
        except Exception:
            pass
    try:
        engine.open()
    except Exception as exc:
        print(f"front: could not reopen the chDB session: {exc}", file=sys.stderr, flush=True)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length
    server_version = "strata-chdb-front"
    sys_version = ""
    timeout = 60  # seconds an idle keep-alive connection (or a slow body) may take
    # Headers and body go out in two writes; without TCP_NODELAY the second one waits for the
    # client's delayed ACK (~40 ms per request on a kept-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass  # requests go to front.log (see log_request_line), never to stderr

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length else b""

    def handle_any(self, method):
        engine = self.server.engine
        started = time.monotonic()
        text = b""
        try:
            if method == "POST" and self.headers.get("Content-Length") is None \
                    and self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                self.close_connection = True
                raise engine.error("HTTP_LENGTH_REQUIRED",
                                   "The Transfer-Encoding is not chunked and there is no Content-Length header for POST request")
            body = self.read_body() if method == "POST" else b""
            request = Request(method, self.path, self.headers, body)
            text = request.text
            if request.path in ("/ping", "/replicas_status") or (request.path == "/" and method == "GET" and "query" not in request.params):
                outcome = Outcome(200, b"Ok.\n", {"Content-Type": "text/html; charset=UTF-8"})
            elif request.path != "/":
                outcome = Outcome(404, f"There is no handle {request.path}\n\nUse / or /ping for health checks.\n"
                                       "(strata chDB front: only /, /ping and /replicas_status)\n".encode(),
                                  {"Content-Type": "text/plain; charset=UTF-8"})
            elif self.headers.get("Content-Type", "").startswith("multipart/form-data") \
                    or self.headers.get("Content-Encoding") or request.params.get("decompress", "0") not in ("0", ""):
                raise engine.error("NOT_IMPLEMENTED", "strata chDB front: external data, compressed request bodies "
                                                      "and `decompress` are not supported")
            else:
                outcome = run(engine, request)
        except FrontError as error:
            message = error.text
            if not re.search(r"\(version [^)]*\)$", message):
                message += f" (version {engine.version})"
            outcome = Outcome(engine.status_for(error.code), (message + "\n").encode(),
                              {"Content-Type": "text/plain; charset=UTF-8",
                               "X-ClickHouse-Exception-Code": str(error.code)}, error.code)
        except Exception as exc:  # a bug of the front: still a well-formed answer, and logged
            code = 1001
            message = exception_message(code, "STD_EXCEPTION", f"strata chDB front: {type(exc).__name__}: {exc}")
            outcome = Outcome(500, (message + f" (version {engine.version})\n").encode(),
                              {"Content-Type": "text/plain; charset=UTF-8", "X-ClickHouse-Exception-Code": str(code)}, code)
        self.send_response(outcome.status)
        self.send_header("X-ClickHouse-Server-Display-Name", engine.display_name)
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(outcome.body)
        self.server.log_request_line(outcome.status, outcome.code, time.monotonic() - started, text)


class Front(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a port in use must fail here, so that start.sh picks another

    def __init__(self, address, engine, log_path):
        super().__init__(address, Handler)
        self.engine = engine
        self.log_lock = threading.Lock()
        self.log_file = open(log_path, "a", encoding="utf-8")

    def log_request_line(self, status, code, seconds, text):
        query = text[:400].decode("utf-8", "replace")[:200].replace("\n", " ").replace("\r", " ")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + f".{int(time.time() * 1000) % 1000:03d}Z"
        with self.log_lock:
            self.log_file.write(f"{stamp} status={status} code={code} ms={seconds * 1000:.1f} query={query}\n")
            self.log_file.flush()


def main():
    parser = argparse.ArgumentParser(description="A ClickHouse HTTP front over a chDB session, on 127.0.0.1.")
    parser.add_argument("--data", required=True, help="the chDB session folder (kept across runs)")
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--host", default="127.0.0.1", help="only 127.0.0.1 is accepted")
    args = parser.parse_args()
    if args.host != "127.0.0.1":
        print(f"front: refusing to bind {args.host}: the front only ever listens on 127.0.0.1", file=sys.stderr)
        return 2
    data = os.path.abspath(args.data)
    os.makedirs(data, exist_ok=True)
    log_path = os.path.join(os.path.dirname(data), "front.log")

    started = time.monotonic()
    try:
        engine = Engine(data)
    except Exception as exc:
        print(f"front: could not open a chDB session in {data}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        front = Front(("127.0.0.1", args.port), engine, log_path)
    except OSError as exc:
        # start.sh reads "address already in use" and retries with another port.
        print(f"front: cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 3
    print(f"front: ClickHouse {engine.version} (chDB) on http://127.0.0.1:{args.port}/ "
          f"in {time.monotonic() - started:.2f} s, data {data}, log {log_path}", file=sys.stderr, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serving = threading.Thread(target=front.serve_forever, name="front", daemon=True)
    serving.start()
    while not stop.wait(3600):
        pass
    front.shutdown()
    # Let a running query finish before the session closes its folder.
    with engine.lock:
        try:
            engine.session.close()
        except Exception:
            pass
    print("front: stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
