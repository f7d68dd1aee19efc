#!/usr/bin/python3
"""kafka_check.py - independent Kafka client for the integration tests (python3-confluent-kafka).

It reads topics without joining a consumer group (all partitions assigned from the beginning),
decodes the worker's Avro records with avro_decode.py (no code shared with the C worker), and
checks them. Every wait has a deadline. Modes (each prints one JSON summary line on stdout and
exits 1 when a check fails):

  count     -t TOPIC                    records in TOPIC (sum of high - low watermarks)
  consume   -t TOPIC [--expect N] [--timeout S] [--ids FILE | --within FILE] [--exact]
            [--max-dups K] [--schema NAME] [--articles FILE] [--min-entities N] [--out FILE]
            reads until N records (then on to the high watermarks) or, without --expect, up
            to the high watermarks seen at the start; decodes every record; --ids: every id of
            FILE must be present and no other; --within FILE: no id outside FILE; --exact: no
            id twice; --max-dups: at most K records beyond the first of their id; --articles
            FILE.jsonl: metadata and mention offsets agree with the inputs; --min-entities N;
            --out: decoded records as JSON lines
  committed -g GROUP -t TOPIC           the group's committed offsets and the high watermarks
  gen       --fixtures DIR --count N --prefix P --out FILE.jsonl --ids FILE
            N distinct articles varied from the fixture bodies, one JSON object a line
  stream    -t TOPIC --fixtures DIR --count N --rate R --ids FILE
            like gen, but produced at about R messages/s (input still arriving while a test
            kills or stops a worker); the ids file is written before the first message
  produce-mixed -t TOPIC --fixtures DIR --good M --bad N --manifest FILE
            M valid and N malformed messages interleaved (invalid JSON, invalid UTF-8, empty,
            null, oversized > 1 MiB, wrong shapes); where each landed goes to the manifest
  check-deadletter --manifest FILE -t DLT --input-topic T [--timeout S]
            every malformed message of the manifest is on DLT exactly once with its original
            key and bytes and the headers claimwire.error (matching the kind),
            claimwire.error.code, claimwire.source.{topic,partition,offset}
  check-commits -g GROUP --input-topic T --entities-topic E [--out FILE]
            after a clean stop: for every input partition, the entities records' origin
            offsets are exactly 0 .. committed-1 (committed = processed)
"""
import argparse
import collections
import datetime
import glob
import hashlib
import json
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition  # noqa: E402

import avro_decode  # noqa: E402

ONE_MIB = 1024 * 1024


def out(obj):
    print(json.dumps(obj, sort_keys=True))
    sys.stdout.flush()


def consumer(bootstrap, group=None):
    return Consumer({
        "bootstrap.servers": bootstrap,
        # Only assign() is used: the group id is never joined and nothing is committed.
        "group.id": group or "kafka-check-%d" % os.getpid(),
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": False,
        "fetch.message.max.bytes": 4 * ONE_MIB,
        "log_level": 3,
    })


def partitions(c, topic, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        md = c.list_topics(topic, timeout=max(0.5, deadline - time.monotonic()))
        t = md.topics.get(topic)
        if t is not None and t.error is None and t.partitions:
            return sorted(t.partitions)
        if time.monotonic() > deadline:
            raise SystemExit("topic %s: no metadata (%s)" % (topic, t.error if t else "absent"))
        time.sleep(0.2)


def watermarks(c, topic, parts):
    return {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10.0) for p in parts}


def cmd_count(a):
    c = consumer(a.bootstrap)
    try:
        wm = watermarks(c, a.topic, partitions(c, a.topic))
    finally:
        c.close()
    # --produced: every record ever written (high watermarks), also those retention dropped.
    print(sum(hi if a.produced else hi - lo for lo, hi in wm.values()))
    return 0


