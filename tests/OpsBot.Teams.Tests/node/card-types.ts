// The shapes OpsBot's Teams JSON is checked against (generated files import these): botframework-schema's own types.
// An outgoing activity is a Partial<Activity> (as botbuilder's sendActivity takes it) whose mention entities are
// Mentions; an invoke answer is an AdaptiveCardInvokeResponse, except the message answer, whose value Teams reads
// as a string (botframework-schema types every value as an object).
import type { Activity, AdaptiveCardInvokeResponse, Attachment, Mention } from 'botframework-schema';

export type OutgoingActivity = Partial<Activity> & { type: 'message'; attachments?: Attachment[]; entities?: Mention[] };
export type CardInvokeResponse = AdaptiveCardInvokeResponse & { type: 'application/vnd.microsoft.card.adaptive' };
export type MessageInvokeResponse = Omit<AdaptiveCardInvokeResponse, 'value'> & { type: 'application/vnd.microsoft.activity.message'; value: string };
export type ErrorInvokeResponse = AdaptiveCardInvokeResponse & { type: 'application/vnd.microsoft.error'; value: { code: string; message: string } };
