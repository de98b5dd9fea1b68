// An independent Bot Framework-style token issuer for BotTokenValidator's tests (jose, not IdentityModel).
// Input (argv[2], JSON): { keys: [{ kid, endorsements? }], tokens: [{ name, alg, kid?, key?, secret?, claims }] }
//   key: which generated key signs (defaults to kid), so a token can claim one kid and be signed by another;
//   alg: RS256/RS384/RS512 (RSA keys), HS256 (secret), or none (unsigned).
// Output (stdout, JSON): { jwks: { keys: [public JWKs, with "endorsements" when given] }, tokens: { name: jwt } }
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, exportJWK, base64url } from 'jose';

const input = JSON.parse(process.argv[2]);
const privateKeys = new Map();
const jwks = { keys: [] };

for (const spec of input.keys) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKeys.set(spec.kid, privateKey);
  const jwk = { ...(await exportJWK(publicKey)), kid: spec.kid, use: 'sig' };
  if (spec.endorsements) jwk.endorsements = spec.endorsements;
  jwks.keys.push(jwk);
}

const encode = (value) => base64url.encode(JSON.stringify(value));
const tokens = {};
for (const t of input.tokens) {
  const header = { alg: t.alg, typ: 'JWT', ...(t.kid ? { kid: t.kid } : {}) };
  if (t.alg === 'none') {
    tokens[t.name] = `${encode(header)}.${encode(t.claims)}.`;
    continue;
  }
  const key = t.alg.startsWith('HS') ? new TextEncoder().encode(t.secret) : privateKeys.get(t.key ?? t.kid);
  if (!key) throw new Error(`token ${t.name}: no key ${t.key ?? t.kid}`);
  tokens[t.name] = await new SignJWT(t.claims).setProtectedHeader(header).sign(key);
}

process.stdout.write(JSON.stringify({ jwks, tokens }));
