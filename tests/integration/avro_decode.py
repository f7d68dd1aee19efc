#!/usr/bin/python3
"""avro_decode.py - an independent decoder for claimwire's Avro output records.

It shares no code with the C worker: the schemas are read from schemas/*.avsc, the Parsing
Canonical Form and the CRC-64-AVRO fingerprint are computed here from the Avro 1.11
specification, and the datum is read with the Apache Avro Python library (Debian python3-avro).

As a module (the integration tests consume from Kafka and call it per message):
    import avro_decode
    rec = avro_decode.decode(msg.value())          # -> dict, raises DecodeError
    name, rec = avro_decode.decode_named(value)    # name = "io.claimwire.Claim" etc.

As a program, reading records from stdin and printing one JSON object per line:
    avro_decode.py [--schemas DIR] [--format hex|lp] [--with-schema] [--keep-going]
      --format hex  (default) one record per line as hexadecimal; blank lines are skipped
      --format lp   a stream of records, each a 4-byte big-endian length then the bytes
      --with-schema print {"schema": full name, "record": {...}} instead of the bare record
      --fingerprints print each schema's fingerprint (hex, as in the single-object header read
                     little-endian) and canonical form, then exit
Exit status: 0 if every record decoded, 1 if one failed (the reason goes to stderr).

Output conventions (the same as the C decoder, claimwire's cw_avro_decode_to_json): unions are
plain values (null or the branch's value), enums are symbol strings, timestamp-millis values
are integers of epoch milliseconds.
"""
import argparse
import datetime
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema

SOE_MAGIC = b"\xc3\x01"
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EMPTY = 0xC15D213AA4D7A795


class DecodeError(ValueError):
    """A record that is not a valid single-object-encoded claimwire record."""


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_EMPTY & -(fp & 1))
        table.append(fp)
    return table


_TABLE = _crc64_table()


def crc64_avro(data: bytes) -> int:
    """The Avro specification's 64-bit Rabin fingerprint (CRC-64-AVRO)."""
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def canonical_form(schema_json) -> str:
    """Parsing Canonical Form of a parsed schema JSON value (Avro 1.11 specification).

    Written here rather than taken from avro.schema.Schema.canonical_form because python3-avro
    1.11.1 keeps {"type":"long"} for logical types where the specification (and the Java
    implementation) write "long"."""
    names = set()

    def full(name, ns):
        return name if "." in name or not ns else ns + "." + name

    def ref(name, ns):
        if name in PRIMITIVES:
            return json.dumps(name)
        f = full(name, ns)
        if f in names:
            return json.dumps(f)
        if name in names:
            return json.dumps(name)
        raise DecodeError("undefined name %r in schema" % name)

    def walk(s, ns):
        if isinstance(s, str):
            return ref(s, ns)
        if isinstance(s, list):
            return "[" + ",".join(walk(b, ns) for b in s) + "]"
        t = s["type"]
        if not isinstance(t, str):
            return walk(t, ns)
        if t in PRIMITIVES:
            return json.dumps(t)
        if t in ("record", "error", "enum", "fixed"):
            own_ns = s.get("namespace", ns) or ""
            name = full(s["name"], own_ns)
            names.add(name)
            inner_ns = name.rpartition(".")[0]
            head = '{"name":%s,"type":%s' % (json.dumps(name), json.dumps(t))
            if t == "enum":
                return head + ',"symbols":[' + ",".join(json.dumps(x) for x in s["symbols"]) + "]}"
            if t == "fixed":
                return head + ',"size":%d}' % int(s["size"])
            fields = ",".join('{"name":%s,"type":%s}' % (json.dumps(f["name"]), walk(f["type"], inner_ns))
                              for f in s["fields"])
            return head + ',"fields":[' + fields + "]}"
        if t == "array":
            return '{"type":"array","items":%s}' % walk(s["items"], ns)
        if t == "map":
            return '{"type":"map","values":%s}' % walk(s["values"], ns)
        return ref(t, ns)

    return walk(schema_json, "")


def _default_schema_dir():
    if os.environ.get("CW_SOURCE_DIR"):
        return os.path.join(os.environ["CW_SOURCE_DIR"], "schemas")
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")


