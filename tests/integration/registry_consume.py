#!/usr/bin/python3
"""registry_consume.py - reads claimwire's output topics the way a downstream Schema Registry
consumer does, with the value deserializer of confluent_kafka's legacy Avro API (Debian
python3-confluent-kafka: confluent_kafka.avro's MessageSerializer and
CachedSchemaRegistryClient, the code AvroConsumer runs for values), which takes the schema id
from each record's Confluent header, fetches the schema from the registry and decodes with
python3-avro. Shares no code with the worker. Used by test_registry_interop.sh.

AvroConsumer itself is not used here because it also decodes every key as Avro, while
claimwire's keys are by default the article id as a plain UTF-8 string (what Kafka Connect's
StringConverter or a StringDeserializer reads); test_avro_keys.sh runs AvroConsumer against a
worker with schema_registry_key_format = "avro".

    registry_consume.py -b BOOTSTRAP -r REGISTRY_URL [--auth USER:PASSWORD] -t TOPIC
        --expect N --ids FILE [--reader-schema FILE] [--timeout S]

Checks every record: magic byte 0 and a 4-byte schema id (raw bytes, read separately), the
id's subject "<topic>-value" in the registry, the record's name, and the fields downstream
consumers rely on (key = article id, for claims the claim id; entities with type, name and
mentions; claims with id,
kind and content); with --reader-schema the records are resolved to that (newer) schema and
its extra fields must hold their defaults. Prints one JSON summary; exit 1 on any failure.
"""
import argparse
import json
import struct
import sys
import time
import uuid

import avro.schema
from confluent_kafka import Consumer, KafkaError
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient

def fail(summary, why):
    summary["error"] = why
    print(json.dumps(summary, sort_keys=True, default=str))
    sys.exit(1)


def read_all(cons, n, timeout):
    out, end = [], time.time() + timeout
    while len(out) < n and time.time() < end:
        m = cons.poll(0.5)
        if m is None:
            continue
        if m.error():
            if m.error().code() == KafkaError._PARTITION_EOF:
                continue
            raise RuntimeError(str(m.error()))
        out.append(m)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-b", required=True)
    ap.add_argument("-r", required=True)
    ap.add_argument("--auth")
    ap.add_argument("-t", required=True)
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--reader-schema")
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    with open(a.ids) as f:
        ids = {line.strip() for line in f if line.strip()}
    summary = {"topic": a.t, "expected": a.expect}
    reg_conf = {"url": a.r}
    if a.auth:
        reg_conf["basic.auth.credentials.source"] = "USER_INFO"
        reg_conf["basic.auth.user.info"] = a.auth
    conf = {"bootstrap.servers": a.b, "group.id": "registry-consume-" + uuid.uuid4().hex,
            "auto.offset.reset": "earliest", "enable.auto.commit": False}

    # Raw bytes first: the Confluent wire format header.
    raw = Consumer(conf)
    raw.subscribe([a.t])
    raw_msgs = read_all(raw, a.expect, a.timeout)
    raw.close()
    if len(raw_msgs) != a.expect:
        fail(summary, "read %d raw records" % len(raw_msgs))
    schema_ids = set()
    for m in raw_msgs:
        v = m.value() or b""
        if len(v) < 6 or v[0] != 0:
            fail(summary, "record without the Confluent header: %r" % v[:8])
        schema_ids.add(struct.unpack(">I", v[1:5])[0])
    summary["schema_ids"] = sorted(schema_ids)
    if len(schema_ids) != 1:
        fail(summary, "records of one topic carry several schema ids")
    client = CachedSchemaRegistryClient(reg_conf)
    sid, schema, version = client.get_latest_schema(a.t + "-value")
    if sid not in schema_ids:
        fail(summary, "latest id of %s-value is %s" % (a.t, sid))
    summary["subject_version"] = version

    extra_fields = {}
    kw = {}
    if a.reader_schema:
        with open(a.reader_schema) as f:
            reader = avro.schema.parse(f.read())
        known = {fl.name for fl in schema.fields}
        extra_fields = {fl.name: fl.default for fl in reader.fields if fl.name not in known}
        if not extra_fields:
            fail(summary, "the reader schema adds no field")
        kw["reader_value_schema"] = reader
    serializer = MessageSerializer(client, **kw)
    seen, n_entities, n_claims_with_speaker = set(), 0, 0
    values = []
    for m in raw_msgs:
        r = serializer.decode_message(m.value(), is_key=False)
        values.append(r)
        if not isinstance(r, dict):
            fail(summary, "value is not a record: %r" % (r,))
        want_key = r.get("claim_id") or r["article_id"]
        if m.key() is None or m.key().decode() != want_key:
            fail(summary, "key %r is not the record's id %r" % (m.key(), want_key))
        if r["article_id"] not in ids:
            fail(summary, "unknown article id %r" % r["article_id"])
        if not r.get("processed_at") or not isinstance(r.get("extractor_version"), str):
            fail(summary, "processed_at or extractor_version missing: %r" % sorted(r))
        for name, default in extra_fields.items():
            if r.get(name, "absent") != default:
                fail(summary, "new field %s = %r, expected its default" % (name, r.get(name)))
        if "claim_id" in r:
            if not r["claim_id"] or not isinstance(r.get("content"), dict) or not r["kind"]:
                fail(summary, "claim without id, content or kind: %r" % sorted(r))
            n_claims_with_speaker += r.get("speaker") is not None
        else:
            for e in r["entities"]:
                if not e["type"] or not e["canonical"] or not e["mentions"]:
                    fail(summary, "bad entity %r" % (e,))
                n_entities += 1
        seen.add(r["article_id"])
    summary.update({"read": len(values), "articles": len(seen), "entities": n_entities,
                    "claims_with_speaker": n_claims_with_speaker,
                    "reader_schema_extra_fields": sorted(extra_fields)})
    if "claim_id" not in values[0] and seen != ids:
        fail(summary, "articles missing: %s" % sorted(ids - seen)[:5])
    print(json.dumps(summary, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
