#!/usr/bin/env python3
"""http_fixture_server.py - a local stand-in for the authorities' web servers,
so `embargo update` can be tested without the network.

Serves ROOT on 127.0.0.1 (only) on a free port, and prints the port on the
first line of stdout.  Besides plain files (served as text/csv or
application/xml), some path prefixes misbehave the way real servers do:

  /404/PATH        404 Not Found
  /html/PATH       the file, but with Content-Type text/html
  /truncated/PATH  the first half of the file, cut mid-record, with a
                   matching Content-Length (the transfer itself succeeds)
  /short/PATH      a Content-Length of the whole file, then half of it and
                   the connection closes (the transfer fails)
  /redirect/PATH   302 to /PATH

usage: http_fixture_server.py ROOT
"""
import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    root = "."

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def _file(self, rel):
        path = os.path.realpath(os.path.join(self.root, rel.lstrip("/")))
        if not path.startswith(os.path.realpath(self.root) + os.sep) or not os.path.isfile(path):
            return None, None
        with open(path, "rb") as f:
            data = f.read()
        ctype = "application/xml" if path.endswith(".xml") else "text/csv"
        return data, ctype

    def _send(self, code, body, ctype, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        mode, _, rest = self.path.lstrip("/").partition("/")
        if mode not in ("404", "html", "truncated", "short", "redirect"):
            mode, rest = "plain", self.path
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", "/" + rest)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data, ctype = self._file(rest)
        if data is None or mode == "404":
            self._send(404, b"<html><body>Not Found</body></html>", "text/html")
            return
        if mode == "html":
            self._send(200, data, "text/html; charset=utf-8")
        elif mode == "truncated":
            cut = len(data) // 2
            # never cut right after a newline: the file must end mid-record
            while cut > 1 and data[cut - 1:cut] == b"\n":
                cut -= 1
            self._send(200, data[:cut], ctype)
        elif mode == "short":
            self._send(200, data[: len(data) // 2], ctype, length=len(data))
            self.close_connection = True
        else:
            self._send(200, data, ctype)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    Handler.root = sys.argv[1]
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
