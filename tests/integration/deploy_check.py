#!/usr/bin/python3
"""deploy_check.py - static checks of the deployment artifacts in deploy/.

Usage: deploy_check.py --src REPO --deploy DEPLOY_DIR --bin CLAIMWIRE [--mutations]

Checks what can be checked without a container engine or a cluster: every file parses, the
files agree with each other and with the code (config keys, topic and group names, metric
names, ports, shutdown timeouts, libraries the binary links), the shipped configurations pass
`claimwire config check`, and the Prometheus and systemd tools accept their files. Prints one
line per check and exits with the number of failed checks (0 = all passed).

--mutations then proves the checks can fail: each breakage in MUTATIONS is applied to a copy
of deploy/ (inside a mirror of the source tree, so relative paths still resolve) and must be
reported. All run in this one process; the results of the external tools (config check,
promtool, systemd-analyze, dpkg) are cached by their input, so a breakage costs only the
checks its file feeds.
"""
import argparse
import contextlib
import copy
import glob
import hashlib
import io
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


_RUN_CACHE = {}


def _digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(cmd, env=None, cwd=None):
    """Runs @cmd; an identical call (same arguments, environment, and contents of the files it
    names or of its working directory) returns the first call's result."""
    tmp = tempfile.gettempdir()
    key = [tuple(sorted(env.items())) if env is not None else None]
    for a in cmd:
        f = os.path.join(cwd, a) if cwd and not os.path.isabs(a) else a
        if os.path.isfile(f):
            key.append((None if f.startswith(tmp) else a, _digest(f)))
        else:
            key.append(a)
    if cwd:
        key.append(tuple((n, _digest(os.path.join(cwd, n))) for n in sorted(os.listdir(cwd))
                         if os.path.isfile(os.path.join(cwd, n))))
    key = tuple(key)
    if key not in _RUN_CACHE:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
        _RUN_CACHE[key] = (p.returncode, p.stdout + p.stderr)
    return _RUN_CACHE[key]


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_CACHE = {}


def load_yaml_all(path):
    """The documents of a YAML file (a fresh copy: callers may change them)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text not in _YAML_CACHE:
        try:
            _YAML_CACHE[text] = [d for d in yaml.load_all(text, Loader=_YAML_LOADER) if d is not None]
        except yaml.YAMLError as e:
            _YAML_CACHE[text] = e
    docs = _YAML_CACHE[text]
    if isinstance(docs, Exception):
        raise docs
    return copy.deepcopy(docs)


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


# The image installs the models at /usr/share/claimwire/models; here they are the source tree's.
SRC_MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "worker",
                          "extract", "models")


def config_check(binary, path, extra_env=None):
    """Runs `config check`; the models it verifies are the source tree's (the environment
    variable outranks a model_dir the file sets for the image)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMWIRE_")}
    env.update(extra_env or {})
    env["CLAIMWIRE_WORKER_MODEL_DIR"] = os.path.normpath(SRC_MODELS)
    return run([binary, "config", "check", "-c", path], env=env)


def output_format(cfg_text, env):
    """The output format a worker writes: the environment's choice, else the file's (None when
    neither chooses one)."""
    return env.get("CLAIMWIRE_WORKER_OUTPUT_FORMAT") or cfg_value(cfg_text, "output_format")


def check_format(tag, cfg_text, env, check_out):
    """Production writes the Confluent framing, chosen explicitly: `config check` warns about
    nothing and the effective format is confluent with a registry URL."""
    check("warning:" not in check_out, f"{tag}: config check warns about nothing", check_out.strip())
    fmt = output_format(cfg_text, env)
    check(fmt == "confluent", f"{tag}: worker.output_format is confluent", str(fmt))
    url = env.get("CLAIMWIRE_WORKER_SCHEMA_REGISTRY_URL") or cfg_value(cfg_text,
                                                                        "schema_registry_url")
    check(bool(url), f"{tag}: a Schema Registry URL is set", str(url))


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
    built = {n: s for n, s in svcs.items() if (s.get("build") or {}).get("dockerfile", "")
             .endswith("deploy/Dockerfile")}
    workers = {n: s for n, s in built.items() if not s.get("command")}
    # A configuration error (exit 2) stops everything before any worker starts, and restarts
    # are bounded: compose cannot exempt one exit status from `restart: on-failure`.
    gates = [n for n, s in built.items() if list(s.get("command") or [])[:2] == ["config", "check"]]
    check(bool(gates), "compose: a service runs `claimwire config check` with the workers' image")
    for n, s in workers.items():
        deps = s.get("depends_on") or {}
        check(any((deps.get(g) or {}).get("condition") == "service_completed_successfully"
                  for g in gates) if isinstance(deps, dict) else False,
              f"compose: {n} starts only after config check succeeded")
        r = str(s.get("restart", "no"))
        check(r == "no" or re.fullmatch(r"on-failure:[1-9][0-9]?", r) is not None,
              f"compose: {n} restarts a bounded number of times (a configuration error is not "
              "retried forever)", r)
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
        check_format(f"compose: {n}",
                     open(os.path.join(src, "config/claimwire.cfg"), encoding="utf-8").read(),
                     env, out)
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
        prom = yaml.load(open(os.path.join(deploy, "prometheus/prometheus.yml")), Loader=_YAML_LOADER)
        targets = {t for sc in prom["scrape_configs"] for st in sc.get("static_configs", [])
                   for t in st.get("targets", [])}
        check(targets == {f"{n}:9464" for n in workers}, "compose: Prometheus scrapes every worker",
              f"{sorted(targets)}")
    except Exception as e:  # noqa: BLE001
        check(False, "prometheus.yml parses", str(e))


