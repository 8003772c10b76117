// Validates the Kubernetes manifests of a directory offline: every document against the
// Kubernetes API schema of its kind (kubernetes-models), then NecroCode's own rules: probes on
// /livez and /readyz, a termination grace above the worker's --grace-seconds, Prometheus scrape
// annotations on workers, resources on every container, no secret value in an environment
// variable, every Secret, ConfigMap and named port referred to defined, every Service selecting
// some pod; and the Containerfile beside them (Debian 12 base, the runner package, a non-root
// user). Prints every problem; exits 1 if there is any.
//   node validate.cjs DIRECTORY   (NECROCODE_K8S_VALIDATOR_MODULES: where npm ci installed)
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const modules = process.env.NECROCODE_K8S_VALIDATOR_MODULES;
if (!modules || !fs.existsSync(path.join(modules, "node_modules", "kubernetes-models"))) {
  console.error("kubernetes-models is not installed: run scripts/setup-deps.sh");
  process.exit(2);
}
const load = createRequire(path.resolve(modules, "package.json"));
const YAML = load("yaml");

const directory = process.argv[2];
const problems = [];
const problem = (where, text) => problems.push(`${where}: ${text}`);

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    return load(module)[kind];
  } catch (e) {
    return null;
  }
}

const documents = [];
for (const file of fs.readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const text = fs.readFileSync(path.join(directory, file), "utf8");
  YAML.parseAllDocuments(text).forEach((doc, index) => {
    const where = `${file}#${index + 1}`;
    if (doc.errors.length) return doc.errors.forEach((e) => problem(where, e.message));
    const object = doc.toJS();
    if (!object) return;
    documents.push({ where: `${where} ${object.kind}/${object.metadata && object.metadata.name}`, object });
  });
}
if (!documents.length) problem(directory, "no Kubernetes manifests");

for (const { where, object } of documents) {
  const Model = object.apiVersion && object.kind ? modelFor(object.apiVersion, object.kind) : null;
  if (!Model) {
    problem(where, `unknown kind ${object.apiVersion}/${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problem(where, e.message);
  }
}

const named = (kind) => new Set(documents.filter((d) => d.object.kind === kind).map((d) => d.object.metadata.name));
const secrets = named("Secret");
const configMaps = named("ConfigMap");
const workloads = documents.filter((d) => ["Deployment", "StatefulSet"].includes(d.object.kind));

function graceOf(container) {
  const args = [...(container.command || []), ...(container.args || [])];
  const at = args.indexOf("--grace-seconds");
  return at >= 0 ? Number(args[at + 1]) : 30;
}

for (const { where, object } of workloads) {
  const pod = object.spec.template;
  const spec = pod.spec || {};
  const labels = (pod.metadata && pod.metadata.labels) || {};
  for (const [key, value] of Object.entries(object.spec.selector.matchLabels || {}))
    if (labels[key] !== value) problem(where, `the selector ${key}=${value} does not match the pod's labels`);
  for (const volume of spec.volumes || []) {
    if (volume.secret && !secrets.has(volume.secret.secretName))
      problem(where, `volume ${volume.name} names the undefined Secret ${volume.secret.secretName}`);
    if (volume.configMap && !configMaps.has(volume.configMap.name))
      problem(where, `volume ${volume.name} names the undefined ConfigMap ${volume.configMap.name}`);
  }
  const volumeNames = new Set([...(spec.volumes || []).map((v) => v.name),
    ...((object.spec.volumeClaimTemplates || []).map((t) => t.metadata.name))]);
  for (const container of spec.containers || []) {
    const at = `${where} container ${container.name}`;
    const ports = new Set((container.ports || []).map((p) => p.name));
    for (const [probe, route] of [["livenessProbe", "/livez"], ["readinessProbe", "/readyz"]]) {
      const check = container[probe] && container[probe].httpGet;
      if (!check) problem(at, `has no ${probe} on ${route}`);
      else {
        if (check.path !== route) problem(at, `${probe} asks ${check.path}, not ${route}`);
        if (typeof check.port === "string" && !ports.has(check.port)) problem(at, `${probe} names the undefined port ${check.port}`);
      }
    }
    if (!container.resources || !container.resources.requests || !container.resources.limits)
      problem(at, "has no resource requests and limits");
    for (const mount of container.volumeMounts || [])
      if (!volumeNames.has(mount.name)) problem(at, `mounts the undefined volume ${mount.name}`);
    for (const variable of container.env || []) {
      const ref = variable.valueFrom && variable.valueFrom.secretKeyRef;
      if (ref && !secrets.has(ref.name)) problem(at, `${variable.name} names the undefined Secret ${ref.name}`);
      if (/TOKEN$|API_KEY$|PASSWORD$/.test(variable.name) && variable.value !== undefined)
        problem(at, `${variable.name} holds a secret in plain text; use a *_FILE variable or a Secret`);
    }
    const isWorker = (container.args || []).includes("serve");
    if (isWorker) {
      const grace = graceOf(container);
      const termination = spec.terminationGracePeriodSeconds === undefined ? 30 : spec.terminationGracePeriodSeconds;
      if (termination <= grace)
        problem(at, `terminationGracePeriodSeconds ${termination} is not above the worker's grace of ${grace} s`);
      const annotations = (pod.metadata && pod.metadata.annotations) || {};
      if (annotations["prometheus.io/scrape"] !== "true" || !annotations["prometheus.io/port"])
        problem(at, "has no Prometheus scrape annotations");
    }
  }
}

for (const { where, object } of documents.filter((d) => d.object.kind === "Service")) {
  const selector = object.spec.selector || {};
  const selects = workloads.some(({ object: w }) => {
    const labels = (w.spec.template.metadata && w.spec.template.metadata.labels) || {};
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
  if (!selects) problem(where, "selects no pod of these manifests");
}

const containerfile = path.join(directory, "Containerfile");
if (fs.existsSync(containerfile)) {
  const known = new Set(["FROM", "ARG", "ENV", "COPY", "ADD", "RUN", "USER", "WORKDIR", "EXPOSE",
    "STOPSIGNAL", "ENTRYPOINT", "CMD", "LABEL", "VOLUME", "HEALTHCHECK", "SHELL", "ONBUILD"]);
  const lines = fs.readFileSync(containerfile, "utf8").replace(/\\\n/g, " ").split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  lines.forEach((line) => {
    const instruction = line.split(/\s+/)[0].toUpperCase();
    if (!known.has(instruction)) problem("Containerfile", `unknown instruction ${instruction}`);
  });
  const from = lines.find((l) => /^FROM\s/i.test(l)) || "";
  if (!/^FROM\s+debian:12(-slim)?(\s|$)/i.test(from)) problem("Containerfile", `is not based on Debian 12: ${from}`);
  if (!lines.some((l) => /necrocode-runner_\*_amd64\.deb/.test(l))) problem("Containerfile", "does not install the necrocode-runner package");
  const user = lines.filter((l) => /^USER\s/i.test(l)).pop();
  if (!user || /^USER\s+(root|0)(:|$)/i.test(user)) problem("Containerfile", "runs as root");
}

if (problems.length) {
  problems.forEach((p) => console.error(p));
  process.exit(1);
}
console.log(`${documents.length} Kubernetes objects valid${fs.existsSync(containerfile) ? ", Containerfile checked" : ""}`);
