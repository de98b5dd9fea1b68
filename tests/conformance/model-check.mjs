// Checks one captured request against its operation in the botocore service model (models/<service>.json), independently
// of any SDK: the HTTP binding (method, requestUri, X-Amz-Target, Content-Type), where every input member travels
// (uri label, query string, header, body or form) and under which name, and the members' values against their shapes.
// See README.md beside this file for what it checks and what it does not.
import { readFileSync } from "node:fs";

const models = new Map();

/** Headers a request may carry whatever its operation: transport, signing and SDK bookkeeping. */
const PROTOCOL_HEADERS = new Set([
  "host", "content-length", "content-type", "authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
  "user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "connection", "expect", "accept",
  "accept-encoding", "transfer-encoding", "x-amzn-trace-id",
]);

export class ModelError extends Error {}

export function loadModel(service) {
  if (!/^[a-z0-9-]+$/.test(service ?? "")) throw new ModelError(`not a service name: '${service}'`);
  if (!models.has(service)) {
    let text;
    try {
      text = readFileSync(new URL(`./models/${service}.json`, import.meta.url), "utf8");
    } catch {
      throw new ModelError(`no model for service '${service}' in models/`);
    }
    models.set(service, JSON.parse(text));
  }
  return models.get(service);
}

/**
 * {service, operation, request: {method, path, query, headers (lower-case names), bodyBase64}} →
 * {valid, protocol, problems: [...], checked: [...]}: each problem a sentence; checked lists what was matched.
 */
export function checkRequest({ service, operation, request }) {
  const model = loadModel(service);
  const op = model.operations?.[operation];
  if (!op) throw new ModelError(`the ${service} model has no operation '${operation}'`);
  const c = new Checker(model, request);
  const protocol = c.protocol();
  if (protocol === "rest-json") c.restJson(op);
  else if (protocol === "json") c.awsJson(op, operation);
  else if (protocol === "query") c.awsQuery(op, operation);
  else c.problem(`the request speaks ${protocol}, which this check does not know`);
  c.unknownHeaders(op, protocol);
  return { valid: c.problems.length === 0, protocol, problems: c.problems, checked: c.checked };
}

