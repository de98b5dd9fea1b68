// Signs SNS messages the way SNS does, independently of OpsBot's C# code: builds each message's string to sign from
// AWS's documented field lists and signs it with Node's crypto (RSA PKCS#1 v1.5; SHA-1 for SignatureVersion 1,
// SHA-256 for 2).
// stdin:  {"privateKey": "<PKCS#8 PEM>", "messages": [{Type, MessageId, TopicArn, Message, Timestamp, SignatureVersion, ...}]}
// stdout: the messages, each with its base64 Signature.
import { createSign } from 'node:crypto';

const signedFields = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { privateKey, messages } = JSON.parse(input);

const signed = messages.map((message) => {
  const fields = signedFields[message.Type];
  if (!fields) throw new Error(`unknown Type ${message.Type}`);
  const stringToSign = fields
    .filter((name) => Object.prototype.hasOwnProperty.call(message, name))
    .map((name) => `${name}\n${message[name]}\n`)
    .join('');
  const signer = createSign(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(stringToSign, 'utf8');
  return { ...message, Signature: signer.sign(privateKey, 'base64') };
});
process.stdout.write(JSON.stringify(signed));
