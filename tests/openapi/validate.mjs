// validate.mjs FILE [ANSWERS]: validates an OpenAPI 3.1 document (the gateway's /api/v1/openapi.json) with
// a standard validator, @seriousme/openapi-schema-validator (the OpenAPI Initiative's 3.1
// schema), then checks what that schema leaves open: every $ref resolves, and every schema
// of components.schemas compiles as JSON Schema 2020-12 (Ajv). Prints one line per operation,
// "METHOD PATH" (upper-case method), on stdout; a summary or the errors on stderr. Exit 0
// when valid, 1 when not, 2 on a usage or read error. Run by tests/openapi_validate.sh from
// the folder it installed the validator in.
//
// ANSWERS, when given, holds answers the gateway gave, one a line: "METHOD<TAB>PATH<TAB>STATUS
// <TAB>BODY" (BODY compact JSON); each must be a response the document gives for that
// operation, and its body valid by the response's schema.
import { readFileSync } from "node:fs";
import { argv, exit, stderr, stdout } from "node:process";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";

const file = argv[2];
const answersFile = argv[3];
if (!file) {
	stderr.write("usage: validate.mjs FILE [ANSWERS]\n");
	exit(2);
}
let document;
try {
	document = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
	stderr.write(`openapi: ${file}: ${error.message}\n`);
	exit(2);
}

const problems = [];
const validator = new Validator();
const result = await validator.validate(structuredClone(document));
if (!result.valid) {
	problems.push(`not a valid OpenAPI document: ${JSON.stringify(result.errors, null, 1)}`);
}
if (!String(validator.version).startsWith("3.1")) {
	problems.push(`OpenAPI version ${validator.version}, not 3.1`);
}

// Every local $ref names something that is there.
function pointer(root, ref) {
	let at = root;
	for (const raw of ref.slice(2).split("/")) {
		const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
		if (at === null || typeof at !== "object" || !(key in at)) return undefined;
		at = at[key];
	}
	return at;
}
let refs = 0;
(function walk(node, where) {
	if (Array.isArray(node)) {
		node.forEach((item, index) => walk(item, `${where}/${index}`));
	} else if (node !== null && typeof node === "object") {
		for (const [key, value] of Object.entries(node)) {
			if (key === "$ref" && typeof value === "string") {
				refs++;
				if (!value.startsWith("#/") || pointer(document, value) === undefined)
					problems.push(`${where}: $ref ${value} does not resolve`);
			} else {
				walk(value, `${where}/${key}`);
			}
		}
	}
})(document, "#");

// The schemas as JSON Schema 2020-12 (OpenAPI 3.1's dialect; its formats are annotations).
const schemas = document.components?.schemas ?? {};
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const id = "https://openapi.invalid/openapi.json";
ajv.addSchema({ $id: id, components: { schemas } });
for (const name of Object.keys(schemas)) {
	try {
		ajv.compile({ $ref: `${id}#/components/schemas/${name}` });
	} catch (error) {
		problems.push(`components.schemas.${name}: ${error.message}`);
	}
}

// The answers against the operations' responses.
let answers = 0;
if (answersFile) {
	const compiled = new Map();
	const check = (ref, value) => {
		if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: `${id}${ref}` }));
		const validate = compiled.get(ref);
		return validate(value) ? null : ajv.errorsText(validate.errors);
	};
	for (const line of readFileSync(answersFile, "utf8").split("\n")) {
		if (!line) continue;
		const [method, path, status, body] = line.split("\t");
		const where = `answer ${method} ${path} ${status}`;
		answers++;
		let response = document.paths?.[path]?.[method.toLowerCase()]?.responses?.[status];
		if (response?.$ref) response = pointer(document, response.$ref);
		if (!response) {
			problems.push(`${where}: not a response the document gives`);
			continue;
		}
		const content = response.content?.[status === "200" ? "application/json" : "application/problem+json"];
		const ref = content?.schema?.$ref;
		if (!ref) {
			problems.push(`${where}: the document gives no schema`);
			continue;
		}
		let value;
		try {
			value = JSON.parse(body);
		} catch (error) {
			problems.push(`${where}: not JSON: ${error.message}`);
			continue;
		}
		const error = check(ref, value);
		if (error) problems.push(`${where}: ${body.slice(0, 300)}: not a ${ref}: ${error}`);
	}
}

if (problems.length > 0) {
	for (const problem of problems) stderr.write(`openapi: ${problem}\n`);
	exit(1);
}
let operations = 0;
for (const [path, item] of Object.entries(document.paths ?? {})) {
	for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
		if (item[method]) {
			stdout.write(`${method.toUpperCase()} ${path}\n`);
			operations++;
		}
	}
}
stderr.write(
	`openapi: valid OpenAPI ${validator.version}: ${Object.keys(document.paths ?? {}).length} paths, ` +
		`${operations} operations, ${Object.keys(schemas).length} schemas, ${refs} references` +
		(answersFile ? `; ${answers} answers match their responses` : "") +
		"\n",
);
