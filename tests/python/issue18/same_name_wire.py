"""Calls getFile of the package generated from python-same-name-params.yaml against a loopback
server and prints what reached it: the path, the query and the `path` header, as JSON."""

import importlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

seen: dict[str, object] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        seen.update(target=self.path, header=self.headers.get("path"))
        body = b"{}"
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()
try:
    package = importlib.import_module(sys.argv[1])
    package.get_file("in-path", path_="in-query", path_2="in-header", base_url=f"http://127.0.0.1:{server.server_port}")
finally:
    server.shutdown()
    server.server_close()
    thread.join()
print(json.dumps(seen))
