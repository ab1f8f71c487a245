"""A service written for the seed's SDK, standard library only: reads its identity, token and
manager from the environment the seed's SDK reads, answers under its root path (and without it,
as the gateway strips it), calls an mvi service through the manager with its token, and notifies."""
import json
import os
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = os.environ.get("mvi.name", "unknown")
VERSION = os.environ.get("mvi.version", "0.0.0")
TOKEN = os.environ.get("mvi.auth", "")
MANAGER = os.environ.get("MVI_MANAGER_URL", os.environ.get("DAEPLOY_MANAGER_URL", "http://localhost:4000")).rstrip("/")
ROOT = f"/services/{NAME}_{VERSION}"
# The seed's service.run() listens on 8000 whatever it is told; LISTEN_PORT plays that part here.
PORT = int(os.environ.get("LISTEN_PORT", os.environ.get("PORT", "8000")))


def manager_post(path, body):
    request = urllib.request.Request(
        MANAGER + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        path = self.path[len(ROOT):] if self.path.startswith(ROOT + "/") else self.path
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if path == "/hello":
            return self.answer(200, f"Hello {body.get('name')} from {NAME} {VERSION} in Python")
        if path == "/roll":
            return self.answer(200, {"rolled": manager_post("/services/dice/roll", {"sides": body.get("sides", 6)})})
        if path == "/alarm":
            manager_post("/notifications/", {
                "service_name": NAME, "service_version": VERSION, "msg": body.get("msg", "alarm"), "severity": 2,
                "dashboard": True, "emails": None, "timer": 0, "timestamp": "2026-01-01 00:00:00",
            })
            return self.answer(200, "notified")
        return self.answer(404, {"detail": "Not Found"})

    def do_GET(self):
        return self.answer(200, {"service": NAME, "version": VERSION})

    def log_message(self, format, *args):
        print(f"{self.command} {self.path} -> " + (format % args), flush=True)


print(f"{NAME} {VERSION} listening on 127.0.0.1:{PORT}", flush=True)
sys.stdout.flush()
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
