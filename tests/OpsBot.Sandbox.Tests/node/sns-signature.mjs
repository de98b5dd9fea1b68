// An independent check of SNS message signatures, written from AWS's documentation ("Verifying the signatures of
// Amazon SNS messages") with Node's crypto, nothing taken from the emulator: the SigningCertURL must be https and end
// in .pem; the certificate is fetched from it over TLS, the server's certificate trusted only when its SHA-256
// fingerprint is the pinned one (the sandbox's host is self-signed, as OpsBot's configuration pins it); the string to
// sign is "Name\nValue\n" for each member in the documented order (a Notification's Message, MessageId, Subject if
// present, Timestamp, TopicArn, Type; a confirmation's Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn,
// Type); SignatureVersion 1 is RSA-SHA1, 2 is RSA-SHA256.
import https from 'node:https';
import crypto from 'node:crypto';

const certificates = new Map();

function fetchPinned(url, pin) {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { agent: false, rejectUnauthorized: false }, (response) => {
      const fingerprint = response.socket.getPeerCertificate().fingerprint256.replaceAll(':', '');
      if (fingerprint.toUpperCase() !== pin.toUpperCase()) {
        response.destroy();
        reject(new Error(`TLS certificate ${fingerprint} is not the pinned ${pin}`));
        return;
      }
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url}: ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

export function stringToSign(message) {
  const members = message.Type === 'Notification'
    ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return members.filter((m) => message[m] !== undefined && message[m] !== null).map((m) => `${m}\n${message[m]}\n`).join('');
}

/** Whether the message's signature verifies, and why not when it does not. */
export async function verify(message, pin) {
  const url = new URL(message.SigningCertURL);
  if (url.protocol !== 'https:' || !url.pathname.endsWith('.pem')) return { valid: false, reason: `SigningCertURL ${url}` };
  const algorithm = { 1: 'RSA-SHA1', 2: 'RSA-SHA256' }[message.SignatureVersion];
  if (!algorithm) return { valid: false, reason: `SignatureVersion ${message.SignatureVersion}` };
  if (!certificates.has(url.href)) certificates.set(url.href, fetchPinned(url, pin));
  const pem = await certificates.get(url.href);
  const verifier = crypto.createVerify(algorithm);
  verifier.update(stringToSign(message), 'utf8');
  return { valid: verifier.verify(pem, message.Signature, 'base64'), algorithm };
}
