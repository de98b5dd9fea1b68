// Validates rendered Adaptive Cards against the vendored official 1.5 schema (draft-06) with ajv.
// Usage: node card-validate.mjs <cards.json>, where the file holds [{ "name": "...", "card": {...} }].
// Prints [{ name, valid, errors }]; the Teams-only `msteams` block is removed first (the schema does not know it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
const schema = JSON.parse(readFileSync(new URL('../schemas/adaptive-card-1.5.json', import.meta.url), 'utf8'));
// The file names itself with draft-04's `id`, which ajv 8 refuses; draft-06 spells it `$id`.
if (schema.id && !schema.$id) { schema.$id = schema.id; delete schema.id; }

// strict: false — the schema carries its own annotations (version, features).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(draft06);
const validate = ajv.compile(schema);

const results = JSON.parse(readFileSync(process.argv[2], 'utf8')).map(({ name, card }) => {
  const { msteams, ...plain } = card;
  const valid = validate(plain);
  // anyOf branches report every mismatch; the deepest paths say what is really wrong.
  const errors = [...(validate.errors ?? [])]
    .sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)
    .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
    .slice(0, 20);
  return { name, valid, errors };
});
process.stdout.write(JSON.stringify(results));