class Checker {
  constructor(model, request) {
    this.model = model;
    this.request = request;
    this.headers = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) this.headers[name.toLowerCase()] = String(value);
    this.body = Buffer.from(request.bodyBase64 ?? "", "base64");
    this.problems = [];
    this.checked = [];
  }

  problem(text) { this.problems.push(text); }

  shape(name) { return this.model.shapes[name]; }

  /** The protocol the request speaks: the model's only one, else the one its Content-Type names. */
  protocol() {
    const offered = this.model.metadata.protocols ?? [this.model.metadata.protocol];
    if (offered.length === 1) return offered[0];
    const media = mediaType(this.headers["content-type"]);
    const used = media.startsWith("application/x-amz-json-") ? "json"
      : media === "application/x-www-form-urlencoded" ? "query"
      : media === "application/cbor" ? "smithy-rpc-v2-cbor" : undefined;
    if (!used || !offered.includes(used)) {
      this.problem(`Content-Type '${this.headers["content-type"]}' is none of the model's protocols (${offered.join(", ")})`);
      return used ?? offered[0];
    }
    return used;
  }

  // ---------- the three protocols ----------

  restJson(op) {
    const input = op.input ? this.shape(op.input.shape) : { members: {} };
    const members = Object.entries(input.members ?? {});
    const required = new Set(input.required ?? []);
    this.method(op.http.method);
    if (this.headers["x-amz-target"] !== undefined) this.problem(`X-Amz-Target '${this.headers["x-amz-target"]}' is sent, but restJson1 has none`);

    const [pathTemplate, literalQuery = ""] = op.http.requestUri.split("?");
    const labels = matchPath(pathTemplate, this.request.path);
    if (!labels) this.problem(`path ${this.request.path} does not match the requestUri ${op.http.requestUri}`);
    else this.checked.push(`${op.http.method} ${op.http.requestUri}`);

    for (const [name, m] of members.filter(([, m]) => m.location === "uri")) {
      const label = m.locationName ?? name;
      const value = labels?.[label];
      if (labels && value === undefined) this.problem(`the requestUri has no label {${label}} for ${name}`);
      else if (value === "") this.problem(`uri label {${label}} (${name}) is empty`);
      else if (value !== undefined) {
        this.scalarText(m, value, `uri {${label}}`);
        this.checked.push(`uri {${label}} ← ${name}`);
      }
    }

    this.restQuery(members, required, literalQuery);
    this.restHeaders(members, required);
    this.restBody(op.input?.shape, input, members, required);
  }

  awsJson(op, operation) {
    const md = this.model.metadata;
    this.rpcBinding(op);
    this.exact("X-Amz-Target", `${md.targetPrefix}.${operation}`);
    this.contentType(`application/x-amz-json-${md.jsonVersion ?? "1.0"}`);
    if (md.awsQueryCompatible) this.exact("x-amzn-query-mode", "true");
    const json = this.jsonBody();
    if (json === undefined) return;
    if (!op.input) {
      if (Object.keys(json ?? {}).length > 0) this.problem("the operation has no input, yet the body has members");
      return;
    }
    this.jsonStructure({ shape: op.input.shape }, json, "body", true);
    this.checked.push(`body members: ${Object.keys(json ?? {}).join(", ") || "(none)"}`);
  }

  awsQuery(op, operation) {
    this.rpcBinding(op);
    if (this.headers["x-amz-target"] !== undefined) this.problem("X-Amz-Target is sent, but awsQuery has none");
    this.contentType("application/x-www-form-urlencoded");
    const pairs = parsePairs(this.body.toString("utf8"), true);
    const tree = {};
    for (const [key, value] of pairs) {
      if (key === "Action" || key === "Version") continue;
      insert(tree, key.split("."), value, (why) => this.problem(`form ${key}: ${why}`));
    }
    const single = (key, expected) => {
      const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
      if (values.length !== 1 || values[0] !== expected) this.problem(`form ${key}=${values.join(",")}, the model says ${expected}`);
    };
    single("Action", operation);
    single("Version", this.model.metadata.apiVersion);
    if (op.input) this.queryValue({ shape: op.input.shape }, tree, "form");
    else if (Object.keys(tree).length > 0) this.problem("the operation has no input, yet the form has members");
    this.checked.push(`form members: ${Object.keys(tree).join(", ") || "(none)"}`);
  }

  // ---------- HTTP binding ----------

  method(expected) {
    if (this.request.method !== expected) this.problem(`method ${this.request.method}, the model says ${expected}`);
  }

  /** awsJson and awsQuery: POST to the requestUri ("/"), nothing in the query string. */
  rpcBinding(op) {
    this.method(op.http.method);
    if (this.request.path !== op.http.requestUri) this.problem(`path ${this.request.path}, the model says ${op.http.requestUri}`);
    if (this.request.query) this.problem(`a query string '${this.request.query}' is sent, the protocol has none`);
    this.checked.push(`${op.http.method} ${op.http.requestUri}`);
  }

  exact(header, expected) {
    const actual = this.headers[header.toLowerCase()];
    if (actual !== expected) this.problem(`${header} '${actual}', the model says '${expected}'`);
    else this.checked.push(`${header}: ${expected}`);
  }

  contentType(expected) {
    const media = mediaType(this.headers["content-type"]);
    if (media !== expected) this.problem(`Content-Type '${this.headers["content-type"]}', the protocol says ${expected}`);
  }

  restQuery(members, required, literalQuery) {
    const located = new Map(members.filter(([, m]) => m.location === "querystring").map(([n, m]) => [m.locationName ?? n, [n, m]]));
    const catchAll = members.find(([, m]) => m.location === "querystring" && this.shape(m.shape).type === "map");
    const literals = parsePairs(literalQuery, false);
    const sent = parsePairs(this.request.query ?? "", false);
    for (const [name, value] of literals) {
      if (!sent.some(([n, v]) => n === name && (value === "" || v === value))) this.problem(`the literal query part '${name}' of the requestUri is missing`);
    }
    const values = new Map();
    for (const [name, value] of sent) {
      if (literals.some(([n]) => n === name)) continue;
      const target = located.get(name) ?? catchAll;
      if (!target) {
        this.problem(this.misplaced(members, name, "querystring", `query parameter '${name}' is not in the model's input`));
        continue;
      }
      if (!values.has(target)) values.set(target, []);
      values.get(target).push(value);
    }
    for (const [[name, m], list] of values) {
      const shape = this.shape(m.shape);
      if (shape.type === "map") continue; // a catch-all map of strings takes any parameter
      if (shape.type !== "list" && list.length > 1) this.problem(`query parameter '${m.locationName}' is repeated, ${name} is not a list`);
      for (const v of list) this.scalarText(shape.type === "list" ? shape.member : m, v, `query ${m.locationName}`);
      this.checked.push(`query ${m.locationName} ← ${name}`);
    }
    for (const [name, m] of located.values()) {
      if (required.has(name) && ![...values.keys()].some(([n]) => n === name)) this.problem(`required member ${name} is missing from the query string (${m.locationName})`);
    }
  }

  restHeaders(members, required) {
    for (const [name, m] of members.filter(([, m]) => m.location === "header")) {
      const header = (m.locationName ?? name).toLowerCase();
      const value = this.headers[header];
      if (value === undefined) {
        if (required.has(name)) this.problem(`required member ${name} is missing: no ${m.locationName} header`);
        continue;
      }
      if (!m.jsonvalue && this.shape(m.shape).type !== "list") this.scalarText(m, value, `header ${m.locationName}`);
      this.checked.push(`header ${m.locationName} ← ${name}`);
    }
  }

  restBody(inputName, input, members, required) {
    if (input.payload) {
      const m = input.members[input.payload];
      const type = this.shape(m.shape).type;
      if (type === "blob" || type === "string") {
        if (this.body.length === 0 && required.has(input.payload)) this.problem(`required payload ${input.payload} is missing: the body is empty`);
        else if (this.body.length > 0) this.checked.push(`body = ${input.payload} (${this.body.length} bytes, raw)`);
        return;
      }
      const json = this.body.length > 0 ? this.jsonBody() : undefined;
      if (json !== undefined) this.jsonValue(m, json, `body (${input.payload})`);
      else if (required.has(input.payload)) this.problem(`required payload ${input.payload} is missing: the body is empty`);
      return;
    }
    const bodyMembers = members.filter(([, m]) => !m.location);
    if (bodyMembers.length === 0) {
      if (this.body.length > 0) this.problem(`a ${this.body.length}-byte body is sent, but the operation has no body members`);
      return;
    }
    if (this.body.length === 0) {
      for (const [name] of bodyMembers) if (required.has(name)) this.problem(`required member ${name} is missing: the body is empty`);
      return;
    }
    this.contentType("application/json");
    const json = this.jsonBody();
    if (json === undefined) return;
    this.jsonStructure({ shape: inputName }, json, "body", true);
    this.checked.push(`body members: ${Object.keys(json ?? {}).join(", ") || "(none)"}`);
  }

  /** Headers that are neither protocol headers nor header members of the input. */
  unknownHeaders(op, protocol) {
    const members = Object.entries(op.input ? this.shape(op.input.shape).members : {});
    const known = new Set(members.filter(([, m]) => m.location === "header").map(([n, m]) => (m.locationName ?? n).toLowerCase()));
    const prefixes = members.filter(([, m]) => m.location === "headers").map(([n, m]) => (m.locationName ?? n).toLowerCase());
    if (protocol === "json" && this.model.metadata.awsQueryCompatible) known.add("x-amzn-query-mode");
    for (const header of Object.keys(this.headers)) {
      if (PROTOCOL_HEADERS.has(header) || known.has(header) || prefixes.some((p) => header.startsWith(p))) continue;
      if (header.startsWith("x-amz-checksum-") || header === "x-amz-sdk-checksum-algorithm") continue;
      if (header === "x-amz-target") continue; // judged by the protocol's own check
      this.problem(this.misplaced(members, header, "header", `header '${header}' is not in the model's input`));
    }
  }

  /** A name that is no member's name in this place: says which member it looks like and where that one belongs. */
  misplaced(members, sentName, location, otherwise) {
    const lower = sentName.toLowerCase();
    const hit = members.find(([n, m]) => n.toLowerCase() === lower || (m.locationName ?? "").toLowerCase() === lower);
    if (!hit) return otherwise;
    const [name, m] = hit;
    const place = { querystring: "query string", header: "headers" }[location];
    return m.location === location
      ? `${otherwise}; member ${name} goes in the ${place} as '${m.locationName}'`
      : `member ${name} is sent in the ${place} as '${sentName}', the model puts it in the ${m.location ?? "body"}${m.locationName ? ` as '${m.locationName}'` : ""}`;
  }

  // ---------- JSON bodies ----------

  jsonBody() {
    try {
      const json = JSON.parse(this.body.toString("utf8"));
      if (json === null || typeof json !== "object" || Array.isArray(json)) {
        this.problem("the body is not a JSON object");
        return undefined;
      }
      return json;
    } catch (e) {
      this.problem(`the body is not JSON: ${e.message}`);
      return undefined;
    }
  }

  /** A structure: known members only (top level: body members only), required members present, a union has one. */
  jsonStructure(ref, value, where, topLevel = false) {
    const shape = this.shape(ref.shape);
    if (!isObject(value)) return this.problem(`${where} should be an object (structure)`);
    const byWire = new Map(Object.entries(shape.members ?? {}).map(([n, m]) => [m.locationName && !m.location ? m.locationName : n, [n, m]]));
    for (const [key, v] of Object.entries(value)) {
      const hit = byWire.get(key);
      if (!hit) { this.problem(`${where}.${key} is not a member of ${ref.shape}`); continue; }
      const [name, m] = hit;
      if (topLevel && m.location) { this.problem(`member ${name} is sent in the body, the model puts it in the ${m.location} as '${m.locationName}'`); continue; }
      if (v === null) { this.problem(`${where}.${key} is null`); continue; }
      this.jsonValue(m, v, `${where}.${key}`);
    }
    for (const name of shape.required ?? []) {
      const m = shape.members[name];
      if (topLevel && m.location) continue; // checked where it belongs
      if (!(name in value)) this.problem(`required member ${where}.${name} is missing`);
    }
    if (shape.union && Object.keys(value).length !== 1) this.problem(`${where} is a union: exactly one member must be set`);
  }

  jsonValue(ref, value, where) {
    const shape = this.shape(ref.shape);
    switch (shape.type) {
      case "structure": return this.jsonStructure(ref, value, where);
      case "list":
        if (!Array.isArray(value)) return this.problem(`${where} should be a list`);
        this.range(shape, value.length, where, "items");
        return value.forEach((item, i) => this.jsonValue(shape.member, item, `${where}[${i}]`));
      case "map":
        if (!isObject(value)) return this.problem(`${where} should be a map`);
        this.range(shape, Object.keys(value).length, where, "entries");
        for (const [k, v] of Object.entries(value)) {
          this.constraints(shape.key, k, `${where} key '${k}'`);
          this.jsonValue(shape.value, v, `${where}.${k}`);
        }
        return;
      case "string": return typeof value === "string" ? this.constraints(ref, value, where) : this.problem(`${where} should be a string`);
      case "boolean": return typeof value === "boolean" ? undefined : this.problem(`${where} should be a boolean`);
      case "integer": case "long":
        return Number.isInteger(value) ? this.constraints(ref, value, where) : this.problem(`${where} should be an integer`);
      case "float": case "double":
        return typeof value === "number" || ["NaN", "Infinity", "-Infinity"].includes(value)
          ? this.constraints(ref, value, where) : this.problem(`${where} should be a number`);
      case "timestamp": {
        const format = ref.timestampFormat ?? shape.timestampFormat ?? "unixTimestamp";
        const ok = format === "unixTimestamp" ? typeof value === "number" : typeof value === "string" && !Number.isNaN(Date.parse(value));
        return ok ? undefined : this.problem(`${where} should be a timestamp as ${format}`);
      }
      case "blob": return typeof value === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? undefined : this.problem(`${where} should be base64`);
      default: return undefined; // document
    }
  }

  // ---------- awsQuery forms ----------

  queryValue(ref, node, where) {
    const shape = this.shape(ref.shape);
    const leaf = typeof node === "string";
    switch (shape.type) {
      case "structure": {
        if (leaf) return this.problem(`${where} should be a structure, not a value`);
        const byWire = new Map(Object.entries(shape.members ?? {}).map(([n, m]) => [m.locationName ?? n, [n, m]]));
        for (const [key, child] of Object.entries(node)) {
          const hit = byWire.get(key);
          if (!hit) { this.problem(`${where}.${key} is not a member of ${ref.shape}`); continue; }
          this.queryValue(hit[1], child, `${where}.${key}`);
        }
        for (const name of shape.required ?? []) {
          if (!((shape.members[name].locationName ?? name) in node)) this.problem(`required member ${where}.${name} is missing`);
        }
        return;
      }
      case "list": {
        if (leaf) return node === "" ? undefined : this.problem(`${where} should be a list (${where}.member.N)`);
        const items = shape.flattened ? node : this.only(node, shape.member.locationName ?? "member", where);
        return this.indexed(items, where).forEach(([i, item]) => this.queryValue(shape.member, item, `${where}.member.${i}`));
      }
      case "map": {
        if (leaf) return node === "" ? undefined : this.problem(`${where} should be a map (${where}.entry.N)`);
        const keyName = shape.key.locationName ?? "key";
        const valueName = shape.value.locationName ?? "value";
        const entries = shape.flattened ? node : this.only(node, "entry", where);
        for (const [i, entry] of this.indexed(entries, where)) {
          const at = `${where}.entry.${i}`;
          if (typeof entry === "string") { this.problem(`${at} should have .${keyName} and .${valueName}`); continue; }
          for (const key of Object.keys(entry)) if (key !== keyName && key !== valueName) this.problem(`${at}.${key}: a map entry has only .${keyName} and .${valueName}`);
          if (typeof entry[keyName] !== "string") this.problem(`${at}.${keyName} is missing`);
          else this.constraints(shape.key, entry[keyName], `${at}.${keyName}`);
          if (entry[valueName] === undefined) this.problem(`${at}.${valueName} is missing`);
          else this.queryValue(shape.value, entry[valueName], `${at}.${valueName}`);
        }
        return;
      }
      default:
        if (!leaf) return this.problem(`${where} should be a value, not ${Object.keys(node).map((k) => `${where}.${k}`).join(", ")}`);
        return this.scalarText(ref, node, where);
    }
  }

  only(node, key, where) {
    if (!node || typeof node === "string" || Object.keys(node).length !== 1 || !(key in node)) {
      this.problem(`${where} should be serialized as ${where}.${key}.N`);
      return {};
    }
    return node[key];
  }

  /** The items of a list or map, numbered 1..n without gaps. */
  indexed(items, where) {
    if (typeof items === "string") { this.problem(`${where}: expected numbered items`); return []; }
    const keys = Object.keys(items);
    const numbers = keys.map(Number).sort((a, b) => a - b);
    if (!numbers.every((n, i) => n === i + 1) || keys.some((k) => !/^[1-9][0-9]*$/.test(k))) this.problem(`${where}: items must be numbered 1..${keys.length}, got ${keys.join(",")}`);
    return keys.map((k) => [k, items[k]]);
  }

  // ---------- values ----------

  /** A scalar given as text (uri label, query parameter, header, form value): parsed by its type, then constrained. */
  scalarText(ref, text, where) {
    const shape = this.shape(ref.shape);
    switch (shape.type) {
      case "integer": case "long":
        return /^-?[0-9]+$/.test(text) ? this.constraints(ref, Number(text), where) : this.problem(`${where} '${text}' should be an integer`);
      case "float": case "double":
        return Number.isNaN(Number(text)) && !["NaN", "Infinity", "-Infinity"].includes(text)
          ? this.problem(`${where} '${text}' should be a number`) : this.constraints(ref, Number(text), where);
      case "boolean": return text === "true" || text === "false" ? undefined : this.problem(`${where} '${text}' should be true or false`);
      case "timestamp": return Number.isNaN(Date.parse(text)) && !/^[0-9.]+$/.test(text) ? this.problem(`${where} '${text}' should be a timestamp`) : undefined;
      case "string": return this.constraints(ref, text, where);
      default: return undefined;
    }
  }

  /** enum, length / range and pattern of a string or number. */
  constraints(ref, value, where) {
    const shape = this.shape(ref.shape);
    if (typeof value === "string") {
      if (shape.enum && !shape.enum.includes(value)) this.problem(`${where} '${value}' is not one of ${shape.enum.join("|")}`);
      this.range(shape, [...value].length, where, "characters");
      const pattern = compile(shape.pattern);
      if (pattern && !pattern.test(value)) this.problem(`${where} '${value}' does not match the pattern ${shape.pattern}`);
    } else if (typeof value === "number") {
      this.range(shape, value, where, "");
    }
  }

  range(shape, n, where, unit) {
    const what = unit ? `${n} ${unit}` : `${n}`;
    if (shape.min !== undefined && n < shape.min) this.problem(`${where}: ${what}, the model's min is ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) this.problem(`${where}: ${what}, the model's max is ${shape.max}`);
  }
}