# ---- Kubernetes -------------------------------------------------------------------------------

def _ptr_parts(path):
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]


def json6902(obj, ops):
    """Applies JSON patch operations (add, replace, remove) to @obj in place."""
    for op in ops:
        parts = _ptr_parts(op["path"])
        parent = obj
        for k in parts[:-1]:
            parent = parent[int(k)] if isinstance(parent, list) else parent[k]
        last = parts[-1]
        if isinstance(parent, list):
            if op["op"] == "add":
                parent.insert(len(parent) if last == "-" else int(last), op["value"])
            elif op["op"] == "replace":
                parent[int(last)] = op["value"]
            else:
                del parent[int(last)]
        elif op["op"] in ("add", "replace"):
            parent[last] = op["value"]
        else:
            del parent[last]


def merge_patch(obj, patch):
    for k, v in patch.items():
        if isinstance(v, dict) and isinstance(obj.get(k), dict):
            merge_patch(obj[k], v)
        else:
            obj[k] = v


def kustomize(kdir):
    """The objects `kubectl apply -k KDIR` would create: resources (files and directories),
    patches (JSON 6902 with a target, or strategic-merge maps incl. `$patch: delete`) and
    images. Enough of kustomize for these manifests; errors raise."""
    k = load_yaml_all(os.path.join(kdir, "kustomization.yaml"))[0]
    objs = []
    for r in k.get("resources", []):
        path = os.path.normpath(os.path.join(kdir, r))
        if os.path.isdir(path):
            objs += kustomize(path)
        else:
            objs += load_yaml_all(path)
    for p in k.get("patches", []):
        text = p.get("patch") or open(os.path.join(kdir, p["path"]), encoding="utf-8").read()
        body = yaml.load(text, Loader=_YAML_LOADER)
        if isinstance(body, list):
            t = p.get("target", {})
            hits = [o for o in objs if o.get("kind") == t.get("kind") and
                    o["metadata"].get("name") == t.get("name")]
            if not hits:
                raise ValueError(f"patch target {t} matches nothing")
            for o in hits:
                json6902(o, body)
        else:
            match = [o for o in objs if o.get("kind") == body.get("kind") and
                     o["metadata"].get("name") == body["metadata"].get("name")]
            if not match:
                raise ValueError(f"patch for {body.get('kind')} {body['metadata'].get('name')} "
                                 "matches nothing")
            if body.get("$patch") == "delete":
                objs = [o for o in objs if all(o is not m for m in match)]
            else:
                for o in match:
                    merge_patch(o, {x: y for x, y in body.items() if x != "$patch"})
    for img in k.get("images", []):
        for o in objs:
            for c in (((o.get("spec") or {}).get("template") or {}).get("spec") or {}).get(
                    "containers", []):
                name = re.sub(r"[:@].*$", "", c.get("image", ""))
                if name == img["name"]:
                    c["image"] = img.get("newName", name) + ":" + str(img.get("newTag", "latest"))
    return objs


def env_sample(ctr, pod_name):
    """The container's environment as `config check` should see it: literal values, and the
    value a fieldRef or resourceFieldRef takes in pod @pod_name."""
    env = {}
    for e in ctr.get("env", []):
        if "value" in e:
            env[e["name"]] = str(e["value"])
        vf = e.get("valueFrom", {})
        if (vf.get("fieldRef") or {}).get("fieldPath") == "metadata.name":
            env[e["name"]] = pod_name
        rf = vf.get("resourceFieldRef")
        if rf:
            kind, res = rf["resource"].split(".", 1)
            v = str(((ctr.get("resources") or {}).get(kind) or {}).get(res, "1"))
            env[e["name"]] = str(max(1, int(float(v[:-1]) / 1000) if v.endswith("m") else int(v)))
    return env


