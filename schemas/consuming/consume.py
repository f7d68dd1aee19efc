#!/usr/bin/python3
"""consume.py - reads claimwire's output topics with confluent_kafka, in either output format.

    consume.py -b BOOTSTRAP -t TOPIC --format confluent -r REGISTRY_URL [--auth USER:PASSWORD]
    consume.py -b BOOTSTRAP -t TOPIC --format json
        [-g GROUP] [-n MAX_RECORDS] [--timeout S] [--flat]

Prints one JSON object per record on stdout: {"topic", "partition", "offset", "key", "value"},
the value exactly as the json output format writes it (unions as plain values, enums as symbol
names, timestamps as epoch milliseconds), whichever format the topic holds. With --flat it
prints the rows the ClickHouse recipe stores instead: one row per claim (speaker, speaker entity
id, content text, url, title...) or one row per entity of an ArticleEntities record.

Keys are plain UTF-8 strings (claim id on claimwire.claims, article id on claimwire.entities).
confluent: each value's schema id is read from its Confluent header and the writer schema is
fetched from the registry, with confluent_kafka.schema_registry.avro.AvroDeserializer when
fastavro is installed (confluent-kafka from pip), else with confluent_kafka.avro's
MessageSerializer over python3-avro (Debian 12: python3-confluent-kafka 1.7.0 has the new API,
but Debian 12 ships no fastavro for it). Without -g the reader takes every partition from its
start (no group, nothing committed); with -g it joins that group and commits its offsets. It
stops after -n records or --timeout seconds without one.
"""
import argparse
import datetime
import json
import sys
import uuid

from confluent_kafka import OFFSET_BEGINNING, DeserializingConsumer, KafkaError, TopicPartition
from confluent_kafka.serialization import StringDeserializer


def registry_deserializer(url, auth):
    """A value deserializer for the Confluent wire format: (bytes, ctx) -> dict."""
    conf = {"url": url}
    if auth:
        conf["basic.auth.user.info"] = auth
    try:
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.avro import AvroDeserializer  # needs fastavro
        return AvroDeserializer(SchemaRegistryClient(conf)), "AvroDeserializer"
    except ImportError:
        from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
        from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
        if auth:
            conf["basic.auth.credentials.source"] = "USER_INFO"
        serializer = MessageSerializer(CachedSchemaRegistryClient(conf))
        return (lambda value, ctx: serializer.decode_message(value, is_key=False),
                "MessageSerializer")


def json_deserializer(value, ctx):
    return json.loads(value.decode("utf-8"))


def plain(v):
    """Avro decoders return timestamp-millis as datetime: back to epoch milliseconds."""
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return round(v.timestamp() * 1000)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def flat_rows(value):
    """The rows of the ClickHouse recipe (schemas/consuming/clickhouse_*.sql)."""
    if "claim_id" in value:
        speaker = value.get("speaker") or {}
        se = value.get("speaker_entity") or {}
        return [{
            "claim_id": value["claim_id"], "article_id": value["article_id"],
            "published_at": value.get("published_at"), "kind": value["kind"],
            "speaker": speaker.get("text"), "speaker_entity_id": se.get("entity_id"),
            "speaker_canonical": se.get("canonical"), "content_text": value["content"]["text"],
            "entity_ids": [e.get("entity_id") for e in value["entities"]],
            "url": value.get("url"), "title": value.get("title"),
            "article_source": value.get("article_source"), "language": value.get("language"),
            "speaker_resolution": value.get("speaker_resolution")}]
    return [{
        "article_id": value["article_id"], "published_at": value.get("published_at"),
        "entity_id": e.get("entity_id"), "type": e["type"], "canonical": e["canonical"],
        "salience": e["salience"], "mentions": len(e["mentions"]),
        "iso_code": e.get("iso_code"), "latitude": e.get("latitude"),
        "longitude": e.get("longitude"), "title": value.get("title"), "url": value.get("url")}
        for e in value["entities"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-b", required=True, help="bootstrap servers")
    ap.add_argument("-t", required=True, help="topic")
    ap.add_argument("--format", choices=("confluent", "json"), required=True)
    ap.add_argument("-r", help="schema registry URL (confluent)")
    ap.add_argument("--auth", help="registry USER:PASSWORD")
    ap.add_argument("-g", help="consumer group (default: a new one, from the earliest offset)")
    ap.add_argument("-n", type=int, default=0, help="stop after N records (0: no limit)")
    ap.add_argument("--timeout", type=float, default=10, help="stop after S s without a record")
    ap.add_argument("--flat", action="store_true", help="print flattened rows")
    a = ap.parse_args()
    if a.format == "confluent":
        if not a.r:
            ap.error("--format confluent needs -r REGISTRY_URL")
        value_deserializer, how = registry_deserializer(a.r, a.auth)
    else:
        value_deserializer, how = json_deserializer, "json.loads"
    print("consume.py: %s, values decoded with %s" % (a.t, how), file=sys.stderr)
    consumer = DeserializingConsumer({
        "bootstrap.servers": a.b,
        "group.id": a.g or "claimwire-consume-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": bool(a.g),
        "key.deserializer": StringDeserializer("utf_8"),
        "value.deserializer": value_deserializer,
    })
    if a.g:
        consumer.subscribe([a.t])   # a group of readers sharing the partitions, offsets committed
    else:
        # One reader of the whole topic from its start: no group to join, nothing committed.
        parts = consumer.list_topics(a.t, timeout=10).topics[a.t].partitions
        consumer.assign([TopicPartition(a.t, p, OFFSET_BEGINNING) for p in parts])
    n = 0
    try:
        while not a.n or n < a.n:
            msg = consumer.poll(a.timeout)
            if msg is None:
                break
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(str(msg.error()))
            value = plain(msg.value())
            if a.flat:
                for row in flat_rows(value):
                    print(json.dumps(row, ensure_ascii=False, sort_keys=True))
            else:
                print(json.dumps({"topic": msg.topic(), "partition": msg.partition(),
                                  "offset": msg.offset(), "key": msg.key(), "value": value},
                                 ensure_ascii=False, sort_keys=True))
            n += 1
    finally:
        consumer.close()
    print("consume.py: %d records" % n, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