class Decoder:
    """Decodes single-object-encoded records of the schemas in one directory."""

    def __init__(self, schema_dir=None):
        schema_dir = schema_dir or _default_schema_dir()
        self.by_fingerprint = {}
        files = sorted(f for f in os.listdir(schema_dir) if f.endswith(".avsc"))
        if not files:
            raise DecodeError("no .avsc files in %s" % schema_dir)
        for fname in files:
            with open(os.path.join(schema_dir, fname), encoding="utf-8") as fh:
                text = fh.read()
            schema = avro.schema.parse(text)
            canon = canonical_form(json.loads(text))
            fp = crc64_avro(canon.encode("utf-8"))
            self.by_fingerprint[fp] = (fname, schema, canon, avro.io.DatumReader(schema))

    def decode_named(self, value: bytes):
        if len(value) < 10 or value[:2] != SOE_MAGIC:
            raise DecodeError("no single-object header (C3 01) in %d bytes" % len(value))
        (fp,) = struct.unpack("<Q", value[2:10])
        if fp not in self.by_fingerprint:
            raise DecodeError("unknown schema fingerprint %016x" % fp)
        _, schema, _, reader = self.by_fingerprint[fp]
        buf = io.BytesIO(value[10:])
        try:
            datum = reader.read(avro.io.BinaryDecoder(buf))
        except Exception as e:  # the library raises assorted types on truncated input
            raise DecodeError("cannot read %s record: %s" % (schema.fullname, e)) from e
        if buf.tell() != len(value) - 10:
            raise DecodeError("%d bytes after the record" % (len(value) - 10 - buf.tell()))
        return schema.fullname, _plain(datum)


def _plain(v):
    """Timestamps back to epoch milliseconds, so the output is JSON and matches the C decoder."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return (v - _EPOCH) // datetime.timedelta(milliseconds=1)
    return v


_DEFAULT = None


def _default():
    global _DEFAULT  # one lazily built decoder per process; read-only once built
    if _DEFAULT is None:
        _DEFAULT = Decoder()
    return _DEFAULT


def decode_named(value: bytes):
    """(schema full name, record dict) of one single-object-encoded record."""
    return _default().decode_named(bytes(value))


def decode(value: bytes) -> dict:
    """The record dict of one single-object-encoded record; raises DecodeError."""
    return decode_named(value)[1]


def fingerprint(schema_file: str, schema_dir=None) -> int:
    """CRC-64-AVRO fingerprint of schemas/<schema_file> as computed here."""
    dec = Decoder(schema_dir) if schema_dir else _default()
    for fp, (fname, _, _, _) in dec.by_fingerprint.items():
        if fname == schema_file:
            return fp
    raise KeyError(schema_file)


def _records(stream, fmt):
    if fmt == "hex":
        for line in io.TextIOWrapper(stream, encoding="ascii"):
            line = line.strip()
            if line:
                yield bytes.fromhex(line)
        return
    while True:
        head = stream.read(4)
        if not head:
            return
        if len(head) < 4:
            raise DecodeError("truncated length prefix")
        (n,) = struct.unpack(">I", head)
        body = stream.read(n)
        if len(body) != n:
            raise DecodeError("truncated record: %d of %d bytes" % (len(body), n))
        yield body


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schemas", help="directory of .avsc files (default: the repository's)")
    ap.add_argument("--format", choices=("hex", "lp"), default="hex")
    ap.add_argument("--with-schema", action="store_true")
    ap.add_argument("--keep-going", action="store_true")
    ap.add_argument("--fingerprints", action="store_true")
    args = ap.parse_args(argv)
    dec = Decoder(args.schemas)
    if args.fingerprints:
        for fp, (fname, _, canon, _) in sorted(dec.by_fingerprint.items(), key=lambda x: x[1][0]):
            print("%s %016x %s" % (fname, fp, canon))
        return 0
    status = 0
    try:
        for n, value in enumerate(_records(sys.stdin.buffer, args.format)):
            try:
                name, rec = dec.decode_named(value)
            except DecodeError as e:
                print("record %d: %s" % (n, e), file=sys.stderr)
                status = 1
                if not args.keep_going:
                    break
                continue
            out = {"schema": name, "record": rec} if args.with_schema else rec
            print(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    except (DecodeError, ValueError) as e:
        print("input: %s" % e, file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
