#!/usr/bin/python3
"""format_read.py - reads claimwire's claims topic as a downstream consumer of each output
format does, with confluent_kafka (Debian python3-confluent-kafka) and nothing of the worker:
--format json takes each value as one JSON object (json.loads); --format confluent decodes
each value through the Schema Registry with confluent_kafka's legacy Avro MessageSerializer
(the schema id from the record's header, the schema from the registry, python3-avro). Used by
test_output_formats.sh.

    format_read.py -b BOOTSTRAP -t TOPIC --format json|confluent [-r REGISTRY_URL]
        --articles DIR --expect N [--timeout S] [--show FILE] [--dump FILE]

Checks every claim: the key is the record's claim_id; url, title, source and language are
those of its article (DIR holds the articles as produced, JSON files with an id); and at least
one claim has a speaker resolved to a PER entity whose entity_id is "PER:" + 16 hex digits.
--show writes one such claim, as read, to FILE; --dump writes every claim, one JSON line each
({"key", "value"}), ordered by claim id. Prints a JSON summary; exit 1 on a failure.
"""
import argparse
import glob
import json
import os
import re
import sys
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition


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
    ap.add_argument("-t", required=True)
    ap.add_argument("-r")
    ap.add_argument("--format", choices=("json", "confluent"), required=True)
    ap.add_argument("--articles", required=True)
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--show")
    ap.add_argument("--dump")
    a = ap.parse_args()
    articles = {}
    for path in glob.glob(os.path.join(a.articles, "*.json")):
        with open(path, encoding="utf-8") as f:
            art = json.load(f)
        articles[art["id"]] = art
    summary = {"topic": a.t, "format": a.format, "expected": a.expect, "problems": []}
    p = summary["problems"]
    cons = Consumer({"bootstrap.servers": a.b, "group.id": "format-read-" + uuid.uuid4().hex,
                     "auto.offset.reset": "earliest", "enable.auto.commit": False})
    # Assigned, not subscribed: no group to join, every partition from its start.
    parts = cons.list_topics(a.t, timeout=10).topics[a.t].partitions
    cons.assign([TopicPartition(a.t, p, OFFSET_BEGINNING) for p in parts])
    try:
        msgs = read_all(cons, a.expect, a.timeout)
    finally:
        cons.close()
    if a.format == "confluent":
        from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
        from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
        serializer = MessageSerializer(CachedSchemaRegistryClient({"url": a.r}))

        def decode(v):
            if not v or v[0] != 0:
                raise ValueError("no Confluent header: %r" % v[:8])
            return serializer.decode_message(v, is_key=False)
    else:
        def decode(v):
            return json.loads(v.decode("utf-8"))
    summary["read"] = len(msgs)
    if len(msgs) != a.expect:
        p.append("read %d records" % len(msgs))
    shown, dump = None, []
    for m in msgs:
        try:
            r = decode(m.value())
        except Exception as e:  # noqa: BLE001 - the summary carries the reason
            p.append("undecodable value: %s: %s" % (type(e).__name__, e))
            continue
        key = m.key().decode("utf-8") if m.key() is not None else None
        dump.append({"key": key, "value": r})
        if key != r.get("claim_id"):
            p.append("key %r is not the claim_id %r" % (key, r.get("claim_id")))
        art = articles.get(r.get("article_id"))
        if art is None:
            p.append("unknown article %r" % r.get("article_id"))
            continue
        for f in ("url", "title", "source", "language"):
            if r.get(f) != art.get(f):
                p.append("claim %s: %s %r, the article has %r" % (r.get("claim_id"), f,
                                                                  r.get(f), art.get(f)))
        se = r.get("speaker_entity") or {}
        if (shown is None and r.get("speaker") and se.get("type") == "PER" and
                re.fullmatch(r"PER:[0-9a-f]{16}", se.get("entity_id") or "")):
            shown = r
    if shown is None:
        p.append("no claim with a speaker resolved to a PER entity with an entity_id")
    elif a.show:
        with open(a.show, "w", encoding="utf-8") as f:
            f.write(json.dumps({"key": shown["claim_id"], "value": shown}, ensure_ascii=False,
                               default=str) + "\n")
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            for d in sorted(dump, key=lambda d: str(d["value"].get("claim_id"))):
                f.write(json.dumps(d, ensure_ascii=False, sort_keys=True, default=str) + "\n")
    print(json.dumps(summary, sort_keys=True))
    return 1 if p else 0


if __name__ == "__main__":
    sys.exit(main())
