// Verifies a JWT with jose against an X.509 certificate (PEM), independently of IdentityModel, for BotTokenClient's tests.
// Usage: node jwt-verify.mjs <jwt> <certificate.pem> <alg>
// Prints { protectedHeader, payload } when the signature holds; exits non-zero otherwise. Times are not checked here
// (the token is made on the tests' simulated clock); the test checks the claims itself.
import { readFileSync } from 'node:fs';
import { importX509, compactVerify } from 'jose';

const [jwt, pemPath, alg] = process.argv.slice(2);
const key = await importX509(readFileSync(pemPath, 'utf8'), alg);
const { payload, protectedHeader } = await compactVerify(jwt, key, { algorithms: [alg] });
process.stdout.write(JSON.stringify({ protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)) }));
