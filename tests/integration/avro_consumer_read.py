#!/usr/bin/python3
"""avro_consumer_read.py - reads a claimwire output topic with confluent_kafka's legacy
AvroConsumer (Debian python3-confluent-kafka), which decodes both key and value through the
Schema Registry. Works only when the worker writes Avro keys (schema_registry_key_format =
"avro"); shares no code with the worker. Used by test_avro_keys.sh.

    avro_consumer_read.py -b BOOTSTRAP -r REGISTRY_URL -t TOPIC --expect N --ids FILE

Checks: every record decodes; its key is a str equal to the record's claim_id (claims) or
article_id (entities); every
article_id is one of FILE's ids; with --all-ids every id of FILE is present. Prints a JSON
summary; exit 1 on any failure.
"""
import argparse
import json
import sys
import uuid

from confluent_kafka.avro import AvroConsumer

from registry_consume import read_all


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-b", required=True)
    ap.add_argument("-r", required=True)
    ap.add_argument("-t", required=True)
    ap.add_argument("--expect", type=int, required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--all-ids", action="store_true")
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    with open(a.ids) as f:
        ids = {line.strip() for line in f if line.strip()}
    summary = {"topic": a.t, "expected": a.expect, "problems": []}
    cons = AvroConsumer({"bootstrap.servers": a.b, "schema.registry.url": a.r,
                         "group.id": "avro-consumer-" + uuid.uuid4().hex,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    cons.subscribe([a.t])
    got = []
    try:
        # AvroConsumer.poll raises SerializerError on anything it cannot decode.
        got = [(m.key(), m.value()) for m in read_all(cons, a.expect, a.timeout)]
    except Exception as e:  # noqa: BLE001 - the summary carries the reason
        summary["problems"].append("%s: %s" % (type(e).__name__, e))
    finally:
        cons.close()
    summary["records"] = len(got)
    p = summary["problems"]
    if len(got) != a.expect:
        p.append("%d records, expected %d" % (len(got), a.expect))
    bad_keys = [k for k, v in got
                if not isinstance(k, str) or k != (v.get("claim_id") or v.get("article_id"))]
    if bad_keys:
        p.append("%d keys are not the record's claim_id or article_id, e.g. %r"
                 % (len(bad_keys), bad_keys[:3]))
    seen = {v.get("article_id") for k, v in got}
    if seen - ids:
        p.append("unknown article ids: %s" % sorted(seen - ids)[:5])
    if a.all_ids and ids - seen:
        p.append("missing article ids: %s" % sorted(ids - seen)[:5])
    summary["distinct_articles"] = len(seen)
    print(json.dumps(summary, sort_keys=True))
    return 1 if p else 0


if __name__ == "__main__":
    sys.exit(main())
