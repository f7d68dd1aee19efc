#!/usr/bin/python3
"""poison_storm.py - malformed and adversarial input for the worker's robustness tests.

  produce -t TOPIC --fixtures DIR --good N --bad M --manifest FILE [--big-quotes K] [--seed S]
          N valid articles (varied fixtures) with M malformed or adversarial messages spread
          evenly between them; each message's kind, key, partition, offset and the dead-letter
          codes it may end with go to the manifest (one JSON object a line)
  big     -t TOPIC --key K --kb N --manifest FILE
          one valid article of about N KiB of ordinary news text (appended to the manifest as
          kind "big", code extraction_budget or processed)
  check   --manifest FILE --dlq TOPIC --entities TOPIC --input-topic T [--timeout S] [--allow-dups]
          every message of the manifest ended as it may: valid ones with exactly one entities
          record, malformed ones with exactly one dead letter carrying an allowed
          claimwire.error.code, a reason and its source offset; adversarial ones one or the other

Every wait has a deadline; each mode prints one JSON summary line and exits 1 on a failure.
"""
import argparse
import collections
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confluent_kafka import Producer  # noqa: E402

import kafka_check  # noqa: E402

PROCESSED = "processed"

# (kind, allowed outcomes, value). Outcomes are dead-letter codes or PROCESSED.
INVALID = ["invalid_input"]


def bad_messages(key):
    k = key.encode()
    deep = b"[" * 200 + b"]" * 200
    return [
        ("invalid-json", INVALID, b'{"id": "%s", "body": "an unterminated string' % k),
        ("invalid-json", INVALID, b'{"id": "%s", "body": "text",,}' % k),
        ("invalid-json", INVALID, b'{"body": "x", "a": ' + b"[" * 5000),
        ("invalid-utf8", ["invalid_utf8"], b'{"id": "%s", "body": "caf\xe9 au lait"}' % k),
        ("invalid-utf8", ["invalid_utf8"], b"Plain text with a broken byte \xff\xfe here."),
        ("invalid-utf8", ["invalid_utf8"], b'{"body": "surrogate \xed\xa0\x80 half"}'),
        ("empty", INVALID, b""),
        ("empty", INVALID, None),
        ("wrong-shape", INVALID, b'{"id": "%s", "title": "No body here"}' % k),
        ("wrong-shape", INVALID, b'{"id": "%s", "body": 42}' % k),
        ("wrong-shape", INVALID, b'[{"id": "%s", "body": "an array"}]' % k),
        ("wrong-shape", INVALID, b'{"id": "%s", "body": "Text.", "published_at": "soon"}' % k),
        ("wrong-shape", INVALID, b'{"id": "%s", "body": null}' % k),
        ("json-scalar", INVALID, b"null"),
        ("json-scalar", INVALID, b"42"),
        ("json-scalar", INVALID, b" true\n"),
        ("json-scalar", INVALID, b'"just a string"'),
        ("json-bom", INVALID, b"\xef\xbb\xbf" + b'{"id": "%s", "title": "BOM, no body"}' % k),
        ("json-deep", INVALID, b'{"id": "%s", "body": "Deep.", "x": ' % k + deep + b"}"),
        ("blank", INVALID, b'{"id": "%s", "body": "   \\n  "}' % k),
        ("blank", INVALID, b'{"id": "%s", "body": "\\u00a0\\u2003\\u3000\\u200b"}' % k),
        ("blank", INVALID, b'{"id": "%s", "body": "\\u0001\\u0002\\u001f\\u007f"}' % k),
        ("blank", INVALID, "\u00a0\u2002\u3000\n\u00a0".encode()),
        ("nul", INVALID, b'{"id": "%s", "body": "a\\u0000b"}' % k),
        ("long-id", ["too_large"], b'{"id": "%s", "body": "Text."}' % (b"i" * 600)),
    ]


