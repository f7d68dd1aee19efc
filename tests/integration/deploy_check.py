#!/usr/bin/python3
"""deploy_check.py - static checks of the deployment artifacts in deploy/.

Usage: deploy_check.py --src REPO --deploy DEPLOY_DIR --bin CLAIMWIRE

Checks what can be checked without a container engine or a cluster: every file parses, the
files agree with each other and with the code (config keys, topic and group names, metric
names, ports, shutdown timeouts, libraries the binary links), the shipped configurations pass
`claimwire config check`, and the Prometheus and systemd tools accept their files. Prints one
line per check and exits with the number of failed checks (0 = all passed).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

FAILS = []
PASSES = []


def check(cond, what, detail=""):
    if cond:
        PASSES.append(what)
        print(f"ok:   {what}")
    else:
        FAILS.append(what)
        print(f"FAIL: {what}" + (f": {detail}" if detail else ""))
    return cond


def run(cmd, env=None, cwd=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    return p.returncode, p.stdout + p.stderr


def load_yaml_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


# ---- the code's side: metric names, config values -------------------------------------------

def known_metrics(src):
    """Metric names the worker exports (worker/metrics.c), with histogram series suffixes."""
    text = open(os.path.join(src, "worker/metrics.c"), encoding="utf-8").read()
    names = set(re.findall(r"\b(claimwire_[a-z0-9_]+)", text))
    hist = set()
    for line in text.splitlines():
        if "[CW_H_" in line:
            hist.update(re.findall(r'"(claimwire_[a-z0-9_]+)"', line))
    for h in hist:
        names.update({h + "_bucket", h + "_sum", h + "_count"})
    return names, hist


def cfg_value(text, key):
    m = re.search(r"^\s*%s\s*=\s*(\"([^\"]*)\"|[0-9]+)\s*;" % re.escape(key), text, re.M)
    if not m:
        return None
    return m.group(2) if m.group(2) is not None else int(m.group(1))


def config_check(binary, path, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}
    env.update(extra_env or {})
    return run([binary, "config", "check", "-c", path], env=env)


def promql_metrics(expr):
    return set(re.findall(r"\b(claimwire_[a-z0-9_]+)", expr))


# ---- Dockerfile -------------------------------------------------------------------------------

def parse_dockerfile(path):
    """Returns [(instruction, args, line)] with continuations joined and comments dropped."""
    out, buf, start = [], "", 0
    for n, raw in enumerate(open(path, encoding="utf-8").read().splitlines(), 1):
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if buf and line.startswith("#"):
            continue
        if not buf:
            start = n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        parts = buf.split(None, 1)
        out.append((parts[0].upper(), parts[1] if len(parts) > 1 else "", start))
        buf = ""
    return out


def apt_packages(run_args):
    m = re.search(r"apt-get install ([^&;]*)", run_args)
    if not m:
        return set()
    return {w for w in m.group(1).split() if not w.startswith("-")}


def pkg_of_file(path):
    """The Debian package owning @path (tried as given, resolved, and across the /usr merge)."""
    real = os.path.realpath(path)
    for p in (path, real, re.sub(r"^/usr/lib/", "/lib/", real)):
        rc, out = run(["dpkg", "-S", p])
        if rc == 0:
            return out.split(":", 1)[0].strip()
    return None


def find_shared_lib(name, libdir):
    """Path of lib<name>.so as the linker finds it."""
    if libdir and os.path.exists(os.path.join(libdir, f"lib{name}.so")):
        return os.path.join(libdir, f"lib{name}.so")
    rc, out = run(["cc", f"-print-file-name=lib{name}.so"])
    return out.strip() if rc == 0 else None


def check_dockerfile(src, deploy, binary):
    path = os.path.join(deploy, "Dockerfile")
    if not check(os.path.isfile(path), "Dockerfile exists"):
        return
    ins = parse_dockerfile(path)
    known = {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "HEALTHCHECK",
             "ENTRYPOINT", "CMD", "LABEL", "STOPSIGNAL", "VOLUME", "SHELL", "ONBUILD"}
    bad = [f"line {n}: {i}" for i, _, n in ins if i not in known]
    check(not bad, "Dockerfile: every instruction is a Dockerfile instruction", ", ".join(bad))
    stages, cur = [], None
    for i, a, n in ins:
        if i == "FROM":
            cur = {"from": a, "ins": []}
            stages.append(cur)
        elif cur is not None:
            cur["ins"].append((i, a, n))
    check(ins and ins[0][0] == "FROM", "Dockerfile: starts with FROM")
    if not check(len(stages) >= 2, "Dockerfile: multi-stage (build and runtime)"):
        return
    build, final = stages[0], stages[-1]
    check(re.match(r"debian:12\s+AS\s+build$", build["from"], re.I) is not None,
          "Dockerfile: build stage is debian:12 AS build", build["from"])
    check(final["from"].strip() == "debian:12-slim", "Dockerfile: runtime stage is debian:12-slim",
          final["from"])

    # COPY sources from the build context (the repository root) must exist.
    missing = []
    for st in stages:
        for i, a, n in st["ins"]:
            if i not in ("COPY", "ADD") or "--from=" in a:
                continue
            words = [w for w in a.split() if not w.startswith("--")]
            for s in words[:-1]:
                if not glob.glob(os.path.join(src, s)):
                    missing.append(f"line {n}: {s}")
    check(not missing, "Dockerfile: every COPY source exists in the build context",
          ", ".join(missing))

    # The build stage must copy every directory the top-level CMakeLists.txt adds (but tests).
    top = open(os.path.join(src, "CMakeLists.txt"), encoding="utf-8").read()
    subdirs = [d for d in re.findall(r"add_subdirectory\(\s*([^\s)]+)", top) if d != "tests"]
    copied = [a.split()[0].rstrip("/") for i, a, _ in build["ins"] if i == "COPY"]
    uncovered = [d for d in subdirs
                 if not any(d == c or d.startswith(c + "/") for c in copied)]
    check(not uncovered, "Dockerfile: build stage copies every CMake subdirectory",
          ", ".join(uncovered))
    build_runs = " ".join(a for i, a, _ in build["ins"] if i == "RUN")
    check("-DCW_BUILD_TESTS=OFF" in build_runs and "cmake --build" in build_runs,
          "Dockerfile: build stage runs the CMake build")

    # Libraries: every pkg-config module of CMakeLists.txt has its -dev package in the build
    # stage and its shared library's package in the runtime stage.
    build_pk = set().union(*(apt_packages(a) for i, a, _ in build["ins"] if i == "RUN"))
    final_pk = set().union(*(apt_packages(a) for i, a, _ in final["ins"] if i == "RUN"))
    for mod in re.findall(r"pkg_check_modules\(\s*\w+\s+REQUIRED\s+IMPORTED_TARGET\s+([\w-]+)", top):
        rc, pc = run(["pkg-config", "--variable=pcfiledir", mod])
        dev = pkg_of_file(os.path.join(pc.strip(), mod + ".pc")) if rc == 0 else None
        check(dev in build_pk, f"Dockerfile: build stage installs {dev or mod} (pkg-config {mod})",
              f"build stage has {sorted(build_pk)}")
        rc, libs = run(["pkg-config", "--libs-only-l", "--libs-only-L", mod])
        rc2, libdir = run(["pkg-config", "--variable=libdir", mod])
        runtime = None
        for lib in re.findall(r"-l(\S+)", libs):
            so = find_shared_lib(lib, libdir.strip())
            runtime = pkg_of_file(os.path.realpath(so)) if so else None
            break
        check(runtime in final_pk, f"Dockerfile: runtime stage installs {runtime or mod}",
              f"runtime stage has {sorted(final_pk)}")
    # And what the binary actually links (NEEDED), beyond the C library.
    rc, out = run(["readelf", "-d", binary])
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
    rc, ldd = run(["ldd", binary])
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.M))
    for so in needed:
        pkg = pkg_of_file(paths.get(so, so))
        if pkg in ("libc6", "libgcc-s1"):
            continue
        if re.match(r"lib(a|ub|l|t)san", so):
            continue  # a sanitizer build's runtime, not a dependency of the shipped image
        check(pkg in final_pk, f"Dockerfile: runtime stage installs {pkg} for {so}",
              f"runtime stage has {sorted(final_pk)}")

    def last(name, stage=final):
        v = [a for i, a, _ in stage["ins"] if i == name]
        return v[-1] if v else None

    user = last("USER")
    check(user is not None and user.split(":")[0] not in ("0", "root"),
          "Dockerfile: runtime runs as a non-root user", str(user))
    check(last("EXPOSE") is not None and "9464" in last("EXPOSE").split(),
          "Dockerfile: EXPOSE 9464")
    hc = last("HEALTHCHECK")
    check(hc is not None and "/healthz" in hc and "9464" in hc,
          "Dockerfile: HEALTHCHECK probes /healthz on 9464", str(hc))
    try:
        ep = json.loads(last("ENTRYPOINT") or "null")
        cmd = json.loads(last("CMD") or "null")
    except json.JSONDecodeError as e:
        ep = cmd = None
        check(False, "Dockerfile: ENTRYPOINT and CMD are JSON arrays", str(e))
    check(ep == ["claimwire"], 'Dockerfile: ENTRYPOINT ["claimwire"]', str(ep))
    check(cmd == ["run", "-c", "/etc/claimwire/claimwire.cfg"],
          'Dockerfile: CMD ["run","-c","/etc/claimwire/claimwire.cfg"]', str(cmd))
    dests = {a.split()[-1] for i, a, _ in final["ins"] if i == "COPY"}
    check("/usr/bin/claimwire" in dests, "Dockerfile: the binary is installed as /usr/bin/claimwire")
    check(cmd is not None and cmd[-1] in dests, "Dockerfile: CMD's config file is copied in")
    env = " ".join(a for i, a, _ in final["ins"] if i == "ENV")
    m = re.search(r"CLAIMWIRE_WORKER_MODEL_DIR=(\S+)", env)
    check(m is not None and any(d.rstrip("/") == m.group(1).rstrip("/") for d in dests),
          "Dockerfile: CLAIMWIRE_WORKER_MODEL_DIR points at the copied models")
    hl = re.search(r"CLAIMWIRE_WORKER_HTTP_LISTEN=(\S+)", env)
    check(hl is not None and hl.group(1) == "0.0.0.0:9464",
          "Dockerfile: HTTP endpoints listen on 0.0.0.0:9464")


# ---- compose ---------------------------------------------------------------------------------

def check_compose(src, deploy, binary, cfg):
    path = os.path.join(deploy, "compose.yaml")
    try:
        docs = load_yaml_all(path)
        c = docs[0]
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        check(False, "compose.yaml parses", str(e))
        return
    check(True, "compose.yaml parses")
    svcs = c.get("services", {})
    kafka = svcs.get("kafka", {})
    kenv = kafka.get("environment", {})
    check(str(kafka.get("image", "")).startswith("apache/kafka:"), "compose: kafka uses apache/kafka")
    check("controller" in str(kenv.get("KAFKA_PROCESS_ROLES", "")) and
          "KAFKA_CONTROLLER_QUORUM_VOTERS" in kenv, "compose: kafka runs in KRaft mode")
    check(any(str(s.get("image", "")).startswith("confluentinc/cp-schema-registry")
              for s in svcs.values()), "compose: a Schema Registry service")
    for name, s in svcs.items():
        for dep in (s.get("depends_on") or {}):
            check(dep in svcs, f"compose: {name} depends on existing service {dep}")
        for v in s.get("volumes", []) or []:
            host = v.split(":")[0] if isinstance(v, str) else v.get("source", "")
            if host.startswith("."):
                check(os.path.exists(os.path.normpath(os.path.join(deploy, host))),
                      f"compose: {name} mounts existing {host}")
        b = s.get("build")
        if b:
            ctx = os.path.normpath(os.path.join(deploy, b.get("context", ".")))
            check(os.path.isfile(os.path.join(ctx, b.get("dockerfile", "Dockerfile"))),
                  f"compose: {name} builds an existing Dockerfile")
    workers = {n: s for n, s in svcs.items() if (s.get("build") or {}).get("dockerfile", "")
               .endswith("deploy/Dockerfile")}
    check(len(workers) >= 3, "compose: three or more workers", str(list(workers)))
    groups = {str(s.get("environment", {}).get("CLAIMWIRE_WORKER_GROUP_ID",
                                                cfg.get("group_id"))) for s in workers.values()}
    check(len(groups) == 1, "compose: workers share one consumer group", str(groups))
    ids = [s.get("environment", {}).get("CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID")
           for s in workers.values()]
    check(None not in ids and len(set(ids)) == len(ids),
          "compose: every worker has its own group.instance.id", str(ids))
    for n, s in workers.items():
        env = {k: str(v) for k, v in (s.get("environment") or {}).items()}
        rc, out = config_check(binary, os.path.join(src, "config/claimwire.cfg"), env)
        check(rc == 0, f"compose: {n}'s environment passes config check", out.strip())
        check(env.get("CLAIMWIRE_WORKER_HTTP_LISTEN", "0.0.0.0:9464").startswith("0.0.0.0:"),
              f"compose: {n} serves HTTP on all interfaces")
        check(int(str(s.get("stop_grace_period", "10s")).rstrip("s")) * 1000 >
              cfg.get("shutdown_timeout_ms", 30000),
              f"compose: {n} stop_grace_period exceeds worker.shutdown_timeout_ms")
    registries = [n for n, s in svcs.items()
                  if str(s.get("image", "")).startswith("confluentinc/cp-schema-registry")]
    for n, s in workers.items():
        url = str((s.get("environment") or {}).get("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL", ""))
        host = re.sub(r"^https?://([^:/]+).*$", r"\1", url)
        check(host in registries, f"compose: {n} uses the compose Schema Registry", url)
    topics_cmd = json.dumps([s.get("command") for s in svcs.values()])
    for key in ("input_topic", "entities_topic", "claims_topic", "dead_letter_topic"):
        t = cfg.get(key)
        check(t is not None and re.search(r"create\s+%s\s+\d" % re.escape(t), topics_cmd),
              f"compose: topic {t} is created")
    # Prometheus scrapes exactly the workers.
    try:
        prom = yaml.safe_load(open(os.path.join(deploy, "prometheus/prometheus.yml")))
        targets = {t for sc in prom["scrape_configs"] for st in sc.get("static_configs", [])
                   for t in st.get("targets", [])}
        check(targets == {f"{n}:9464" for n in workers}, "compose: Prometheus scrapes every worker",
              f"{sorted(targets)}")
    except Exception as e:  # noqa: BLE001
        check(False, "prometheus.yml parses", str(e))


# ---- Kubernetes -------------------------------------------------------------------------------

def check_k8s(src, deploy, binary, cfg):
    kdir = os.path.join(deploy, "k8s")
    objs = {}
    for f in sorted(glob.glob(os.path.join(kdir, "*.yaml"))):
        try:
            docs = load_yaml_all(f)
        except Exception as e:  # noqa: BLE001
            check(False, f"k8s/{os.path.basename(f)} parses", str(e))
            continue
        check(bool(docs), f"k8s/{os.path.basename(f)} parses")
        for d in docs:
            ok = isinstance(d, dict) and "apiVersion" in d and "kind" in d and (
                d.get("kind") == "Kustomization" or "name" in (d.get("metadata") or {}))
            check(ok, f"k8s/{os.path.basename(f)}: {d.get('kind') if isinstance(d, dict) else d} "
                      "has apiVersion, kind, metadata.name")
            if ok:
                objs.setdefault(d["kind"], []).append((os.path.basename(f), d))
    kust = objs.get("Kustomization", [(None, {})])[0][1]
    for r in kust.get("resources", []):
        check(os.path.isfile(os.path.join(kdir, r)), f"k8s: kustomization resource {r} exists")
    for kind in ("Deployment", "ConfigMap", "Service", "PodDisruptionBudget", "ScaledObject"):
        check(kind in objs, f"k8s: has a {kind}")
    if "Deployment" not in objs or "ConfigMap" not in objs:
        return
    dep = objs["Deployment"][0][1]
    cm = objs["ConfigMap"][0][1]
    pod = dep["spec"]["template"]
    labels = pod["metadata"]["labels"]
    check(all(labels.get(k) == v for k, v in dep["spec"]["selector"]["matchLabels"].items()),
          "k8s: Deployment selector matches its pod labels")
    ctr = pod["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in ctr.get("ports", [])}
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        g = (ctr.get(probe) or {}).get("httpGet", {})
        port = ports.get(g.get("port"), g.get("port"))
        check(g.get("path") == path and port == 9464, f"k8s: {probe} is GET {path} on 9464", str(g))

    # The ConfigMap's file: valid for the binary, and consistent with the pod.
    cfg_text = (cm.get("data") or {}).get("claimwire.cfg", "")
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as t:
        t.write(cfg_text)
    env = {e["name"]: str(e["value"]) for e in ctr.get("env", []) if "value" in e}
    rc, out = config_check(binary, t.name, env)
    os.unlink(t.name)
    check(rc == 0, "k8s: ConfigMap claimwire.cfg (with the pod's env) passes config check",
          out.strip())
    listen = cfg_value(cfg_text, "http_listen")
    check(listen is not None and listen.startswith("0.0.0.0:") and listen.endswith(":9464"),
          "k8s: ConfigMap listens on 0.0.0.0:9464", str(listen))
    stop_ms = cfg_value(cfg_text, "shutdown_timeout_ms") or 30000
    grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
    check(grace * 1000 > stop_ms, "k8s: terminationGracePeriodSeconds exceeds shutdown_timeout_ms",
          f"{grace}s vs {stop_ms}ms")
    mounts = {m["name"]: m["mountPath"] for m in ctr.get("volumeMounts", [])}
    vols = {v["name"]: v for v in pod["spec"].get("volumes", [])}
    cm_vol = [n for n, v in vols.items()
              if (v.get("configMap") or {}).get("name") == cm["metadata"]["name"]]
    args = ctr.get("args", [])
    cfg_path = args[args.index("-c") + 1] if "-c" in args else None
    check(bool(cm_vol) and cfg_path == os.path.join(mounts.get(cm_vol[0], "?"), "claimwire.cfg"),
          "k8s: the worker's -c path is the mounted ConfigMap", f"{cfg_path} {mounts}")
    sc = pod["spec"].get("securityContext", {})
    csc = ctr.get("securityContext", {})
    check(sc.get("runAsNonRoot") is True and csc.get("allowPrivilegeEscalation") is False and
          csc.get("readOnlyRootFilesystem") is True, "k8s: non-root, no privilege escalation, "
          "read-only root filesystem")
    secret_refs = [e for e in ctr.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
    check(bool(secret_refs), "k8s: credentials come from Secret references")
    for e in ctr.get("env", []):
        check(e["name"].startswith("CLAIMWIRE_"), f"k8s: env {e['name']} is a claimwire override")
    for name, d in objs.get("Service", []) + objs.get("PodDisruptionBudget", []):
        sel = d["spec"]["selector"]
        sel = sel.get("matchLabels", sel)
        check(all(labels.get(k) == v for k, v in sel.items()),
              f"k8s: {d['kind']} {d['metadata']['name']} selects the worker pods")
    for name, d in objs.get("Service", []):
        tp = [p.get("targetPort") for p in d["spec"]["ports"]]
        check(all(ports.get(p, p) == 9464 for p in tp), "k8s: Service targets the metrics port")
    for name, so in objs.get("ScaledObject", []):
        check(so["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"],
              "k8s: ScaledObject scales the Deployment")
        trig = [t for t in so["spec"].get("triggers", []) if t.get("type") == "kafka"]
        if check(bool(trig), "k8s: ScaledObject has a kafka trigger"):
            md = trig[0]["metadata"]
            check(md.get("consumerGroup") == (cfg_value(cfg_text, "group_id") or "claimwire"),
                  "k8s: kafka trigger watches the worker's consumer group")
            check(md.get("topic") == (cfg_value(cfg_text, "input_topic") or "articles"),
                  "k8s: kafka trigger watches the input topic")
            check(int(md.get("lagThreshold", "0")) > 0, "k8s: kafka trigger has a lag threshold")


# ---- systemd ----------------------------------------------------------------------------------

def check_systemd(src, deploy, binary, cfg):
    path = os.path.join(deploy, "systemd/claimwire.service")
    if not check(os.path.isfile(path), "systemd unit exists"):
        return
    text = open(path, encoding="utf-8").read()
    settings = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z]+)=(.*)$", line)
        if m:
            settings.setdefault(m.group(1), []).append(m.group(2))
    want = {"DynamicUser": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
            "NoNewPrivileges": "yes", "PrivateTmp": "yes", "KillSignal": "SIGTERM",
            "Restart": "on-failure"}
    for k, v in want.items():
        check(settings.get(k, [None])[-1] == v, f"systemd: {k}={v}", str(settings.get(k)))
    for k in ("RestrictAddressFamilies", "MemoryMax"):
        check(k in settings, f"systemd: {k} is set")
    check("@system-service" in settings.get("SystemCallFilter", [""])[0],
          "systemd: SystemCallFilter=@system-service")
    stop = settings.get("TimeoutStopSec", ["0"])[-1]
    stop_s = int(re.sub(r"s$", "", stop)) if re.match(r"^\d+s?$", stop) else 0
    check(stop_s * 1000 > cfg.get("shutdown_timeout_ms", 30000),
          "systemd: TimeoutStopSec exceeds worker.shutdown_timeout_ms", stop)
    exe = [settings.get("ExecStart", [""])[0]]
    check(all("/usr/bin/claimwire" in e for e in exe), "systemd: ExecStart runs /usr/bin/claimwire")
    if not shutil.which("systemd-analyze"):
        check(False, "systemd-analyze is installed (Debian package systemd)")
        return
    with tempfile.TemporaryDirectory() as d:
        unit = os.path.join(d, "claimwire.service")
        open(unit, "w").write(text.replace("/usr/bin/claimwire", os.path.abspath(binary)))
        rc, out = run(["systemd-analyze", "verify", unit])
        # verify exits 0 on settings it ignores; any message is a finding.
        check(rc == 0 and not out.strip(), "systemd: systemd-analyze verify is clean", out.strip())
        rc, out = run(["systemd-analyze", "security", "--offline=yes", unit])
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+)", out)
        check(m is not None and float(m.group(1)) <= 2.0,
              "systemd: systemd-analyze security exposure <= 2.0",
              m.group(1) if m else out.strip()[-300:])


# ---- Prometheus and Grafana -------------------------------------------------------------------

def check_prometheus(src, deploy, metrics):
    pdir = os.path.join(deploy, "prometheus")
    if not shutil.which("promtool"):
        check(False, "promtool is installed (Debian package prometheus)")
        return
    with tempfile.TemporaryDirectory() as d:
        for f in glob.glob(os.path.join(pdir, "*")):
            shutil.copy(f, d)
        conf = os.path.join(d, "prometheus.yml")
        # The compose file mounts the rules at /etc/prometheus; check them from the copy.
        text = open(conf).read().replace("/etc/prometheus/", "")
        open(conf, "w").write(text)
        rc, out = run(["promtool", "check", "config", "prometheus.yml"], cwd=d)
        check(rc == 0 and "1 rule files found" in out, "prometheus: promtool check config",
              out.strip())
        rc, out = run(["promtool", "check", "rules", "alerts.yml"], cwd=d)
        check(rc == 0, "prometheus: promtool check rules", out.strip())
        rc, out = run(["promtool", "test", "rules", "alerts-test.yml"], cwd=d)
        check(rc == 0, "prometheus: promtool test rules (alert unit tests)", out.strip())
    try:
        rules = yaml.safe_load(open(os.path.join(pdir, "alerts.yml")))
        exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    except Exception as e:  # noqa: BLE001
        check(False, "alerts.yml parses", str(e))
        return
    used = set().union(*(promql_metrics(e) for e in exprs))
    check(used and used <= metrics, "prometheus: alerts use only exported metrics",
          str(sorted(used - metrics)))
    for need in ("claimwire_consumer_lag", "claimwire_dead_letters_total"):
        check(need in used, f"prometheus: an alert on {need}")
    check(any(re.search(r"\bup\b", e) for e in exprs), "prometheus: an alert on workers down")


def check_grafana(src, deploy, metrics, hist):
    path = os.path.join(deploy, "grafana/claimwire-dashboard.json")
    try:
        dash = json.load(open(path, encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        check(False, "grafana dashboard parses as JSON", str(e))
        return
    check(True, "grafana dashboard parses as JSON")
    panels = dash.get("panels", [])
    check(bool(dash.get("uid")) and bool(dash.get("title")) and panels,
          "grafana: dashboard has uid, title and panels")
    exprs = []
    for p in panels:
        t = p.get("targets", [])
        check(bool(t) and all(x.get("expr") for x in t), f"grafana: panel '{p.get('title')}' "
              "has queries")
        exprs += [x.get("expr", "") for x in t]
    ids = [p.get("id") for p in panels]
    check(len(ids) == len(set(ids)), "grafana: panel ids are unique")
    used = set().union(*(promql_metrics(e) for e in exprs)) if exprs else set()
    check(used <= metrics, "grafana: panels use only exported metrics",
          str(sorted(used - metrics)))
    for need in ("claimwire_messages_consumed_total", "claimwire_messages_processed_total",
                 "claimwire_dead_letters_total", "claimwire_consumer_lag",
                 "claimwire_in_flight_messages", "claimwire_extract_seconds_bucket"):
        check(need in used, f"grafana: a panel shows {need}")
    for h in hist & {"claimwire_extract_seconds"}:
        check(any("histogram_quantile" in e and h + "_bucket" in e for e in exprs),
              f"grafana: quantiles of {h}")
    for f in glob.glob(os.path.join(deploy, "grafana/provisioning/*/*.yaml")):
        try:
            yaml.safe_load(open(f))
            check(True, f"grafana: {os.path.relpath(f, deploy)} parses")
        except Exception as e:  # noqa: BLE001
            check(False, f"grafana: {os.path.relpath(f, deploy)} parses", str(e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--deploy", required=True)
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    metrics, hist = known_metrics(a.src)
    cfg_text = open(os.path.join(a.src, "config/claimwire.cfg"), encoding="utf-8").read()
    cfg = {k: cfg_value(cfg_text, k) for k in ("group_id", "input_topic", "entities_topic",
                                               "claims_topic", "dead_letter_topic",
                                               "shutdown_timeout_ms")}
    cfg = {k: v for k, v in cfg.items() if v is not None}
    rc, out = config_check(a.bin, os.path.join(a.src, "config/claimwire.cfg"))
    check(rc == 0, "config/claimwire.cfg passes config check", out.strip())
    check_dockerfile(a.src, a.deploy, a.bin)
    check_compose(a.src, a.deploy, a.bin, cfg)
    check_k8s(a.src, a.deploy, a.bin, cfg)
    check_systemd(a.src, a.deploy, a.bin, cfg)
    check_prometheus(a.src, a.deploy, metrics)
    check_grafana(a.src, a.deploy, metrics, hist)
    print(f"deploy_check: {len(PASSES)} passed, {len(FAILS)} failed")
    return min(len(FAILS), 100)


if __name__ == "__main__":
    sys.exit(main())