def read_topic(bootstrap, topic, expect=None, timeout=60.0, decode=True):
    """Reads TOPIC from the beginning. Returns (messages, timed_out); each message a dict with
    partition, offset, key, value, headers and (decode=True) schema/record or decode_error."""
    c = consumer(bootstrap)
    msgs = []
    deadline = time.monotonic() + timeout
    timed_out = False
    try:
        parts = partitions(c, topic)
        c.assign([TopicPartition(topic, p, 0) for p in parts])
        # Offset 0 may have been removed by retention; OFFSET_BEGINNING would hide that, so the
        # low watermarks are checked instead.
        wm = watermarks(c, topic, parts)
        lost = {p: lo for p, (lo, hi) in wm.items() if lo > 0}
        if lost:
            raise SystemExit("topic %s: records already removed by retention: %s" % (topic, lost))
        target = None if expect is not None else {p: hi for p, (lo, hi) in wm.items()}
        pos = {p: 0 for p in parts}
        while True:
            if target is None and expect is not None and len(msgs) >= expect:
                target = {p: hi for p, (lo, hi) in watermarks(c, topic, parts).items()}
            if target is not None and all(pos[p] >= target[p] for p in parts):
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise SystemExit("consume %s: %s" % (topic, m.error()))
            pos[m.partition()] = m.offset() + 1
            d = {"partition": m.partition(), "offset": m.offset(), "key": m.key(),
                 "value": m.value(), "headers": m.headers() or []}
            if decode:
                try:
                    d["schema"], d["record"] = avro_decode.decode_named(m.value() or b"")
                except avro_decode.DecodeError as e:
                    d["decode_error"] = str(e)
            msgs.append(d)
    finally:
        c.close()
    return msgs, timed_out


def record_id(m):
    rec = m.get("record")
    if rec is not None and "article_id" in rec:
        return rec["article_id"]
    return m["key"].decode("utf-8", "replace") if m["key"] is not None else None


def cmd_consume(a):
    msgs, timed_out = read_topic(a.bootstrap, a.topic, a.expect, a.timeout)
    problems = []
    errors = [m for m in msgs if "decode_error" in m]
    for m in errors[:5]:
        problems.append("p%d@%d: %s" % (m["partition"], m["offset"], m["decode_error"]))
    if a.schema:
        wrong = [m for m in msgs if "schema" in m and m["schema"] != a.schema]
        if wrong:
            problems.append("%d records of schema %s, expected %s"
                            % (len(wrong), wrong[0]["schema"], a.schema))
    # Entities records are keyed by article id, claims by claim id (worker.claims_key).
    keymismatch = [m for m in msgs if "record" in m and m["key"] is not None
                   and m["key"].decode("utf-8", "replace")
                   != (m["record"].get("claim_id") or m["record"].get("article_id"))]
    if keymismatch:
        problems.append("%d records whose key is not their claim_id or article_id"
                        % len(keymismatch))
    counts = collections.Counter(record_id(m) for m in msgs if "record" in m)
    dups = sum(n - 1 for n in counts.values())
    summary = {"topic": a.topic, "records": len(msgs), "distinct": len(counts),
               "duplicates": dups, "decode_errors": len(errors), "timed_out": timed_out}
    if a.ids:
        with open(a.ids, encoding="utf-8") as f:
            want = {line.strip() for line in f if line.strip()}
        missing = sorted(want - set(counts))
        extra = sorted(set(counts) - want)
        summary.update(expected=len(want), missing=len(missing), unexpected=len(extra))
        if missing:
            problems.append("%d ids missing, e.g. %s" % (len(missing), missing[:5]))
        if extra:
            problems.append("%d unexpected ids, e.g. %s" % (len(extra), extra[:5]))
    elif a.within:
        with open(a.within, encoding="utf-8") as f:
            allowed = {line.strip() for line in f if line.strip()}
        extra = sorted(set(counts) - allowed)
        if extra:
            problems.append("%d records of unknown articles, e.g. %s" % (len(extra), extra[:5]))
    if a.expect is not None and len(msgs) < a.expect:
        problems.append("%d records, expected %d" % (len(msgs), a.expect))
    if a.exact and dups:
        twice = [k for k, n in counts.items() if n > 1]
        problems.append("%d duplicate records, e.g. %s" % (dups, twice[:5]))
    if a.max_dups is not None and dups > a.max_dups:
        problems.append("%d duplicate records, at most %d allowed" % (dups, a.max_dups))
    if a.articles:
        problems += check_metadata(msgs, a.articles, a.topic)
    ents = sum(len(m["record"].get("entities", [])) for m in msgs if "record" in m)
    summary["entities"] = ents
    if a.min_entities is not None and ents < a.min_entities:
        problems.append("%d entities in all records, expected at least %d" % (ents, a.min_entities))
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            for m in msgs:
                f.write(json.dumps({"partition": m["partition"], "offset": m["offset"],
                                    "key": m["key"].decode("utf-8", "replace") if m["key"] else None,
                                    "schema": m.get("schema"), "record": m.get("record")},
                                   ensure_ascii=False) + "\n")
    summary["problems"] = problems
    out(summary)
    return 1 if problems else 0


