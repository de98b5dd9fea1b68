// Verifies SNS messages with the independent check of sns-signature.mjs (Node's crypto), and each one again with one
// member changed, which must fail.
// Usage: node sns-verify.mjs <pinned SHA-256 thumbprint of the SNS host's TLS certificate>  < [message, ...] (JSON on stdin)
// Prints [{type, messageId, signatureVersion, valid, tampered}]. Run by tests/OpsBot.Sandbox.Tests/Aws/Sns/AlarmNotificationTests.cs.
import { verify } from './sns-signature.mjs';

const [pin] = process.argv.slice(2);
if (!pin) {
  console.error('usage: node sns-verify.mjs <pinned thumbprint> < messages.json');
  process.exit(2);
}
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const message of JSON.parse(input)) {
  const checked = await verify(message, pin);
  const changed = message.Type === 'Notification' ? { ...message, Message: `${message.Message} ` } : { ...message, Token: `${message.Token}0` };
  const tampered = await verify(changed, pin);
  results.push({
    type: message.Type, messageId: message.MessageId, signatureVersion: message.SignatureVersion, valid: checked.valid, reason: checked.reason ?? null, tampered: tampered.valid,
  });
}
console.log(JSON.stringify(results));
