#!/usr/bin/python3
"""evolution_check.py - reads Avro datums across two versions of a schema with the Apache Avro
Python library (Debian python3-avro), an implementation independent of avro-c and of
claimwire's decoder. Used by tests/unit/test_avro_evolution.c.

    evolution_check.py --old OLD.avsc --new NEW.avsc < records

Each input line is "old HEX" or "new HEX": a bare Avro datum (no framing) written with the old
or the new schema. For each line one JSON object is printed:
    {"writer": "old"|"new", "as_writer": {...}, "as_other": {...}}
as_writer is the datum read with its writer's schema, as_other the same datum resolved to the
other schema (DatumReader(writers_schema, readers_schema), Avro 1.11 "Schema Resolution").
Exit status 1 (reason on stderr) if a datum cannot be read or has bytes left over.
"""
import argparse
import io
import json
import sys

import avro.io
import avro.schema


def read(datum, writer, reader):
    buf = io.BytesIO(datum)
    rec = avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(buf))
    if buf.tell() != len(datum):
        raise ValueError("%d bytes after the record" % (len(datum) - buf.tell()))
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    args = ap.parse_args()
    with open(args.old) as f:
        old = avro.schema.parse(f.read())
    with open(args.new) as f:
        new = avro.schema.parse(f.read())
    schemas = {"old": (old, new), "new": (new, old)}
    for n, line in enumerate(sys.stdin, 1):
        line = line.strip()
        if not line:
            continue
        try:
            tag, hexdatum = line.split()
            writer, other = schemas[tag]
            datum = bytes.fromhex(hexdatum)
            out = {"writer": tag, "as_writer": read(datum, writer, writer),
                   "as_other": read(datum, writer, other)}
        except Exception as e:  # report any failure with its line, as the exit status says
            print("evolution_check: line %d: %s: %s" % (n, type(e).__name__, e), file=sys.stderr)
            return 1
        print(json.dumps(out, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
