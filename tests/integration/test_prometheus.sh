# test_prometheus.sh - the worker's HTTP endpoint as Prometheus sees it: /healthz and /readyz
# answer 200 once the worker has its partitions, `promtool check metrics` finds no problem in
# /metrics (idle, and again after work with histograms and consumer-lag samples), and a real
# Prometheus server (Debian's prometheus package) scraping the worker every second, with the
# shipped alerting rules (deploy/prometheus/alerts.yml) loaded, sees up == 1, the processed
# counter equal to the number of articles produced, a finite extraction-latency quantile, every
# rule evaluating without error, and up == 0 once the worker has stopped.
#
# Ports: the worker listens on 127.0.0.1:0 and logs the port the kernel chose; Prometheus gets a
# port the kernel reported free and is restarted on another if that one was taken meanwhile.
. "$(dirname "$0")/lib.sh"
cw_setup "$@" 300

command -v promtool >/dev/null || fail "promtool not found (apt-get install prometheus)"
command -v prometheus >/dev/null || fail "prometheus not found (apt-get install prometheus)"

# ---- small HTTP and Prometheus API client (Python's standard library only) -------------------
PROM_PY="$CW_TMP/prom_client.py"
cat >"$PROM_PY" <<'EOF'
"""prom_client.py MODE ... - what the shell cannot do well: HTTP with a timeout, JSON.
  freeport                     a loopback TCP port the kernel reports free
  status URL                   prints the HTTP status (000 when there is no answer)
  get URL                      prints the body of a 200 answer, exits 1 otherwise
  value BASE EXPR [--eq X | --positive]
                               instant query; prints the value of the single result, exits 1
                               when there is not exactly one result or the condition fails
                               (--positive: a finite number > 0)
  flag BASE NAME               prints the value of Prometheus' command-line flag NAME
  rules BASE                   exits 0 when every loaded rule has health "ok"; prints a summary
"""
import json
import math
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 5


def fetch(url):
    with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
        return r.status, r.read()


def api(base, path, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    status, body = fetch(url)
    doc = json.loads(body)
    if status != 200 or doc.get("status") != "success":
        raise SystemExit("%s: %s" % (url, body[:300]))
    return doc["data"]


def main(argv):
    mode = argv[1]
    if mode == "freeport":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
        return 0
    if mode == "status":
        try:
            status, _ = fetch(argv[2])
        except urllib.error.HTTPError as e:
            status = e.code
        except (OSError, ValueError):
            status = 0
        print("%03d" % status)
        return 0
    if mode == "get":
        status, body = fetch(argv[2])
        sys.stdout.buffer.write(body)
        return 0 if status == 200 else 1
    if mode == "value":
        base, expr, cond = argv[2], argv[3], argv[4:]
        data = api(base, "/api/v1/query", query=expr)
        if data["resultType"] == "scalar":
            values = [data["result"][1]]
        else:
            values = [r["value"][1] for r in data["result"]]
        if len(values) != 1:
            print("%d results" % len(values))
            return 1
        print(values[0])
        v = float(values[0])
        if cond[:1] == ["--eq"]:
            return 0 if v == float(cond[1]) else 1
        if cond[:1] == ["--positive"]:
            return 0 if math.isfinite(v) and v > 0 else 1
        return 0
    if mode == "flag":
        print(api(argv[2], "/api/v1/status/flags").get(argv[3], ""))
        return 0
    if mode == "rules":
        rules = [r for g in api(argv[2], "/api/v1/rules")["groups"] for r in g["rules"]]
        bad = ["%s: %s %s" % (r["name"], r.get("health"), r.get("lastError", ""))
               for r in rules if r.get("health") != "ok"]
        print("%d rules, not ok: %s" % (len(rules), "; ".join(bad) or "none"))
        return 0 if rules and not bad else 1
    raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, KeyError) as e:  # no answer yet, not JSON, odd shape
        print("error: %s" % e)
        sys.exit(1)
EOF
pc() { "$CW_PY" "$PROM_PY" "$@"; }

http_status_is() { [ "$(pc status "$1")" = "$2" ]; }

# prom_value EXPR [--eq X | --positive]: the value of an instant query (see prom_client.py).
prom_value() { pc value "$PROM_URL" "$@"; }

