// Validates a Teams app manifest against a JSON schema with ajv (the copy installed for the Teams adapter's oracles,
// tests/OpsBot.Teams.Tests/node, `npm ci` from its lock file), and prints {"valid": …, "errors": […]}.
//
//     node validate.cjs <schema.json> <manifest.json>
//
// Microsoft's manifest schemas declare draft-04 but use later keywords (const; if/then in places); ajv's default
// dialect (draft-07) reads them all, so the declared $schema is set aside before compiling. The one format they use,
// "uri", is checked as an absolute URL.
"use strict";
const fs = require("fs");
const path = require("path");

const Ajv = require(path.resolve(__dirname, "../../../OpsBot.Teams.Tests/node/node_modules/ajv")).default;

const [schemaPath, manifestPath] = process.argv.slice(2);
if (!schemaPath || !manifestPath) {
  console.error("usage: node validate.cjs <schema.json> <manifest.json>");
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
delete schema.$schema;
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("uri", (value) => {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
});
const validate = ajv.compile(schema);
const valid = validate(manifest);
console.log(JSON.stringify({ valid, errors: (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`) }));