def rfc3339_ms(text):
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (t - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) \
        // datetime.timedelta(milliseconds=1)


def check_metadata(msgs, articles_path, topic):
    """Entities records carry the input's metadata unchanged (published_at as epoch ms)."""
    arts = {}
    with open(articles_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                art = json.loads(line)
                arts[art["id"]] = art
    problems = []
    for m in msgs:
        rec = m.get("record")
        if rec is None or rec.get("article_id") not in arts:
            continue
        art = arts[rec["article_id"]]
        for field in ("url", "source", "title", "language"):
            if rec.get(field) != art.get(field):
                problems.append("%s: %s is %r, input has %r"
                                % (rec["article_id"], field, rec.get(field), art.get(field)))
        if rec.get("published_at") != rfc3339_ms(art["published_at"]):
            problems.append("%s: published_at %r, input %s"
                            % (rec["article_id"], rec.get("published_at"), art["published_at"]))
        if rec.get("origin_topic") is None or rec.get("origin_offset") is None:
            problems.append("%s: no origin" % rec["article_id"])
        body_cp = len(art["body"])
        for e in rec.get("entities", []):
            for mm in e["mentions"]:
                if not (0 <= mm["start"] < mm["end"] <= body_cp) or \
                        art["body"][mm["start"]:mm["end"]] != mm["text"]:
                    problems.append("%s: mention %r at [%d,%d) does not match the body"
                                    % (rec["article_id"], mm["text"], mm["start"], mm["end"]))
        if len(problems) > 20:
            break
    return problems


def committed_offsets(bootstrap, group, topic):
    c = consumer(bootstrap, group)
    try:
        parts = partitions(c, topic)
        got = c.committed([TopicPartition(topic, p) for p in parts], timeout=15.0)
        committed = {tp.partition: (tp.offset if tp.offset >= 0 else 0) for tp in got}
        wm = watermarks(c, topic, parts)
    finally:
        c.close()
    return committed, {p: hi for p, (lo, hi) in wm.items()}


def cmd_committed(a):
    committed, high = committed_offsets(a.bootstrap, a.group, a.topic)
    out({"committed": committed, "high": high, "committed_total": sum(committed.values()),
         "high_total": sum(high.values())})
    return 0


def load_fixtures(d):
    arts = []
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        with open(path, encoding="utf-8") as f:
            arts.append(json.load(f))
    if not arts:
        raise SystemExit("no fixtures in %s" % d)
    return arts


FIRST = ["Amara", "Jonas", "Leila", "Mateo", "Sofia", "Daniel", "Hana", "Oskar", "Ines", "Rahul"]
LAST = ["Okafor", "Lindberg", "Haddad", "Rossi", "Novak", "Mensah", "Tanaka", "Varga", "Silva"]
CITIES = ["Lisbon", "Accra", "Krakow", "Osaka", "Montreal", "Tunis", "Hanoi", "Bergen", "Quito"]


def vary(art, i, rnd, prefix):
    """A new article from a fixture: other numbers, paragraphs in another order, an extra
    quoted paragraph, a unique id."""
    paras = [p for p in art["body"].split("\n\n") if p.strip()]
    head, rest = paras[0], paras[1:]
    rnd.shuffle(rest)
    body = "\n\n".join([head] + rest)
    body = re.sub(r"\b\d+\b", lambda m: str(int(m.group(0)) + rnd.randint(0, 9)), body)
    name = "%s %s" % (rnd.choice(FIRST), rnd.choice(LAST))
    body += ("\n\n\"We will keep watching this closely,\" %s, an analyst in %s, said on %s. "
             "About %d%% of those asked in a survey agreed, according to the report."
             % (name, rnd.choice(CITIES), rnd.choice(["Monday", "Tuesday", "Friday"]),
                rnd.randint(10, 90)))
    new = dict(art)
    new.update(id="%s-%05d" % (prefix, i), body=body, url="https://news.example.com/%s-%05d"
               % (prefix, i), title="%s (%d)" % (art["title"], i))
    return new


def cmd_gen(a):
    arts = load_fixtures(a.fixtures)
    rnd = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f, open(a.ids, "w", encoding="utf-8") as fi:
        for i in range(a.count):
            art = vary(arts[i % len(arts)], i, rnd, a.prefix)
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
            fi.write(art["id"] + "\n")
    out({"generated": a.count, "out": a.out})
    return 0


def cmd_stream(a):
    """Generates like gen and produces at about RATE messages/s, so that a test can act while
    input is still arriving. The ids file is complete before the first message is sent."""
    arts = load_fixtures(a.fixtures)
    rnd = random.Random(a.seed)
    batch = [vary(arts[i % len(arts)], i, rnd, a.prefix) for i in range(a.count)]
    with open(a.ids, "w", encoding="utf-8") as fi:
        fi.write("".join(art["id"] + "\n" for art in batch))
    p = Producer({"bootstrap.servers": a.bootstrap, "linger.ms": 5, "log_level": 3})
    failed = []
    t0 = time.monotonic()
    for i, art in enumerate(batch):
        ahead = t0 + i / a.rate - time.monotonic()
        if ahead > 0:
            p.poll(ahead)  # paces the stream while serving delivery reports
        while True:
            try:
                p.produce(a.topic, key=art["id"].encode(),
                          value=json.dumps(art, ensure_ascii=False).encode(),
                          on_delivery=lambda err, m: err and failed.append(err))
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    left = p.flush(60)
    out({"streamed": a.count, "seconds": round(time.monotonic() - t0, 1),
         "undelivered": left, "failed": len(failed)})
    return 1 if left or failed else 0


def malformed(k, rnd):
    """(kind, key, value) of the k-th malformed message; value may be None (null value)."""
    key = "bad-%03d" % k
    big_body = "x" * (ONE_MIB + 4096)
    kinds = [
        ("invalid-json", b'{"id": "%s", "body": "an unterminated string' % key.encode()),
        ("invalid-json", b'{"id": "%s", "body": "text",,}' % key.encode()),
        ("invalid-json", b'[{"body": "one"}, {"body": ]'),
        ("invalid-utf8", b'{"id": "%s", "body": "caf\xe9 au lait in Lyon"}' % key.encode()),
        ("invalid-utf8", b"Plain text with a broken byte \xff\xfe here, said the reporter."),
        ("invalid-utf8", b'{"body": "overlong \xc0\xaf slash"}'),
        ("empty", b""),
        ("empty", None),
        ("wrong-shape", b'{"id": "%s", "title": "No body here"}' % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": 42}' % key.encode()),
        ("wrong-shape", b'[{"id": "%s", "body": "an array, not an object"}]' % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": ["a", "list"]}' % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": "Text.", "title": 7}' % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": "Text.", "published_at": "last Tuesday"}'
         % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": "   \\n  "}' % key.encode()),
        ("wrong-shape", b'{"id": "%s", "body": null}' % key.encode()),
    ]
    if k % 20 == 19:  # a few only: the input and dead-letter partitions keep 5 MiB each
        return ("oversized", key, json.dumps({"id": key, "body": big_body}).encode())
    kind, value = kinds[k % len(kinds)]
    return kind, key, value


# A reason (claimwire.error) must name the problem; these patterns accept any wording that does.
REASON = {
    "invalid-json": r"json|parse|syntax",
    "invalid-utf8": r"utf-?8|encoding",
    "empty": r"empty|no body|null|missing",
    "oversized": r"limit|large|size|bytes",
    "wrong-shape": r"shape|body|field|object|string|published_at|title|empty",
}


def cmd_produce_mixed(a):
    arts = load_fixtures(a.fixtures)
    rnd = random.Random(a.seed)
    msgs = []
    for i in range(a.good):
        art = vary(arts[i % len(arts)], i, rnd, a.prefix)
        msgs.append({"kind": "valid", "key": art["id"],
                     "value": json.dumps(art, ensure_ascii=False).encode()})
    bad = [malformed(k, rnd) for k in range(a.bad)]
    # Interleave: spread the malformed messages evenly between the valid ones.
    step = max(1, (len(msgs) + len(bad)) // max(1, len(bad)))
    for k, (kind, key, value) in enumerate(bad):
        msgs.insert(min(len(msgs), k * step + step // 2), {"kind": kind, "key": key, "value": value})
    p = Producer({"bootstrap.servers": a.bootstrap, "message.max.bytes": 4 * ONE_MIB,
                  "linger.ms": 5, "log_level": 3})
    results = {}

    def dr(err, m, i):
        results[i] = (err, m.partition(), m.offset())

    for i, m in enumerate(msgs):
        while True:
            try:
                p.produce(a.topic, key=m["key"].encode(), value=m["value"],
                          on_delivery=lambda err, msg, i=i: dr(err, msg, i))
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    left = p.flush(60)
    if left:
        raise SystemExit("%d messages not delivered" % left)
    failed = [(i, e) for i, (e, _, _) in results.items() if e is not None]
    if failed:
        raise SystemExit("delivery failed: %s" % failed[:3])
    with open(a.manifest, "w", encoding="utf-8") as f:
        for i, m in enumerate(msgs):
            _, part, off = results[i]
            v = m["value"]
            f.write(json.dumps({"kind": m["kind"], "key": m["key"], "partition": part,
                                "offset": off, "null": v is None,
                                "size": len(v) if v is not None else 0,
                                "sha256": hashlib.sha256(v or b"").hexdigest()}) + "\n")
    kinds = collections.Counter(m["kind"] for m in msgs)
    out({"produced": len(msgs), "kinds": kinds})
    return 0


def load_manifest(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cmd_check_deadletter(a):
    man = load_manifest(a.manifest)
    bad = {m["key"]: m for m in man if m["kind"] != "valid"}
    msgs, timed_out = read_topic(a.bootstrap, a.topic, len(bad), a.timeout, decode=False)
    problems = []
    seen = collections.Counter()
    reasons = collections.defaultdict(set)
    for m in msgs:
        key = m["key"].decode("utf-8", "replace") if m["key"] is not None else None
        seen[key] += 1
        want = bad.get(key)
        where = "dead letter p%d@%d key %s" % (m["partition"], m["offset"], key)
        if want is None:
            problems.append("%s: not one of the malformed messages" % where)
            continue
        v = m["value"]
        if want["null"]:
            if v:
                problems.append("%s: value should be empty/null, got %d bytes" % (where, len(v)))
        elif hashlib.sha256(v or b"").hexdigest() != want["sha256"]:
            problems.append("%s (%s): value is not the original bytes (%d bytes, original %d)"
                            % (where, want["kind"], len(v or b""), want["size"]))
        h = {}
        for name, val in m["headers"]:
            h[name] = (val or b"").decode("utf-8", "replace")
        reason = h.get("claimwire.error", "")
        reasons[want["kind"]].add(reason)
        if not reason:
            problems.append("%s: no claimwire.error header" % where)
        elif not re.search(REASON[want["kind"]], reason, re.I):
            problems.append("%s (%s): reason %r does not name the problem"
                            % (where, want["kind"], reason))
        if not h.get("claimwire.error.code"):
            problems.append("%s: no claimwire.error.code header" % where)
        expect_src = {"claimwire.source.topic": a.input_topic,
                      "claimwire.source.partition": str(want["partition"]),
                      "claimwire.source.offset": str(want["offset"])}
        for name, val in expect_src.items():
            if h.get(name) != val:
                problems.append("%s: header %s = %r, expected %r" % (where, name, h.get(name), val))
    missing = sorted(set(bad) - set(seen))
    if missing:
        problems.append("%d malformed messages not dead-lettered, e.g. %s"
                        % (len(missing), [(k, bad[k]["kind"]) for k in missing[:5]]))
    twice = [k for k, n in seen.items() if n > 1]
    if twice:
        problems.append("%d dead letters more than once, e.g. %s" % (len(twice), twice[:5]))
    out({"dead_letters": len(msgs), "expected": len(bad), "timed_out": timed_out,
         "reasons": {k: sorted(v)[:3] for k, v in reasons.items()}, "problems": problems[:20]})
    return 1 if problems else 0


def cmd_check_commits(a):
    committed, high = committed_offsets(a.bootstrap, a.group, a.input_topic)
    msgs, _ = read_topic(a.bootstrap, a.entities_topic, None, a.timeout)
    problems = []
    by_part = collections.defaultdict(list)
    for m in msgs:
        rec = m.get("record")
        if rec is None:
            problems.append("p%d@%d: %s" % (m["partition"], m["offset"], m.get("decode_error")))
            continue
        if rec.get("origin_topic") != a.input_topic:
            problems.append("record %s: origin_topic %r" % (rec["article_id"], rec.get("origin_topic")))
            continue
        by_part[rec["origin_partition"]].append(rec["origin_offset"])
    uncommitted = 0
    for p in sorted(set(committed) | set(by_part)):
        offs = by_part.get(p, [])
        done = set(offs)
        c = committed.get(p, 0)
        beyond = sorted(o for o in done if o >= c)
        uncommitted += len(beyond)
        hole = [o for o in range(c) if o not in done]
        if hole:
            problems.append("partition %d: committed %d but offsets %s have no output"
                            % (p, c, hole[:5]))
        if beyond:
            problems.append("partition %d: committed %d but %d outputs beyond it (first %d)"
                            % (p, c, len(beyond), beyond[0]))
    out({"committed": committed, "high": high, "committed_total": sum(committed.values()),
         "outputs": len(msgs), "outputs_uncommitted": uncommitted, "problems": problems[:20]})
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"committed_total": sum(committed.values()), "outputs": len(msgs),
                       "outputs_uncommitted": uncommitted}, f)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-b", "--bootstrap", default=os.environ.get("CLAIMWIRE_BOOTSTRAP_SERVERS"))
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("count")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--produced", action="store_true")
    s = sub.add_parser("consume")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--expect", type=int)
    s.add_argument("--timeout", type=float, default=60.0)
    s.add_argument("--ids")
    s.add_argument("--exact", action="store_true")
    s.add_argument("--max-dups", type=int)
    s.add_argument("--schema")
    s.add_argument("--within", help="ids file: every record's id must be in it")
    s.add_argument("--articles", help="JSON lines of the inputs: check the records' metadata")
    s.add_argument("--min-entities", type=int)
    s.add_argument("--out")
    s = sub.add_parser("committed")
    s.add_argument("-g", "--group", required=True)
    s.add_argument("-t", "--topic", required=True)
    s = sub.add_parser("gen")
    s.add_argument("--fixtures", required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--prefix", default="gen")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--out", required=True)
    s.add_argument("--ids", required=True)
    s = sub.add_parser("stream")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--fixtures", required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--rate", type=float, required=True)
    s.add_argument("--prefix", default="stream")
    s.add_argument("--seed", type=int, default=3)
    s.add_argument("--ids", required=True)
    s = sub.add_parser("produce-mixed")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--fixtures", required=True)
    s.add_argument("--good", type=int, required=True)
    s.add_argument("--bad", type=int, required=True)
    s.add_argument("--prefix", default="ok")
    s.add_argument("--seed", type=int, default=2)
    s.add_argument("--manifest", required=True)
    s = sub.add_parser("check-deadletter")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--input-topic", required=True)
    s.add_argument("--manifest", required=True)
    s.add_argument("--timeout", type=float, default=60.0)
    s = sub.add_parser("check-commits")
    s.add_argument("-g", "--group", required=True)
    s.add_argument("--input-topic", required=True)
    s.add_argument("--entities-topic", required=True)
    s.add_argument("--timeout", type=float, default=60.0)
    s.add_argument("--out")
    a = ap.parse_args()
    if not a.bootstrap and a.mode not in ("gen",):
        ap.error("no bootstrap servers (-b or CLAIMWIRE_BOOTSTRAP_SERVERS)")
    return {"count": cmd_count, "consume": cmd_consume, "committed": cmd_committed,
            "gen": cmd_gen, "stream": cmd_stream, "produce-mixed": cmd_produce_mixed,
            "check-deadletter": cmd_check_deadletter,
            "check-commits": cmd_check_commits}[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