# promtool_check NAME: saves /metrics as $CW_TMP/NAME.prom and lints it with promtool.
promtool_check() {
  local f="$CW_TMP/$1.prom" out rc
  pc get "$W_URL/metrics" >"$f" || fail "GET /metrics failed: $(head -c 300 "$f")"
  out=$(promtool check metrics <"$f" 2>&1)
  rc=$?
  [ "$rc" -eq 0 ] && [ -z "$out" ] ||
    fail "promtool check metrics ($1, exit $rc): $out (metrics in $f)"
  log "promtool check metrics ($1): no problems in $(grep -vc '^#' "$f") samples"
}

# metrics_has REGEX: the worker's /metrics has a line matching the extended REGEX.
# (No pipe into grep -q: with pipefail an early grep exit could fail the writer.)
metrics_has() {
  local body
  body=$(pc get "$W_URL/metrics") || return 1
  grep -Eq -- "$1" <<<"$body"
}

# ---- broker and worker -----------------------------------------------------------------------
cw_write_config
cw_start_broker
# Port 0: the kernel picks a free port, the worker logs it. Statistics every second so that the
# consumer-lag gauge gets samples during the test.
cw_start_worker w1 CLAIMWIRE_WORKER_HTTP_LISTEN=127.0.0.1:0 CLAIMWIRE_WORKER_STATS_INTERVAL_MS=1000
cw_wait_worker_started w1
PORT_RE='s/.*HTTP \/metrics \/healthz \/readyz on port \([0-9][0-9]*\).*/\1/p'
wait_for 30 "worker HTTP port logged" grep -q "HTTP /metrics /healthz /readyz on port [1-9]" \
  "$CW_TMP/w1.log" || fail "the worker did not log its HTTP port"
W_PORT=$(sed -n "$PORT_RE" "$CW_TMP/w1.log" | head -n 1)
W_URL="http://127.0.0.1:$W_PORT"
log "worker HTTP on $W_URL"

wait_for 60 "/healthz 200" http_status_is "$W_URL/healthz" 200 ||
  fail "/healthz answers $(pc status "$W_URL/healthz")"
wait_for 60 "/readyz 200 (partitions assigned)" http_status_is "$W_URL/readyz" 200 ||
  fail "/readyz answers $(pc status "$W_URL/readyz")"
metrics_has '^claimwire_assigned_partitions [1-9]' ||
  fail "ready but no partition assigned: $(pc get "$W_URL/metrics" | grep assigned_partitions)"
metrics_has '^claimwire_ready 1$' || fail "/readyz is 200 but claimwire_ready is not 1"
http_status_is "$W_URL/nonexistent" 404 || fail "an unknown path does not answer 404"
promtool_check metrics-idle

# ---- Prometheus --------------------------------------------------------------------------------
PROM_CFG="$CW_TMP/prometheus.yml"
cat >"$PROM_CFG" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $CW_SOURCE_DIR/deploy/prometheus/alerts.yml
scrape_configs:
  - job_name: claimwire
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$W_PORT"]
EOF
promtool check config "$PROM_CFG" >"$CW_TMP/promtool-config.out" 2>&1 ||
  fail "promtool check config: $(cat "$CW_TMP/promtool-config.out")"

prom_ready_or_dead() {
  ! kill -0 "$PROM_PID" 2>/dev/null || http_status_is "$PROM_URL/-/ready" 200
}

# Starts Prometheus on a free port; another port if it lost the race for that one.
PROM_PID=
for attempt in 1 2 3 4 5; do
  P_PORT=$(pc freeport) || fail "no free port"
  PROM_URL="http://127.0.0.1:$P_PORT"
  echo "=== attempt $attempt: port $P_PORT" >>"$CW_TMP/prometheus.log"
  log_from=$(wc -l <"$CW_TMP/prometheus.log")
  prometheus --config.file="$PROM_CFG" --storage.tsdb.path="$CW_TMP/prometheus-data" \
    --web.listen-address="127.0.0.1:$P_PORT" --log.level=info >>"$CW_TMP/prometheus.log" 2>&1 &
  PROM_PID=$!
  CW_CHILD_PIDS+=("$PROM_PID")
  wait_for 90 "prometheus ready or exited (port $P_PORT)" prom_ready_or_dead ||
    fail "prometheus is not ready after 90 s"
  # Make sure the server answering is ours and not another process that took the port.
  if kill -0 "$PROM_PID" 2>/dev/null &&
    [ "$(pc flag "$PROM_URL" storage.tsdb.path)" = "$CW_TMP/prometheus-data" ]; then
    break
  fi
  cw_stop_pid "$PROM_PID" 10
  awk -v from="$log_from" 'NR > from && /address already in use/ { f = 1 } END { exit !f }' \
    "$CW_TMP/prometheus.log" ||
    fail "prometheus exited during startup"
  log "port $P_PORT was taken meanwhile, trying another"
  PROM_PID=
