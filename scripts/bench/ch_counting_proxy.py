#!/usr/bin/env python3
"""A counting HTTP proxy for scripts/bench.sh: forwards every request to a ClickHouse
server on 127.0.0.1 and appends one line per request to a log:

    <n>\t<method>\t<path without query>\t<first 100 characters of the body, one line>

Usage: ch_counting_proxy.py LISTEN_PORT UPSTREAM_PORT LOG_FILE
Serves until killed (SIGTERM). Keep-alive both ways (HTTP/1.1), one thread per client
connection, so a client sees the same connection behaviour as without the proxy; only the
request count and the statements are of interest, never the time through the proxy.
"""
import http.client
import http.server
import sys
import threading

LISTEN, UPSTREAM, LOG = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        global count
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            count += 1
            n = count
            with open(LOG, "a") as log:
                text = " ".join(body.decode("utf-8", "replace").split())[:100]
                log.write(f"{n}\t{self.command}\t{self.path.split('?')[0]}\t{text}\n")
        upstream = getattr(self, "upstream", None)
        if upstream is None:
            upstream = self.upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for k, v in response.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "keep-alive"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward


http.server.ThreadingHTTPServer(("127.0.0.1", LISTEN), Handler).serve_forever()
