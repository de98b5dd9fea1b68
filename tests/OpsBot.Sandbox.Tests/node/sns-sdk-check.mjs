// Drives the sandbox's SNS emulator with the official AWS SDK for JavaScript v3 (@aws-sdk/client-sns, pinned by
// package-lock.json) as an operator subscribing an HTTP endpoint would: Subscribe (an HTTP endpoint this script serves on
// 127.0.0.1), ListSubscriptionsByTopic while it is pending, ConfirmSubscription with the Token of the
// SubscriptionConfirmation it was sent, ListSubscriptionsByTopic again, a Publish that arrives as a Notification,
// Unsubscribe (an UnsubscribeConfirmation arrives), and the refusals the SDK must understand. Every message received is
// verified with sns-signature.mjs (Node's crypto, the certificate fetched over the pinned TLS host).
// Usage: node sns-sdk-check.mjs <endpointUrl> <region> <topicArn> <pinned SHA-256 thumbprint>
// Prints one JSON object. Run by tests/OpsBot.Sandbox.Tests/Aws/Sns/NodeSdkSnsTests.cs.
import http from 'node:http';
import {
  SNSClient, SubscribeCommand, ConfirmSubscriptionCommand, ListSubscriptionsByTopicCommand, PublishCommand, UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { verify } from './sns-signature.mjs';

const [endpoint, region, topicArn, pin] = process.argv.slice(2);
if (!pin) {
  console.error('usage: node sns-sdk-check.mjs <endpointUrl> <region> <topicArn> <pinned thumbprint>');
  process.exit(2);
}

const received = [];
let arrived = () => {};
const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', () => {
    received.push({ headers: request.headers, body: JSON.parse(body) });
    response.writeHead(200).end();
    arrived();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const hook = `http://127.0.0.1:${server.address().port}/hook`;

async function next(type) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const found = received.find((r) => r.body.Type === type && !r.taken);
    if (found) {
      found.taken = true;
      return found;
    }
    if (Date.now() > deadline) throw new Error(`no ${type} within 15 s`);
    await new Promise((resolve) => { arrived = resolve; setTimeout(resolve, 500); });
  }
}

async function refusal(command) {
  try {
    await client.send(command);
    return null;
  } catch (error) {
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
  }
}

const client = new SNSClient({ endpoint, region, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const list = async () => (await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
const out = { hook };

out.subscribe = (await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: hook }))).SubscriptionArn;
const confirmation = await next('SubscriptionConfirmation');
out.confirmationHeaders = {
  type: confirmation.headers['x-amz-sns-message-type'], topic: confirmation.headers['x-amz-sns-topic-arn'], contentType: confirmation.headers['content-type'],
};
out.pending = await list();
out.confirmed = (await client.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: confirmation.body.Token }))).SubscriptionArn;
out.listed = await list();

out.messageId = (await client.send(new PublishCommand({
  TopicArn: topicArn, Subject: 'From the SDK', Message: 'hello over http',
  MessageAttributes: { environment: { DataType: 'String', StringValue: 'prod' } },
}))).MessageId;
const notification = await next('Notification');
out.notification = {
  messageId: notification.body.MessageId, subject: notification.body.Subject, message: notification.body.Message,
  attributes: notification.body.MessageAttributes, subscriptionHeader: notification.headers['x-amz-sns-subscription-arn'],
};

await client.send(new UnsubscribeCommand({ SubscriptionArn: out.confirmed }));
const goodbye = await next('UnsubscribeConfirmation');
out.afterUnsubscribe = await list();
out.verified = await Promise.all([confirmation, notification, goodbye].map(async (r) => ({ type: r.body.Type, ...(await verify(r.body, pin)) })));

out.refusals = {
  foreignEndpoint: await refusal(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'https://example.com/sns' })),
  unknownTopic: await refusal(new ListSubscriptionsByTopicCommand({ TopicArn: `${topicArn}-nope` })),
  badToken: await refusal(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'f'.repeat(128) })),
};
server.close();
console.log(JSON.stringify(out));
