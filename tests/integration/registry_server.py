#!/usr/bin/python3
"""registry_server.py - a Schema Registry TEST DOUBLE for the claimwire tests.

This is not a Schema Registry. No real Confluent Schema Registry (a Java service) can be installed
in the test environment, so this small http.server implements the subset of its REST API that
claimwire and the Python confluent_kafka clients use, with the same paths, status codes, error
codes and JSON shapes as the Confluent documentation ("Schema Registry API Reference"):

  POST /subjects/{subject}/versions      {"schema": "..."} -> {"id": N}; a schema the subject
                                          already has returns its id; a new schema becomes the
                                          subject's next version; ids are global, and the same
                                          schema gets the same id under every subject
  POST /subjects/{subject}               look a schema up under a subject -> subject, version, id
  GET  /schemas/ids/{id}                 -> {"schema": "..."}
  GET  /subjects                         -> ["subject", ...]
  GET  /subjects/{subject}/versions      -> [1, 2, ...]
  GET  /subjects/{subject}/versions/{v}  v = number or "latest" -> subject, version, id, schema
  GET  /config                           -> {"compatibilityLevel": "BACKWARD"}

Errors are {"error_code": N, "message": "..."}: 404 (40401 subject, 40402 version, 40403
schema not found), 409 (incompatible), 422 (42201 invalid schema: not JSON or not an Avro schema
according to python3-avro), 401 (wrong basic auth), 503 (injected).

What is simulated rather than computed: compatibility. A registration that would add a new
version to a subject named with --incompatible (or to any subject with existing versions when
--reject-new-versions is given) is answered 409; nothing else is checked.

Options:
  --port N                 port to listen on (0: any free port; default 0)
  --ready-file PATH        write the port there once the server accepts connections
  --incompatible SUBJECT   answer 409 to new versions under SUBJECT (repeatable)
  --reject-new-versions    answer 409 to a second and later version under any subject
  --fail-first N           answer the first N requests 503 (to exercise client retries)
  --user USER:PASSWORD     require HTTP basic auth
  --log PATH               append one line per request (method, path, status)
"""
import argparse
import base64
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import avro.schema

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"


class Registry:
    """Subjects with versions, and global ids; all access under one lock."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.schemas = {}       # id -> schema text
        self.by_norm = {}       # normalised schema -> id
        self.subjects = {}      # subject -> [id of version 1, id of version 2, ...]
        self.incompatible = set(args.incompatible or [])
        self.reject_new = args.reject_new_versions
        self.fail_left = args.fail_first
        self.next_id = 1


def normalise(text):
    """Same schema, same id: compare schemas as parsed JSON, not as text."""
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


class Handler(BaseHTTPRequestHandler):
    server_version = "claimwire-test-registry/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):  # keep stderr quiet; --log has the request lines
        pass

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if self.server.log_path:
            with open(self.server.log_path, "a") as f:
                f.write("%s %s %d\n" % (self.command, self.path, status))

    def error(self, status, code, message):
        self.reply(status, {"error_code": code, "message": message})

    def gate(self):
        """Auth and injected failures; returns True when the request may proceed."""
        reg = self.server.reg
        with reg.lock:
            if reg.fail_left > 0:
                reg.fail_left -= 1
                self.error(503, 50301, "test registry: injected failure")
                return False
        if self.server.auth:
            want = "Basic " + base64.b64encode(self.server.auth.encode()).decode()
            if self.headers.get("Authorization") != want:
                self.error(401, 40101, "Unauthorized")
                return False
        return True

    def body_json(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def version_obj(self, subject, version, sid):
        return {"subject": subject, "version": version, "id": sid,
                "schema": self.server.reg.schemas[sid]}

    def do_GET(self):
        if not self.gate():
            return
        reg = self.server.reg
        path = self.path.split("?", 1)[0]
        with reg.lock:
            m = re.fullmatch(r"/schemas/ids/(\d+)", path)
            if m:
                sid = int(m.group(1))
                if sid not in reg.schemas:
                    return self.error(404, 40403, "Schema %d not found" % sid)
                return self.reply(200, {"schema": reg.schemas[sid]})
            if path == "/subjects":
                return self.reply(200, sorted(reg.subjects))
            if path == "/config":
                return self.reply(200, {"compatibilityLevel": "BACKWARD"})
            m = re.fullmatch(r"/subjects/([^/]+)/versions(?:/([^/]+))?", path)
            if m:
                subject = unquote(m.group(1))
                if subject not in reg.subjects:
                    return self.error(404, 40401, "Subject '%s' not found." % subject)
                ids = reg.subjects[subject]
                if m.group(2) is None:
                    return self.reply(200, list(range(1, len(ids) + 1)))
                v = m.group(2)
                if v == "latest" or v == "-1":
                    n = len(ids)
                elif v.isdigit() and 1 <= int(v) <= len(ids):
                    n = int(v)
                else:
                    return self.error(404, 40402, "Version %s not found." % v)
                return self.reply(200, self.version_obj(subject, n, ids[n - 1]))
        self.error(404, 404, "HTTP 404 Not Found")

    def do_POST(self):
        # Read the body first: on a kept-alive connection an unread body would be taken for
        # the next request.
        req = self.body_json()
        if not self.gate():
            return
        reg = self.server.reg
        path = self.path.split("?", 1)[0]
        m = re.fullmatch(r"/subjects/([^/]+)(/versions)?", path)
        if not m:
            return self.error(404, 404, "HTTP 404 Not Found")
        subject = unquote(m.group(1))
        text = req.get("schema") if isinstance(req, dict) else None
        if not isinstance(text, str):
            return self.error(422, 42201, "Invalid schema: request has no \"schema\" string")
        if req.get("schemaType", "AVRO") != "AVRO":
            return self.error(422, 42201, "Invalid schema: only AVRO is supported here")
        try:
            norm = normalise(text)
            avro.schema.parse(text)
        except Exception as e:  # any parse failure is the client's invalid schema
            return self.error(422, 42201, "Invalid schema %s: %s" % (text[:80], e))
        with reg.lock:
            ids = reg.subjects.get(subject, [])
            sid = reg.by_norm.get(norm)
            if m.group(2) is None:  # lookup only
                if sid is None or sid not in ids:
                    return self.error(404, 40403, "Schema not found")
                return self.reply(200, self.version_obj(subject, ids.index(sid) + 1, sid))
            if sid is not None and sid in ids:
                return self.reply(200, {"id": sid})
            if subject in reg.incompatible or (reg.reject_new and ids):
                return self.error(409, 409, "Schema being registered is incompatible with an "
                                  "earlier schema for subject \"%s\"" % subject)
            if sid is None:
                sid = reg.next_id
                reg.next_id += 1
                reg.schemas[sid] = text
                reg.by_norm[norm] = sid
            reg.subjects.setdefault(subject, []).append(sid)
            return self.reply(200, {"id": sid})


def main():
    ap = argparse.ArgumentParser(description="Schema Registry test double")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--ready-file")
    ap.add_argument("--incompatible", action="append")
    ap.add_argument("--reject-new-versions", action="store_true")
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--user")
    ap.add_argument("--log")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.reg = Registry(args)
    srv.auth = args.user
    srv.log_path = args.log
    port = srv.server_address[1]
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.ready_file)  # readers never see a half-written file
    print("registry_server: listening on 127.0.0.1:%d" % port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