def adversarial(key, rnd, size):
    """Valid input built to be slow or large: processed or dead-lettered for its budget."""
    n = size
    words = " ".join("w%d" % rnd.randint(0, 99) for _ in range(n // 4))
    bodies = [
        ('"' * n),
        (")" * n),
        ("(" * (n // 2) + ")" * (n // 2)),
        ("said that " * (n // 10)),
        (" ".join("Capital%d Word" % i for i in range(n // 16))),
        (" ".join("$%d.5 million" % i for i in range(n // 14))),
        ("\n".join("SPEAKER%d: %s" % (i % 3, words[:40]) for i in range(n // 50))),
        (("according to the minister " + words[:60] + " ") * (n // 90)),
    ]
    return [("adversarial", ["extraction_budget", PROCESSED],
             json.dumps({"id": key, "body": b[:n]}).encode()) for b in bodies]


def produce_all(bootstrap, topic, msgs):
    p = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 4 * 1024 * 1024,
                  "linger.ms": 20, "log_level": 3})
    results = {}

    def dr(err, m, i):
        results[i] = (err, m.partition(), m.offset())

    for i, m in enumerate(msgs):
        while True:
            try:
                p.produce(topic, key=m["key"].encode(), value=m["value"],
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
    return results


def write_manifest(path, msgs, results, mode="w"):
    with open(path, mode, encoding="utf-8") as f:
        for i, m in enumerate(msgs):
            _, part, off = results[i]
            f.write(json.dumps({"kind": m["kind"], "key": m["key"], "may": m["may"],
                                "partition": part, "offset": off}) + "\n")


def cmd_produce(a):
    arts = kafka_check.load_fixtures(a.fixtures)
    rnd = random.Random(a.seed)
    good = []
    for i in range(a.good):
        art = kafka_check.vary(arts[i % len(arts)], i, rnd, a.prefix)
        good.append({"kind": "valid", "key": art["id"], "may": [PROCESSED],
                     "value": json.dumps(art, ensure_ascii=False).encode()})
    bad = []
    n_adv = 0
    for k in range(a.bad):
        key = "bad-%05d" % k
        if k % 500 == 250 and n_adv < a.adversarial:
            # one adversarial body in 500, each kind in turn; one in four at 10 KiB
            cands = adversarial(key, rnd, 10240 if n_adv % 4 == 0 else 2048)
            kind, may, value = cands[n_adv % len(cands)]
            n_adv += 1
        else:
            cands = bad_messages(key)
            kind, may, value = cands[k % len(cands)]
        bad.append({"kind": kind, "key": key, "may": may, "value": value})
    msgs = list(good)
    step = max(1, (len(good) + len(bad)) // max(1, len(bad)))
    for k, m in enumerate(bad):
        msgs.insert(min(len(msgs), k * step + step // 2), m)
    results = produce_all(a.bootstrap, a.topic, msgs)
    write_manifest(a.manifest, msgs, results)
    kinds = collections.Counter(m["kind"] for m in msgs)
    kafka_check.out({"produced": len(msgs), "kinds": kinds})
    return 0


def cmd_big(a):
    arts = kafka_check.load_fixtures(a.fixtures)
    text = "\n\n".join(art["body"] for art in arts)
    body = (text * (a.kb * 1024 // len(text) + 1))[:a.kb * 1024]
    msgs = [{"kind": "big", "key": a.key, "may": ["extraction_budget", PROCESSED],
             "value": json.dumps({"id": a.key, "body": body}).encode()}]
    results = produce_all(a.bootstrap, a.topic, msgs)
    write_manifest(a.manifest, msgs, results, "a")
    kafka_check.out({"produced": 1, "bytes": len(msgs[0]["value"])})
    return 0


def cmd_check(a):
    man = kafka_check.load_manifest(a.manifest)
    by_key = {m["key"]: m for m in man}
    n_dlq = sum(1 for m in man if PROCESSED not in m["may"])
    dlq, t1 = kafka_check.read_topic(a.bootstrap, a.dlq, n_dlq, a.timeout, decode=False)
    n_ent = sum(1 for m in man if m["may"] == [PROCESSED])
    ents, t2 = kafka_check.read_topic(a.bootstrap, a.entities, n_ent, a.timeout, decode=False)
    problems = []
    outcome = collections.defaultdict(list)
    codes = collections.Counter()
    for m in ents:
        key = (m["key"] or b"").decode("utf-8", "replace")
        outcome[key].append(PROCESSED)
    for m in dlq:
        key = (m["key"] or b"").decode("utf-8", "replace")
        h = {n: (v or b"").decode("utf-8", "replace") for n, v in m["headers"]}
        code = h.get("claimwire.error.code", "")
        codes[code] += 1
        outcome[key].append(code)
        want = by_key.get(key)
        if want is None:
            problems.append("dead letter p%d@%d key %r: not in the manifest"
                            % (m["partition"], m["offset"], key[:40]))
            continue
        if not h.get("claimwire.error"):
            problems.append("dead letter %s: no reason" % key)
        if h.get("claimwire.source.offset") != str(want["offset"]) or \
                h.get("claimwire.source.topic") != a.input_topic:
            problems.append("dead letter %s: source %s@%s, expected offset %d"
                            % (key, h.get("claimwire.source.topic"),
                               h.get("claimwire.source.offset"), want["offset"]))
    by_kind = collections.Counter()
    for m in man:
        got = outcome.get(m["key"], [])
        by_kind[(m["kind"], ",".join(sorted(set(got))) or "nothing")] += 1
        if len(got) > 1 and a.allow_dups and len(set(got)) == 1:
            pass  # at-least-once: processed again after a shutdown that did not commit it
        elif len(got) != 1:
            problems.append("%s (%s): %d outcomes %s, expected one of %s"
                            % (m["key"], m["kind"], len(got), got[:3], m["may"]))
        elif got[0] not in m["may"]:
            problems.append("%s (%s): ended as %s, expected one of %s"
                            % (m["key"], m["kind"], got[0], m["may"]))
    kafka_check.out({"messages": len(man), "dead_letters": len(dlq), "entities": len(ents),
                     "timed_out": t1 or t2, "codes": codes,
                     "outcomes": {"%s->%s" % k: v for k, v in sorted(by_kind.items())},
                     "problems": len(problems), "first_problems": problems[:10]})
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-b", "--bootstrap", default=os.environ.get("CLAIMWIRE_BOOTSTRAP_SERVERS"))
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("produce")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--fixtures", required=True)
    s.add_argument("--good", type=int, required=True)
    s.add_argument("--bad", type=int, required=True)
    s.add_argument("--adversarial", type=int, default=20)
    s.add_argument("--prefix", default="ok")
    s.add_argument("--seed", type=int, default=19)
    s.add_argument("--manifest", required=True)
    s = sub.add_parser("big")
    s.add_argument("-t", "--topic", required=True)
    s.add_argument("--fixtures", required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--kb", type=int, required=True)
    s.add_argument("--manifest", required=True)
    s = sub.add_parser("check")
    s.add_argument("--manifest", required=True)
    s.add_argument("--dlq", required=True)
    s.add_argument("--entities", required=True)
    s.add_argument("--input-topic", required=True)
    s.add_argument("--timeout", type=float, default=60.0)
    s.add_argument("--allow-dups", action="store_true",
                   help="the same outcome more than once is no problem (at-least-once replays)")
    a = ap.parse_args()
    if not a.bootstrap:
        ap.error("no bootstrap servers (-b or CLAIMWIRE_BOOTSTRAP_SERVERS)")
    return {"produce": cmd_produce, "big": cmd_big, "check": cmd_check}[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