done
[ -n "$PROM_PID" ] || fail "prometheus could not get a free port in 5 attempts"
log "prometheus pid $PROM_PID on $PROM_URL"

wait_for 60 'up{job="claimwire"} == 1' prom_value 'up{job="claimwire"}' --eq 1 ||
  fail "up{job=\"claimwire\"} is $(prom_value 'up{job="claimwire"}'); targets: $(pc get "$PROM_URL/api/v1/targets")"
# A sample of 0 before any article makes rate() over the histogram see the whole increase.
wait_for 30 "processed counter scraped at 0" \
  prom_value 'claimwire_messages_processed_total{job="claimwire"}' --eq 0 ||
  fail "no processed counter at 0: $(prom_value 'claimwire_messages_processed_total{job="claimwire"}')"

# ---- articles ----------------------------------------------------------------------------------
cw_produce "$CW_TEST_DATA/articles"
N=$(cw_topic_count articles) || fail "cannot count the input topic"
[ "$N" -gt 0 ] || fail "nothing was produced"
log "produced $N fixture articles"

wait_for 120 "worker: $N processed" metrics_has "^claimwire_messages_processed_total $N\$" ||
  fail "the worker's own counter: $(pc get "$W_URL/metrics" | grep '^claimwire_messages_')"
wait_for 60 "prometheus: processed == $N" \
  prom_value 'claimwire_messages_processed_total{job="claimwire"}' --eq "$N" ||
  fail "prometheus has processed = $(prom_value 'claimwire_messages_processed_total{job="claimwire"}'), expected $N"
wait_for 30 "prometheus: consumed == $N and $N extraction observations" eval \
  "prom_value 'claimwire_messages_consumed_total{job=\"claimwire\"}' --eq $N &&
   prom_value 'claimwire_extract_seconds_count{job=\"claimwire\"}' --eq $N" ||
  fail "consumed = $(prom_value 'claimwire_messages_consumed_total{job="claimwire"}'), extraction count = $(prom_value 'claimwire_extract_seconds_count{job="claimwire"}'), expected $N"
# (Polled like every query: a scrape that times out on a loaded machine makes the series stale
# until the next one.)
wait_for 30 "prometheus: no dead letters" \
  prom_value 'sum(claimwire_dead_letters_total{job="claimwire"})' --eq 0 ||
  fail "dead letters: $(prom_value 'sum(claimwire_dead_letters_total{job="claimwire"})')"

# The dashboard's and the alert's form of the query (deploy/grafana, deploy/prometheus).
Q90='histogram_quantile(0.9, sum by (le) (rate(claimwire_extract_seconds_bucket{job="claimwire"}[5m])))'
wait_for 30 "extraction p90 is a number" prom_value "$Q90" --positive ||
  fail "$Q90 = $(prom_value "$Q90")"
log "extraction p90 over the test: $(prom_value "$Q90") s"

# Once librdkafka's statistics have reported the partitions, lint /metrics again: now with
# histogram counts and labelled lag samples.
wait_for 30 "consumer-lag samples in /metrics" metrics_has '^claimwire_consumer_lag\{' ||
  fail "no claimwire_consumer_lag sample after 30 s"
promtool_check metrics-busy
wait_for 30 "prometheus has consumer-lag series" prom_value \
  'count(claimwire_consumer_lag{job="claimwire"}) > 0' ||
  fail "no claimwire_consumer_lag series in prometheus"

# The shipped alerting rules evaluate on the real series without errors.
wait_for 30 "every alerting rule evaluates (health ok)" pc rules "$PROM_URL" ||
  fail "rules: $(pc rules "$PROM_URL")"
log "rules: $(pc rules "$PROM_URL")"

http_status_is "$W_URL/healthz" 200 || fail "/healthz answers $(pc status "$W_URL/healthz") after the work"
http_status_is "$W_URL/readyz" 200 || fail "/readyz answers $(pc status "$W_URL/readyz") after the work"

# ---- stop: a clean exit, and Prometheus notices the target is gone -----------------------------
cw_stop_worker w1 60
[ "$CW_EXIT" = 0 ] || fail "the worker exited $CW_EXIT on SIGTERM"
wait_for 30 'up{job="claimwire"} == 0 after the stop' prom_value 'up{job="claimwire"}' --eq 0 ||
  fail "up{job=\"claimwire\"} is $(prom_value 'up{job="claimwire"}') after the worker stopped"
cw_pass