// ---------- helpers ----------

const patterns = new Map();

/** A model pattern as a JS RegExp (unanchored, as Smithy's are), or null if JS cannot compile it. */
function compile(pattern) {
  if (!pattern) return null;
  if (!patterns.has(pattern)) {
    let regex = null;
    for (const flags of ["u", ""]) {
      try { regex = new RegExp(pattern, flags); break; } catch { /* try the next flags */ }
    }
    patterns.set(pattern, regex);
  }
  return patterns.get(pattern);
}

function mediaType(contentType) {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** name=value pairs of a query string or form ('+' is a space only in a form), decoded. */
function parsePairs(text, plusIsSpace) {
  const decode = (s) => decodeURIComponent(plusIsSpace ? s.replaceAll("+", " ") : s);
  return text.split("&").filter((p) => p !== "").map((p) => {
    const eq = p.indexOf("=");
    return eq < 0 ? [decode(p), ""] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
  });
}

/** The decoded label values of a path that matches the template, else null. {Name+} is greedy; {Name} one segment. */
function matchPath(template, path) {
  const names = [];
  const source = template.split(/(\{[^}]+\})/).map((part) => {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (!label) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    names.push(label[1]);
    return label[2] ? "(.*)" : "([^/]*)";
  }).join("");
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return null;
  const labels = {};
  names.forEach((name, i) => { labels[name] = decodeURIComponent(match[i + 1]); });
  return labels;
}

/** Puts a form value into a tree by its dotted key; a key that is both a value and a prefix is reported. */
function insert(tree, parts, value, report) {
  let node = tree;
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1) {
      if (part in node) report("sent twice, or both as a value and as a structure");
      else node[part] = value;
      return;
    }
    if (typeof node[part] === "string") return report("both a value and a structure");
    node = node[part] ??= {};
  }
}