def secret_mode_readable(mode, fs_group):
    """Can a non-root container user read a Secret file of @mode (owner root, group root or
    the pod's fsGroup, which the user belongs to)?"""
    return bool(mode & 0o004) or (fs_group is not None and bool(mode & 0o040))


def has_registry(image):
    first = image.split("/", 1)[0]
    return "/" in image and ("." in first or ":" in first or first == "localhost")


def check_k8s_variant(tag, objs, binary, cfg, deploy):
    by_kind = {}
    for d in objs:
        by_kind.setdefault(d.get("kind"), []).append(d)
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    for kind in ("ConfigMap", "Service", "PodDisruptionBudget", "ScaledObject"):
        check(kind in by_kind, f"{tag}: has a {kind}")
    if not check(len(workloads) == 1, f"{tag}: one worker Deployment or StatefulSet",
                 str([w["kind"] for w in workloads])) or "ConfigMap" not in by_kind:
        return None
    dep = workloads[0]
    kind = dep["kind"]
    cm = by_kind["ConfigMap"][0]
    pod = dep["spec"]["template"]
    labels = pod["metadata"]["labels"]
    check(all(labels.get(k) == v for k, v in dep["spec"]["selector"]["matchLabels"].items()),
          f"{tag}: {kind} selector matches its pod labels")
    ctr = pod["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in ctr.get("ports", [])}
    for probe, path in (("startupProbe", "/healthz"), ("livenessProbe", "/healthz"),
                        ("readinessProbe", "/readyz")):
        g = (ctr.get(probe) or {}).get("httpGet", {})
        port = ports.get(g.get("port"), g.get("port"))
        check(g.get("path") == path and port == 9464, f"{tag}: {probe} is GET {path} on 9464", str(g))
    sp = ctr.get("startupProbe") or {}
    budget = sp.get("periodSeconds", 10) * sp.get("failureThreshold", 3)
    check(0 < budget <= 300, f"{tag}: startupProbe gives up (restarts the pod) within 5 minutes",
          f"{budget} s")

    # The image names the registry it is pushed to, the one the Dockerfile's recipe pushes to.
    image = ctr.get("image", "")
    check(has_registry(image), f"{tag}: the image names its registry", image)
    dtext = open(os.path.join(deploy, "Dockerfile"), encoding="utf-8").read()
    pushed = set(re.findall(r"docker push (\S+)", dtext))
    check(image in pushed, f"{tag}: the Dockerfile's recipe pushes the image the pods pull",
          f"{image} vs {sorted(pushed)}")

    # The ConfigMap's file: valid for the binary, and consistent with the pod.
    cfg_text = (cm.get("data") or {}).get("claimwire.cfg", "")
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as t:
        t.write(cfg_text)
    env = env_sample(ctr, dep["metadata"]["name"] + "-0")
    rc, out = config_check(binary, t.name, env)
    os.unlink(t.name)
    check(rc == 0, f"{tag}: ConfigMap claimwire.cfg (with the pod's env) passes config check",
          out.strip())
    check_format(f"{tag}: ConfigMap", cfg_text, env, out)
    listen = cfg_value(cfg_text, "http_listen")
    check(listen is not None and listen.startswith("0.0.0.0:") and listen.endswith(":9464"),
          f"{tag}: ConfigMap listens on 0.0.0.0:9464", str(listen))
    stop_ms = cfg_value(cfg_text, "shutdown_timeout_ms") or 30000
    grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
    check(grace * 1000 > stop_ms, f"{tag}: terminationGracePeriodSeconds exceeds shutdown_timeout_ms",
          f"{grace}s vs {stop_ms}ms")
    mounts = {m["name"]: m["mountPath"] for m in ctr.get("volumeMounts", [])}
    vols = {v["name"]: v for v in pod["spec"].get("volumes", [])}
    cm_vol = [n for n, v in vols.items()
              if (v.get("configMap") or {}).get("name") == cm["metadata"]["name"]]
    args = ctr.get("args", [])
    cfg_path = args[args.index("-c") + 1] if "-c" in args else None
    check(bool(cm_vol) and cfg_path == os.path.join(mounts.get(cm_vol[0], "?"), "claimwire.cfg"),
          f"{tag}: the worker's -c path is the mounted ConfigMap", f"{cfg_path} {mounts}")
    sc = pod["spec"].get("securityContext", {})
    csc = ctr.get("securityContext", {})
    check(sc.get("runAsNonRoot") is True and csc.get("allowPrivilegeEscalation") is False and
          csc.get("readOnlyRootFilesystem") is True, f"{tag}: non-root, no privilege escalation, "
          "read-only root filesystem")
    # Secret volumes: files are owned by root; uid runAsUser reads them through the fsGroup.
    for n, v in vols.items():
        sec = v.get("secret")
        if sec is None:
            continue
        modes = [sec.get("defaultMode", 0o644)] + [i["mode"] for i in sec.get("items", [])
                                                   if "mode" in i]
        check(sc.get("runAsUser", 0) == 0 or all(secret_mode_readable(m, sc.get("fsGroup"))
                                                 for m in modes),
              f"{tag}: Secret volume {n} is readable by uid {sc.get('runAsUser')}",
              f"modes {[oct(m) for m in modes]}, fsGroup {sc.get('fsGroup')}")
    secret_refs = [e for e in ctr.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
    check(bool(secret_refs), f"{tag}: credentials come from Secret references")
    for e in ctr.get("env", []):
        check(e["name"].startswith("CLAIMWIRE_"), f"{tag}: env {e['name']} is a claimwire override")

    # Bootstrap servers: written once (the container's CLAIMWIRE_BOOTSTRAP_SERVERS).
    bs = env.get("CLAIMWIRE_BOOTSTRAP_SERVERS")
    check(bs is not None, f"{tag}: the pod sets CLAIMWIRE_BOOTSTRAP_SERVERS")
    if bs:
        dumped = json.dumps(objs)
        check(dumped.count(bs) == 1, f"{tag}: the bootstrap servers ({bs}) are written once",
              f"{dumped.count(bs)} times")
    check(cfg_value(cfg_text, "bootstrap_servers") is None,
          f"{tag}: the ConfigMap leaves bootstrap_servers to CLAIMWIRE_BOOTSTRAP_SERVERS")

    # Scraping: the pods or the Service, not both.
    pod_scrape = (pod["metadata"].get("annotations") or {}).get("prometheus.io/scrape") == "true"
    for d in by_kind.get("Service", []) + by_kind.get("PodDisruptionBudget", []):
        sel = d["spec"]["selector"]
        sel = sel.get("matchLabels", sel)
        check(all(labels.get(k) == v for k, v in sel.items()),
              f"{tag}: {d['kind']} {d['metadata']['name']} selects the worker pods")
    for d in by_kind.get("Service", []):
        tp = [p.get("targetPort") for p in d["spec"]["ports"]]
        check(all(ports.get(p, p) == 9464 for p in tp), f"{tag}: Service targets the metrics port")
        svc_scrape = ((d["metadata"].get("annotations") or {}).get("prometheus.io/scrape")
                      == "true")
        check(not (pod_scrape and svc_scrape),
              f"{tag}: Service {d['metadata']['name']} and the pods are not both scrape targets")

    # Exactly-once and static membership: stable ids, only from a StatefulSet.
    eos = env.get("CLAIMWIRE_WORKER_PROCESSING_GUARANTEE",
                  cfg_value(cfg_text, "processing_guarantee")) == "exactly_once"
    ids = {e["name"]: (e.get("valueFrom") or {}).get("fieldRef", {}).get("fieldPath")
           for e in ctr.get("env", [])}
    if eos or "CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID" in ids:
        check(kind == "StatefulSet", f"{tag}: stable member ids come from a StatefulSet", kind)
    if kind == "StatefulSet":
        for var in ("CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID", "CLAIMWIRE_WORKER_TRANSACTIONAL_ID"):
            check(ids.get(var) == "metadata.name", f"{tag}: {var} is the pod name", str(ids.get(var)))
        check(eos, f"{tag}: the StatefulSet runs exactly-once")
        svc = [d for d in by_kind.get("Service", [])
               if d["metadata"]["name"] == dep["spec"].get("serviceName")]
        check(bool(svc) and svc[0]["spec"].get("clusterIP") == "None",
              f"{tag}: serviceName is a headless Service", str(dep["spec"].get("serviceName")))

    # KEDA owns the replica count.
    sos = by_kind.get("ScaledObject", [])
    for so in sos:
        ref = so["spec"]["scaleTargetRef"]
        check(ref["name"] == dep["metadata"]["name"] and ref.get("kind", "Deployment") == kind,
              f"{tag}: ScaledObject scales the {kind}", str(ref))
        check("replicas" not in dep["spec"], f"{tag}: no replicas in a {kind} KEDA scales "
              "(each apply would reset the count)", str(dep["spec"].get("replicas")))
        if "cooldownPeriod" in so["spec"]:
            check(so["spec"].get("minReplicaCount", 0) == 0,
                  f"{tag}: cooldownPeriod only with minReplicaCount 0 (it delays scaling to zero)")
        trig = [t for t in so["spec"].get("triggers", []) if t.get("type") == "kafka"]
        if not check(bool(trig), f"{tag}: ScaledObject has a kafka trigger"):
            continue
        md = trig[0]["metadata"]
        check(md.get("consumerGroup") == (cfg_value(cfg_text, "group_id") or "claimwire"),
              f"{tag}: kafka trigger watches the worker's consumer group")
        check(md.get("topic") == (cfg_value(cfg_text, "input_topic") or "articles"),
              f"{tag}: kafka trigger watches the input topic")
        check(int(md.get("lagThreshold", "0")) > 0, f"{tag}: kafka trigger has a lag threshold")
        check("bootstrapServers" not in md and
              env.get(md.get("bootstrapServersFromEnv", "")) == bs,
              f"{tag}: kafka trigger reads the worker's bootstrap servers from its environment",
              str(md))
        proto = env.get("CLAIMWIRE_KAFKA_COMMON_SECURITY_PROTOCOL",
                        cfg_value(cfg_text, "security_protocol") or "plaintext").upper()
        if proto.startswith("SASL"):
            ref = (trig[0].get("authenticationRef") or {}).get("name")
            ta = [d for d in by_kind.get("TriggerAuthentication", [])
                  if d["metadata"]["name"] == ref]
            if check(bool(ta), f"{tag}: a SASL cluster: the trigger uses a TriggerAuthentication",
                     str(ref)):
                params = {r["parameter"]: (r["name"], r["key"])
                          for r in ta[0]["spec"].get("secretTargetRef", [])}
                worker = {e["name"]: (e["valueFrom"]["secretKeyRef"]["name"],
                                      e["valueFrom"]["secretKeyRef"]["key"])
                          for e in secret_refs}
                check(params.get("username") == worker.get("CLAIMWIRE_KAFKA_COMMON_SASL_USERNAME")
                      and params.get("password") ==
                      worker.get("CLAIMWIRE_KAFKA_COMMON_SASL_PASSWORD") and
                      params.get("username") is not None,
                      f"{tag}: KEDA authenticates with the worker's SASL Secret", str(params))
                mech = env.get("CLAIMWIRE_KAFKA_COMMON_SASL_MECHANISMS", "").lower()
                mech = {"plain": "plaintext"}.get(mech, mech.replace("scram-sha-", "scram_sha"))
                check(md.get("sasl") == mech, f"{tag}: KEDA uses the worker's SASL mechanism",
                      f"{md.get('sasl')} vs {mech}")
                if proto.endswith("SSL"):
                    check(md.get("tls") == "enable" and "ca" in params,
                          f"{tag}: KEDA speaks TLS with the worker's CA")
    return kind


def check_k8s(src, deploy, binary, cfg):
    kdir = os.path.join(deploy, "k8s")
    for f in sorted(glob.glob(os.path.join(kdir, "**", "*.yaml"), recursive=True)):
        rel = os.path.relpath(f, deploy)
        try:
            docs = load_yaml_all(f)
        except Exception as e:  # noqa: BLE001
            check(False, f"{rel} parses", str(e))
            continue
        check(bool(docs), f"{rel} parses")
        for d in docs:
            ok = isinstance(d, dict) and "apiVersion" in d and "kind" in d and (
                d.get("kind") == "Kustomization" or "name" in (d.get("metadata") or {}) or
                d.get("$patch") == "delete")
            check(ok, f"{rel}: {d.get('kind') if isinstance(d, dict) else d} "
                      "has apiVersion, kind, metadata.name")
    kinds = set()
    for kf in sorted(glob.glob(os.path.join(kdir, "**", "kustomization.yaml"), recursive=True)):
        vdir = os.path.dirname(kf)
        tag = os.path.relpath(vdir, deploy)
        for r in load_yaml_all(kf)[0].get("resources", []):
            check(os.path.exists(os.path.join(vdir, r)), f"{tag}: kustomization resource {r} exists")
        try:
            objs = kustomize(vdir)
        except Exception as e:  # noqa: BLE001
            check(False, f"{tag}: kustomization renders", f"{type(e).__name__}: {e}")
            continue
        kinds.add(check_k8s_variant(tag, objs, binary, cfg, deploy))
    check("StatefulSet" in kinds and "Deployment" in kinds,
          "k8s: a Deployment and a StatefulSet variant (stable ids for exactly-once)", str(kinds))


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
    recipe = [l[1:].strip() for l in text.splitlines() if l.startswith("#")]
    cmds = [l for l in recipe if re.match(r"^(apt|dpkg|install|cp|mkdir|systemctl)\b", l)]
    check(any(re.match(r"^apt(-get)? install \./claimwire_\S*\.deb$", c) for c in cmds),
          "systemd: the recipe installs the Debian package (apt install ./claimwire_*.deb)",
          str(cmds))
    bad = [c for c in cmds if re.match(r"^(cp|mkdir)\b", c) or "build/" in c or
           (c.startswith("install") and " -D" not in c)]
    check(not bad, "systemd: the recipe copies nothing by hand and creates the directories it "
          "installs into (install -D)", str(bad))
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
        rules = yaml.load(open(os.path.join(pdir, "alerts.yml")), Loader=_YAML_LOADER)
        exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    except Exception as e:  # noqa: BLE001
        check(False, "alerts.yml parses", str(e))
        return
    jobs = [e for e in exprs if re.search(r"\bjob\s*=~?\s*\"", e)]
    check(not jobs, "prometheus: alerts do not depend on the scrape job's name", str(jobs))
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
    jobs = [e for e in exprs if re.search(r"\bjob\s*=~?\s*\"", e)]
    check(not jobs, "grafana: panels do not depend on the scrape job's name", str(jobs))
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
            yaml.load(open(f), Loader=_YAML_LOADER)
            check(True, f"grafana: {os.path.relpath(f, deploy)} parses")
        except Exception as e:  # noqa: BLE001
            check(False, f"grafana: {os.path.relpath(f, deploy)} parses", str(e))


def check_all(src, deploy, binary):
    """Runs every check; returns the failed ones."""
    del FAILS[:], PASSES[:]
    metrics, hist = known_metrics(src)
    cfg_text = open(os.path.join(src, "config/claimwire.cfg"), encoding="utf-8").read()
    cfg = {k: cfg_value(cfg_text, k) for k in ("group_id", "input_topic", "entities_topic",
                                               "claims_topic", "dead_letter_topic",
                                               "shutdown_timeout_ms")}
    cfg = {k: v for k, v in cfg.items() if v is not None}
    rc, out = config_check(binary, os.path.join(src, "config/claimwire.cfg"))
    check(rc == 0, "config/claimwire.cfg passes config check", out.strip())
    check_format("config/claimwire.cfg", cfg_text, {}, out)
    for name, fn in (("Dockerfile", lambda: check_dockerfile(src, deploy, binary)),
                     ("compose", lambda: check_compose(src, deploy, binary, cfg)),
                     ("k8s", lambda: check_k8s(src, deploy, binary, cfg)),
                     ("systemd", lambda: check_systemd(src, deploy, binary, cfg)),
                     ("prometheus", lambda: check_prometheus(src, deploy, metrics)),
                     ("grafana", lambda: check_grafana(src, deploy, metrics, hist))):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - a broken file may break a checker: a finding
            check(False, f"{name}: checks ran to the end", f"{type(e).__name__}: {e}")
    return list(FAILS)


# Deliberate breakages: (file under deploy/, what, function of the file's text). Each must make
# a check fail; each also fails if it no longer changes its file (the file moved on).
def _drop_lines(*prefixes):
    return lambda s: "\n".join(l for l in s.splitlines()
                               if not l.strip().startswith(prefixes)) + "\n"


MUTATIONS = [
    ("Dockerfile", "COPY of a missing path",
     lambda s: s.replace("COPY schemas/ /usr/share", "COPY schema/ /usr/share")),
    ("Dockerfile", "runtime library package dropped", lambda s: s.replace(" libjansson4", "")),
    ("Dockerfile", "runs as root", lambda s: s.replace("USER 10001:10001", "USER root")),
    ("Dockerfile", "shell-form ENTRYPOINT",
     lambda s: s.replace('ENTRYPOINT ["claimwire"]', "ENTRYPOINT claimwire")),
    ("Dockerfile", "image pushed to no registry",
     lambda s: s.replace("registry.example.com/claimwire", "claimwire")),
    ("compose.yaml", "YAML syntax error", lambda s: s.replace("services:\n", "services:\n  - broken\n", 1)),
    ("compose.yaml", "a worker in another group",
     lambda s: s.replace("CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID: claimwire-3",
                         "CLAIMWIRE_KAFKA_CONSUMER_GROUP_INSTANCE_ID: claimwire-3\n"
                         "      CLAIMWIRE_WORKER_GROUP_ID: other")),
    ("compose.yaml", "invalid override value",
     lambda s: s.replace('CLAIMWIRE_WORKER_THREADS: "1"', 'CLAIMWIRE_WORKER_THREADS: "many"')),
    ("compose.yaml", "registry URL naming no service",
     lambda s: s.replace("http://schema-registry:8081", "http://registry:8081")),
    ("compose.yaml", "workers restart forever on a configuration error (exit 2)",
     lambda s: s.replace("restart: on-failure:3", "restart: on-failure")),
    ("compose.yaml", "workers start without the config check",
     lambda s: s.replace("    config-check:\n      condition: service_completed_successfully\n", "")),
    ("k8s/deployment.yaml", "readiness on a wrong path",
     lambda s: s.replace("path: /readyz", "path: /ready")),
    ("k8s/deployment.yaml", "grace period below the shutdown timeout",
     lambda s: s.replace("terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 20")),
    ("k8s/deployment.yaml", "TLS Secret files unreadable by uid 10001 (no fsGroup)",
     _drop_lines("fsGroup:", "fsGroupChangePolicy:")),
    ("k8s/deployment.yaml", "replicas next to the KEDA ScaledObject",
     lambda s: s.replace("spec:\n  revisionHistoryLimit", "spec:\n  replicas: 2\n  revisionHistoryLimit")),
    ("k8s/deployment.yaml", "startupProbe on a path that always answers",
     lambda s: s.replace("startupProbe:\n            httpGet:\n              path: /healthz",
                         "startupProbe:\n            httpGet:\n              path: /metrics")),
    ("k8s/deployment.yaml", "startupProbe that waits for ever",
     lambda s: s.replace("failureThreshold: 60", "failureThreshold: 100000")),
    ("k8s/deployment.yaml", "bootstrap servers written a second time (ConfigMap style)",
     lambda s: s.replace("            - name: CLAIMWIRE_WORKER_THREADS\n",
                         "            - name: CLAIMWIRE_KAFKA_COMMON_BOOTSTRAP_SERVERS\n"
                         "              value: kafka:9092\n"
                         "            - name: CLAIMWIRE_WORKER_THREADS\n", 1)),
    ("k8s/service.yaml", "Service and pods both scraped",
     lambda s: s.replace("  labels:\n", "  annotations:\n    prometheus.io/scrape: \"true\"\n"
                         "  labels:\n", 1)),
    ("k8s/configmap.yaml", "output format not chosen",
     _drop_lines("output_format = ")),
    ("k8s/configmap.yaml", "output format without the registry",
     lambda s: s.replace('output_format = "confluent";', 'output_format = "single_object";')
     .replace('schema_registry_url = "http://schema-registry:8081";', 'schema_registry_url = "";')),
    ("compose.yaml", "workers writing JSON in production",
     lambda s: s.replace("CLAIMWIRE_WORKER_OUTPUT_FORMAT: confluent",
                         "CLAIMWIRE_WORKER_OUTPUT_FORMAT: json")),
    ("k8s/configmap.yaml", "config value out of range",
     lambda s: s.replace("max_in_flight = 1000;", "max_in_flight = 0;")),
    ("k8s/configmap.yaml", "bootstrap servers in the ConfigMap too",
     lambda s: s.replace("        client_id = ", "        bootstrap_servers = \"kafka:9092\";\n"
                         "        client_id = ")),
    ("k8s/scaledobject.yaml", "KEDA watching another group",
     lambda s: s.replace("consumerGroup: claimwire", "consumerGroup: claimwire-x")),
    ("k8s/scaledobject.yaml", "KEDA bootstrap servers hard-coded",
     lambda s: s.replace("bootstrapServersFromEnv: CLAIMWIRE_BOOTSTRAP_SERVERS",
                         "bootstrapServers: kafka:9092")),
    ("k8s/scaledobject.yaml", "a cooldown that does nothing at a minimum of one replica",
     lambda s: s.replace("  pollingInterval: 30\n", "  pollingInterval: 30\n  cooldownPeriod: 300\n")),
    ("k8s/kustomization.yaml", "image with no registry",
     lambda s: s.replace("    newName: registry.example.com/claimwire\n", "")),
    ("k8s/sasl/kustomization.yaml", "SASL cluster without a TriggerAuthentication",
     lambda s: s.replace("      - op: add\n        path: /spec/triggers/0/authenticationRef\n"
                         "        value: {name: claimwire-kafka}\n", "")),
    ("k8s/sasl/triggerauthentication.yaml", "KEDA with another Secret key than the worker",
     lambda s: s.replace("key: sasl_password", "key: password")),
    ("k8s/statefulset/statefulset.yaml", "transactional.id not stable per pod",
     lambda s: s.replace("            - name: CLAIMWIRE_WORKER_TRANSACTIONAL_ID\n"
                         "              valueFrom:\n                fieldRef:\n"
                         "                  fieldPath: metadata.name\n",
                         "            - name: CLAIMWIRE_WORKER_TRANSACTIONAL_ID\n"
                         "              value: claimwire\n")),
    ("k8s/statefulset/kustomization.yaml", "KEDA scaling the deleted Deployment",
     lambda s: s.replace("        value: StatefulSet\n", "        value: Deployment\n")),
    ("k8s/kustomization.yaml", "no StatefulSet variant",
     lambda s: s.replace("#   deploy/k8s/statefulset", "#   deploy/k8s/statefulset") and None),
    ("systemd/claimwire.service", "misspelt setting name",
     lambda s: s.replace("ProtectKernelTunables=yes", "ProtectKernelTunable=yes")),
    ("systemd/claimwire.service", "stop timeout below the shutdown timeout",
     lambda s: s.replace("TimeoutStopSec=45", "TimeoutStopSec=10")),
    ("systemd/claimwire.service", "sandbox weakened",
     _drop_lines("Protect", "Private", "Restrict", "SystemCall", "CapabilityBoundingSet",
                 "MemoryDeny", "NoNewPrivileges", "DynamicUser")),
    ("systemd/claimwire.service", "recipe copying files by hand",
     lambda s: s.replace("#   apt install ./claimwire_*.deb\n",
                         "#   install -m 0755 build/claimwire /usr/bin/claimwire\n"
                         "#   cp -r worker/extract/models /usr/share/claimwire/models\n")),
    ("prometheus/alerts.yml", "PromQL syntax error",
     lambda s: s.replace("up == 0 and on", "up == and on", 1)),
    ("prometheus/alerts.yml", "alert that no longer matches its unit test",
     lambda s: s.replace("for: 2m", "for: 10m", 1)),
    ("prometheus/alerts.yml", "unknown metric",
     lambda s: s.replace("claimwire_delivery_failures_total", "claimwire_delivery_errors_total")),
    ("prometheus/alerts.yml", "alert hard-codes the scrape job",
     lambda s: s.replace("expr: up == 0 and on (job, instance)",
                         "expr: up{job=\"claimwire\"} == 0 and on (job, instance)")),
    ("prometheus/prometheus.yml", "scrape target that is not a worker",
     lambda s: s.replace("worker-3:9464", "worker-4:9464")),
    ("grafana/claimwire-dashboard.json", "truncated JSON", lambda s: s[: len(s) // 2]),
    ("grafana/claimwire-dashboard.json", "unknown metric",
     lambda s: s.replace("claimwire_messages_processed_total", "claimwire_messages_done_total")),
    ("grafana/claimwire-dashboard.json", "panel hard-codes the scrape job",
     lambda s: s.replace('"count(claimwire_ready)"', '"count(up{job=\\"claimwire\\"} == 1)"')),
]


def run_mutations(src, deploy, binary):
    """Applies each of MUTATIONS to a mirror of the tree; prints PASS when a check fails.
    Returns the number of breakages not detected (or not applicable)."""
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        mirror = os.path.join(tmp, "src")
        os.mkdir(mirror)
        for e in os.listdir(src):
            if e != "deploy":
                os.symlink(os.path.join(src, e), os.path.join(mirror, e))
        mdeploy = os.path.join(mirror, "deploy")
        shutil.copytree(deploy, mdeploy, symlinks=True)
        for rel, what, fn in MUTATIONS:
            path = os.path.join(mdeploy, rel)
            orig = open(os.path.join(deploy, rel), encoding="utf-8").read()
            if rel == "k8s/kustomization.yaml" and what == "no StatefulSet variant":
                gone = os.path.join(mdeploy, "k8s/statefulset")
                shutil.rmtree(gone)
                new = orig + "\n"
            else:
                gone = None
                new = fn(orig)
            if new == orig:
                print(f"FAIL: mutation '{what}' could not be applied to {rel} (the file changed; "
                      "update the mutation)")
                missed += 1
                continue
            open(path, "w", encoding="utf-8").write(new)
            with contextlib.redirect_stdout(io.StringIO()):
                fails = check_all(mirror, mdeploy, binary)
            open(path, "w", encoding="utf-8").write(orig)
            if gone:
                shutil.copytree(os.path.join(deploy, "k8s/statefulset"), gone)
            if fails:
                print(f"PASS: broken {rel} detected: {what} ({fails[0][:80]})")
            else:
                print(f"FAIL: broken {rel} not detected: {what}")
                missed += 1
    return missed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--deploy", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--mutations", action="store_true",
                    help="then apply each deliberate breakage and require a failed check")
    a = ap.parse_args()
    src, deploy = os.path.abspath(a.src), os.path.abspath(a.deploy)
    fails = check_all(src, deploy, a.bin)
    print(f"deploy_check: {len(PASSES)} passed, {len(FAILS)} failed")
    if fails or not a.mutations:
        return min(len(fails), 100)
    missed = run_mutations(src, deploy, a.bin)
    print(f"deploy_check: {len(MUTATIONS) - missed} of {len(MUTATIONS)} breakages detected")
    return min(missed, 100)


if __name__ == "__main__":
    sys.exit(main())
