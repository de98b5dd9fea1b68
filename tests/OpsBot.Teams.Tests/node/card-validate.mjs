// Validates rendered Adaptive Cards with ajv: always against OpsBot's own statement of the Adaptive Cards 1.5
// constraints (../schemas/opsbot-adaptive-card-1.5.schema.json, draft-07), and also against the official 1.5 schema
// file when one is at hand (it is not kept in the repository; see ../schemas/README.md):
//   - the file named by the environment variable OPSBOT_ADAPTIVE_CARD_SCHEMA (it must exist when the variable is set),
//   - else ../shared/reference/adaptive-cards/adaptive-card-1.5.json relative to the repository root, when present.
// Usage: node card-validate.mjs <cards.json>, where the file holds [{ "name": "...", "card": {...} }].
// Prints { schemas: [{ name, path }], results: [{ name, valid, errors, official }] }: `valid` and `errors` are the
// verdict of OpsBot's schema, `official` is { valid, errors } from the official file, or null when it was not checked.
// The Teams-only `msteams` block is removed first (neither schema knows it).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');

const ownPath = fileURLToPath(new URL('../schemas/opsbot-adaptive-card-1.5.schema.json', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function officialPath() {
  const configured = process.env.OPSBOT_ADAPTIVE_CARD_SCHEMA;
  if (configured) {
    if (!existsSync(configured)) {
      console.error(`OPSBOT_ADAPTIVE_CARD_SCHEMA names ${configured}, which does not exist`);
      process.exit(2);
    }
    return configured;
  }
  const shared = resolve(repoRoot, '..', 'shared', 'reference', 'adaptive-cards', 'adaptive-card-1.5.json');
  return existsSync(shared) ? shared : null;
}

// OpsBot's schema: strict mode on (it must use only keywords ajv knows), every error reported with the value at fault.
const own = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(JSON.parse(readFileSync(ownPath, 'utf8')));

// The official file declares draft-06 and names itself with draft-04's `id`, which ajv 8 refuses: it becomes `$id`.
// strict: false because it carries its own annotations (version, features); its formats are not checked.
let official = null;
const offPath = officialPath();
if (offPath) {
  const schema = JSON.parse(readFileSync(offPath, 'utf8'));
  if (schema.id && !schema.$id) { schema.$id = schema.id; delete schema.id; }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, verbose: true });
  ajv.addMetaSchema(draft06);
  official = ajv.compile(schema);
}

const quote = (v) => JSON.stringify(v);

// One line per problem, saying where and what: the deepest paths first (they say what is really wrong), without the
// "must match then/anyOf schema" lines that only repeat a deeper error.
function describe(errors) {
  return [...(errors ?? [])]
    .filter((e) => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword))
    .sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)
    .map((e) => {
      const at = e.instancePath || '/';
      switch (e.keyword) {
        case 'additionalProperties':
          return `${at} has property ${quote(e.params.additionalProperty)}, which is not allowed here (misspelt, or outside the schema)`;
        case 'enum':
          return `${at} is ${quote(e.data)}, must be one of ${e.params.allowedValues.map(quote).join(', ')}`;
        case 'const':
          return `${at} is ${quote(e.data)}, must be ${quote(e.params.allowedValue)}`;
        default:
          return `${at} ${e.message} ${quote(e.params)}`;
      }
    })
    .filter((line, i, all) => all.indexOf(line) === i)
    .slice(0, 20);
}

function verdict(validate, card) {
  const valid = validate(card);
  return { valid, errors: valid ? [] : describe(validate.errors) };
}

const results = JSON.parse(readFileSync(process.argv[2], 'utf8')).map(({ name, card }) => {
  const { msteams, ...plain } = card;
  return { name, ...verdict(own, plain), official: official ? verdict(official, plain) : null };
});
const schemas = [{ name: 'opsbot', path: ownPath }, ...(offPath ? [{ name: 'official', path: offPath }] : [])];
process.stdout.write(JSON.stringify({ schemas, results }));
