#!/usr/bin/python3
"""consuming_check.py - checks the recipes of schemas/CONSUMING.md that cannot run here (no
ClickHouse, ksqlDB or Kafka Connect on this machine) against the Avro schemas, so that a renamed
or retyped field, a broken statement or a broken JSON file fails a test. Used by
test_consuming_files.sh.

    consuming_check.py --schemas DIR --recipes DIR --doc FILE

- every *.json parses (python json); Kafka Connect configs: the topic is an output topic, values
  through io.confluent.connect.avro.AvroConverter with a registry URL, keys through the
  StringConverter; the Elasticsearch sink takes the document id from the key (claim id), the
  JDBC sink upserts by claim_id; field names they name exist in the topic's schema;
- every *.sql splits into statements: outside quotes and comments, parentheses balance, quotes
  close, and every statement ends with ';';
- ClickHouse (clickhouse_*.sql): each Kafka engine table reads an output topic in its file's
  format; its columns are fields of that topic's record with types that read them (records as
  Tuples naming every field in schema order, arrays as Arrays, unions with null as Nullable or a
  Tuple); each materialized view reads columns its Kafka table has, tupleElement names fields of
  the tuple it reads, and writes exactly the columns of its destination table in
  clickhouse_tables.sql; both formats' views are the same text;
- ksqlDB (ksqldb.sql): streams over the output topics with VALUE_FORMAT 'AVRO' and a declared
  key; every column and `a->b` path in the derived streams and tables resolves in the schema;
- the doc names every recipe file and every recipe file it names exists.
Prints what it checked; exits 1 with every problem found.
"""
import argparse
import glob
import json
import os
import re
import sys

TOPICS = {"claimwire.claims": "claims.avsc", "claimwire.entities": "entities.avsc"}
problems = []


def problem(where, what):
    problems.append("%s: %s" % (where, what))


# ---- Avro -------------------------------------------------------------------------------

def load_schemas(d):
    out = {}
    for topic, fname in TOPICS.items():
        with open(os.path.join(d, fname), encoding="utf-8") as f:
            schema = json.load(f)
        named = {}

        def walk(t):
            if isinstance(t, dict):
                if t.get("type") in ("record", "enum", "fixed"):
                    named[t["name"]] = t
                for fl in t.get("fields", []):
                    walk(fl["type"])
                if t.get("type") == "array":
                    walk(t["items"])
            elif isinstance(t, list):
                for x in t:
                    walk(x)
        walk(schema)
        out[topic] = (schema, named)
    return out


def resolve(t, named):
    """Named references replaced by their definition; a logical type by its dict."""
    if isinstance(t, str) and t in named:
        return named[t]
    return t


def unnull(t, named):
    """(type without null, nullable) for a union ["null", T]."""
    if isinstance(t, list):
        rest = [x for x in t if x != "null"]
        if len(rest) == 1:
            return resolve(rest[0], named), len(rest) < len(t)
    return resolve(t, named), False


def fields(rec):
    return [(f["name"], f["type"]) for f in rec.get("fields", [])]


def kind(t):
    if isinstance(t, dict):
        if t.get("type") in ("record", "enum", "array"):
            return t["type"]
        return t.get("type")   # a primitive with a logical type
    return t


# ---- SQL text ---------------------------------------------------------------------------

def statements(path):
    """Statements of an SQL file, comments removed; problems for unbalanced text."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out, cur, depth, i, quote, line = [], [], 0, 0, None, 1
    while i < len(text):
        c = text[i]
        if c == "\n":
            line += 1
        if quote:
            cur.append(c)
            if c == "\\" and quote == "'":
                cur.append(text[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        elif c in "'`\"":
            quote = c
            cur.append(c)
        elif c == "(":
            depth += 1
            cur.append(c)
        elif c == ")":
            depth -= 1
            if depth < 0:
                problem(path, "line %d: ')' without '('" % line)
                depth = 0
            cur.append(c)
        elif c == ";":
            if depth:
                problem(path, "line %d: ';' inside parentheses" % line)
                depth = 0
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if quote:
        problem(path, "unterminated %s quote" % quote)
    if depth:
        problem(path, "unbalanced parentheses at the end")
    if "".join(cur).strip():
        problem(path, "text after the last ';' (a statement without ';'?): %r" %
                "".join(cur).strip()[:60])
    if not out:
        problem(path, "no statement")
    for st in out:
        heads = re.findall(r"^\s*(CREATE|SELECT|INSERT|DROP)\b", st, re.M)
        if heads.count("CREATE") + (heads.count("SELECT") if heads[:1] == ["SELECT"] else 0) > 1:
            problem(path, "two statements run together (a missing ';'?): %s" % st[:60])
    return out


def split_top(s, sep=","):
    """Splits at sep outside parentheses and quotes."""
    parts, cur, depth, quote = [], [], 0, None
    for c in s:
        if quote:
            quote = None if c == quote else quote
        elif c in "'`\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(c)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def paren_body(s, start):
    """The text inside the parentheses that open at s[start]."""
    depth = 0
    for j in range(start, len(s)):
        depth += {"(": 1, ")": -1}.get(s[j], 0)
        if depth == 0:
            return s[start + 1:j], j
    raise ValueError("unbalanced")


def unquote(name):
    return name.strip().strip("`\"")


# ---- ClickHouse -------------------------------------------------------------------------

CH_SCALARS = {"string": {"String"}, "enum": {"String"}, "int": {"Int32", "Int64"},
              "long": {"Int64"}, "double": {"Float64"}, "boolean": {"Bool", "UInt8"}}


def ch_type_ok(where, ch, avro, named):
    """Problems when ClickHouse type ch cannot hold Avro type avro."""
    ch = ch.strip()
    avro, nullable = unnull(avro, named)
    m = re.fullmatch(r"Nullable\((.*)\)", ch, re.S)
    if m:
        if not nullable:
            problem(where, "Nullable for a field that is never null")
        ch = m.group(1).strip()
    k = kind(avro)
    if k == "record":
        m = re.fullmatch(r"Tuple\((.*)\)", ch, re.S)
        if not m:
            problem(where, "record %s read as %s, not a Tuple" % (avro["name"], ch))
            return
        elems = [e.split(None, 1) for e in split_top(m.group(1))]
        names = [unquote(e[0]) for e in elems]
        want = [n for n, _ in fields(avro)]
        if names != want:
            problem(where, "Tuple names %s, record %s has %s" % (names, avro["name"], want))
            return
        for (n, t), (_, at) in zip([(unquote(e[0]), e[1]) for e in elems], fields(avro)):
            ch_type_ok(where + "." + n, t, at, named)
    elif k == "array":
        m = re.fullmatch(r"Array\((.*)\)", ch, re.S)
        if not m:
            problem(where, "array read as %s" % ch)
            return
        ch_type_ok(where + "[]", m.group(1), resolve(avro["items"], named), named)
    else:
        if k not in CH_SCALARS or ch not in CH_SCALARS[k]:
            problem(where, "Avro %s read as %s" % (k, ch))


def check_clickhouse(path, schemas, tables, fmt):
    queues, views = {}, []
    for st in statements(path):
        m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\(", st)
        if m and re.search(r"ENGINE\s*=\s*Kafka\b", st):
            body, end = paren_body(st, m.end() - 1)
            settings = dict(re.findall(r"(\w+)\s*=\s*'([^']*)'", st[end:]))
            topic = settings.get("kafka_topic_list")
            where = "%s: %s" % (os.path.basename(path), m.group(1))
            if topic not in schemas:
                problem(where, "kafka_topic_list %r is not an output topic" % topic)
                continue
            if settings.get("kafka_format") != fmt:
                problem(where, "kafka_format %r, expected %s" % (settings.get("kafka_format"), fmt))
            if fmt == "AvroConfluent" and "format_avro_schema_registry_url" not in settings:
                problem(where, "AvroConfluent without format_avro_schema_registry_url")
            schema, named = schemas[topic]
            top = dict(fields(schema))
            cols = {}
            for col in split_top(body):
                name, typ = col.split(None, 1)
                name = unquote(name)
                cols[name] = typ
                if name not in top:
                    problem(where, "column %s is not a field of %s" % (name, schema["name"]))
                else:
                    ch_type_ok("%s.%s" % (where, name), typ, top[name], named)
            queues[m.group(1)] = (cols, topic)
            continue
        m = re.match(r"CREATE MATERIALIZED VIEW (?:IF NOT EXISTS )?(\w+) TO (\w+) AS\s+SELECT(.*)"
                     r"\bFROM (\w+) AS (\w+)(.*)$", st, re.S)
        if m:
            views.append(st)
            check_view(path, m, queues, tables, schemas)
            continue
        problem(path, "unexpected statement: %s" % st[:60])
    if len(queues) != 2 or len(views) != 2:
        problem(path, "%d Kafka tables and %d views, expected one of each a topic" %
                (len(queues), len(views)))
    return views


def ch_tuple_fields(typ):
    """Element names and types of a ClickHouse Tuple type (after Nullable/Array)."""
    typ = typ.strip()
    m = re.fullmatch(r"(?:Nullable|Array)\((.*)\)", typ, re.S)
    if m:
        return ch_tuple_fields(m.group(1))
    m = re.fullmatch(r"Tuple\((.*)\)", typ, re.S)
    if not m:
        return {}
    return {unquote(e.split(None, 1)[0]): e.split(None, 1)[1] for e in split_top(m.group(1))}


def check_view(path, m, queues, tables, schemas):
    name, dest, select, src, alias, rest = m.groups()
    where = "%s: %s" % (os.path.basename(path), name)
    if src not in queues:
        problem(where, "reads %s, not a Kafka table of this file" % src)
        return
    cols, _ = queues[src]
    if dest not in tables:
        problem(where, "writes %s, not a table of clickhouse_tables.sql" % dest)
        return
    text = select + rest
    for ref in re.findall(r"\b%s\.(\w+)" % alias, text):
        if ref not in cols:
            problem(where, "%s.%s is not a column of %s" % (alias, ref, src))
    # Names bound to the elements of an array column: ARRAY JOIN q.x AS e, arrayMap(e -> .., q.x)
    bound = {}
    for col, a in re.findall(r"ARRAY JOIN %s\.(\w+) AS (\w+)" % alias, rest):
        bound[a] = col
    for a, col in re.findall(r"arrayMap\(\s*(\w+)\s*->.*?,\s*%s\.(\w+)\s*\)" % alias, select, re.S):
        bound[a] = col
    for target, fld in re.findall(r"tupleElement\(\s*([\w.]+)\s*,\s*'(\w+)'\s*\)", text):
        col = target.split(".", 1)[1] if target.startswith(alias + ".") else bound.get(target)
        if col not in cols:
            problem(where, "tupleElement(%s, ...): %s is no column of %s" % (target, target, src))
            continue
        if fld not in ch_tuple_fields(cols[col]):
            problem(where, "tupleElement(%s, '%s'): no such element in %s" % (target, fld, col))
    outs = [re.split(r"\s+AS\s+", item)[-1].strip() for item in split_top(select)]
    if set(outs) != set(tables[dest]) or len(outs) != len(set(outs)):
        problem(where, "writes %s; %s has %s" % (sorted(outs), dest, sorted(tables[dest])))


def check_clickhouse_tables(path):
    tables = {}
    for st in statements(path):
        m = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\(", st)
        if m:
            body, _ = paren_body(st, m.end() - 1)
            tables[m.group(1)] = [unquote(c.split(None, 1)[0]) for c in split_top(body)]
        elif not st.startswith("SELECT"):
            problem(path, "unexpected statement: %s" % st[:60])
    for st in statements(path):
        if st.startswith("SELECT"):
            m = re.search(r"\bFROM (\w+)", st)
            if not m or m.group(1) not in tables:
                problem(path, "example query reads no table of the file: %s" % st[:60])
                continue
            known = set(tables[m.group(1)])
            for ident in re.findall(r"\bWHERE (\w+)|\bBY (\w+)|\((\w+)\)", st):
                for x in ident:
                    if x and not x.isupper() and x not in known and x not in ("hour", "articles"):
                        problem(path, "example query: %s is no column of %s" % (x, m.group(1)))
    return tables


# ---- ksqlDB -----------------------------------------------------------------------------

def check_ksqldb(path, schemas):
    streams = {}   # name -> {column (upper): Avro type or None for the key}
    for st in statements(path):
        where = "%s: %s" % (os.path.basename(path), st.split("(")[0].split(" AS")[0][:60])
        m = re.match(r"CREATE STREAM (?:IF NOT EXISTS )?(\w+) \((\w+) STRING KEY\)\s*WITH \((.*)\)$",
                     st, re.S)
        if m:
            props = {k.upper(): v for k, v in re.findall(r"(\w+)\s*=\s*'([^']*)'", m.group(3))}
            topic = props.get("KAFKA_TOPIC")
            if topic not in schemas:
                problem(where, "KAFKA_TOPIC %r is not an output topic" % topic)
                continue
            if props.get("VALUE_FORMAT") != "AVRO" or props.get("KEY_FORMAT") != "KAFKA":
                problem(where, "VALUE_FORMAT must be 'AVRO' and KEY_FORMAT 'KAFKA': %r" % props)
            schema, named = schemas[topic]
            cols = {n.upper(): (t, named) for n, t in fields(schema)}
            cols[m.group(2).upper()] = ("string", named)
            streams[m.group(1).upper()] = cols
            continue
        m = re.match(r"CREATE (STREAM|TABLE) (?:IF NOT EXISTS )?(\w+) AS\s+SELECT(.*?)\bFROM (\w+)(.*)$",
                     st, re.S)
        if not m:
            problem(where, "unexpected statement")
            continue
        _, name, select, src, rest = m.groups()
        if src.upper() not in streams:
            problem(where, "reads %s, not a stream defined before" % src)
            continue
        cols = streams[src.upper()]
        if not re.search(r"\bEMIT CHANGES\s*$", rest):
            problem(where, "a persistent query without EMIT CHANGES")
        out = {}

        def path_type(expr):
            parts = [p.strip().upper() for p in expr.split("->")]
            if parts[0] not in cols:
                problem(where, "%s is not a column of %s" % (parts[0].lower(), src))
                return None
            t, named = cols[parts[0]]
            for p in parts[1:]:
                t, _ = unnull(resolve(t, named), named)
                flds = {n.upper(): ft for n, ft in fields(t)} if kind(t) == "record" else {}
                if p not in flds:
                    problem(where, "%s: no field %s" % (expr, p.lower()))
                    return None
                t = flds[p]
            return (t, named)

        for p in re.findall(r"\b\w+(?:\s*->\s*\w+)+", select + rest):
            path_type(p)
        for item in split_top(select):
            m2 = re.fullmatch(r"(.*?)(?:\s+AS\s+(\w+))?", item.strip(), re.S)
            expr, alias = m2.group(1).strip(), m2.group(2)
            if re.fullmatch(r"\w+(\s*->\s*\w+)*", expr):
                t = path_type(expr)
                out[(alias or expr).upper()] = t
            elif re.fullmatch(r"EXPLODE\((\w+)\)", expr):
                t = path_type(expr[8:-1])
                if t:
                    arr, named = t
                    arr, _ = unnull(resolve(arr, named), named)
                    if kind(arr) != "array":
                        problem(where, "EXPLODE of %s, not an array" % expr[8:-1])
                    else:
                        out[(alias or "KSQL_COL").upper()] = (arr["items"], named)
            else:
                out[(alias or "KSQL_COL").upper()] = None
        streams[name.upper()] = out
    return streams


# ---- Kafka Connect ----------------------------------------------------------------------

def check_connect(path, schemas):
    where = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except ValueError as e:
            problem(where, "not JSON: %s" % e)
            return
    if not os.path.basename(path).startswith("connect-"):
        return
    c = doc.get("config", {})
    topic = c.get("topics")
    if topic not in schemas:
        problem(where, "topics %r is not an output topic" % topic)
        return
    schema, _ = schemas[topic]
    top = [n for n, _ in fields(schema)]
    if c.get("value.converter") != "io.confluent.connect.avro.AvroConverter" or \
            not c.get("value.converter.schema.registry.url"):
        problem(where, "values must go through AvroConverter with a registry URL")
    if c.get("key.converter") != "org.apache.kafka.connect.storage.StringConverter":
        problem(where, "keys are plain UTF-8 strings: StringConverter")
    cls = c.get("connector.class", "")
    if cls.endswith("ElasticsearchSinkConnector"):
        if c.get("key.ignore") != "false" or c.get("write.method") != "upsert":
            problem(where, "document id from the key (claim id): key.ignore false, upsert")
    elif cls.endswith("JdbcSinkConnector"):
        if c.get("insert.mode") != "upsert" or c.get("pk.fields") != "claim_id":
            problem(where, "upsert by claim_id expected")
        if c.get("pk.mode") == "record_value" and "claim_id" not in top:
            problem(where, "pk claim_id is not a field")
    else:
        problem(where, "unknown connector %r" % cls)
    for k, v in c.items():
        if k.endswith(".exclude") or k.endswith(".include") or k.endswith(".blacklist"):
            for n in v.split(","):
                if n.strip() not in top:
                    problem(where, "%s names %s, not a field of %s" % (k, n, schema["name"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--recipes", required=True)
    ap.add_argument("--doc", required=True)
    a = ap.parse_args()
    schemas = load_schemas(a.schemas)
    files = sorted(glob.glob(os.path.join(a.recipes, "*")))
    names = [os.path.basename(f) for f in files]
    checked = []
    for f in files:
        if f.endswith(".json"):
            check_connect(f, schemas)
            checked.append(os.path.basename(f))
    tables = check_clickhouse_tables(os.path.join(a.recipes, "clickhouse_tables.sql"))
    views = {}
    for f, fmt in (("clickhouse_confluent.sql", "AvroConfluent"), ("clickhouse_json.sql", "JSONEachRow")):
        views[f] = check_clickhouse(os.path.join(a.recipes, f), schemas, tables, fmt)
    if views["clickhouse_confluent.sql"] != views["clickhouse_json.sql"]:
        problem("clickhouse_*.sql", "the materialized views of the two formats differ")
    streams = check_ksqldb(os.path.join(a.recipes, "ksqldb.sql"), schemas)
    checked += ["clickhouse_tables.sql", "clickhouse_confluent.sql", "clickhouse_json.sql",
                "ksqldb.sql"]
    for f in names:
        if f.endswith(".sql") and f not in checked:
            statements(os.path.join(a.recipes, f))
            checked.append(f)
    with open(a.doc, encoding="utf-8") as f:
        doc = f.read()
    for n in names:
        if "consuming/" + n not in doc:
            problem(os.path.basename(a.doc), "does not mention consuming/%s" % n)
    for n in set(re.findall(r"consuming/([\w.-]+\.\w+)", doc)):
        if n not in names:
            problem(os.path.basename(a.doc), "names consuming/%s, which does not exist" % n)
    print(json.dumps({"checked": checked, "clickhouse_tables": sorted(tables),
                      "ksqldb_streams": sorted(s.lower() for s in streams),
                      "problems": problems}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
