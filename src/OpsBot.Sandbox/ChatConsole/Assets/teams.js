// The console's Teams channels: the fake Bot Connector's history (GET /sandbox/teams/messages) drawn as Teams shows
// it — posts with their Adaptive Cards, each thread's replies under its root, cards updated in place — and what a
// person does there: post a message to @OpsBot, click an Action.Execute, have a card refreshed for them. An invoke's
// card replaces that card for the person who got it only, as in Teams, until the connector updates the card.
import { loadRenderer, renderCard, markdown } from './cards.js';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

const overrides = new Map(); // `${persona}|${activityId}` → { card, version }: invoke answers, per person
const refreshed = new Set(); // `${persona}|${activityId}|${version}`: automatic refreshes already asked for
const units = new Map(); // root id → { signature, element }

/*
 * ctx: { config (the console config's "teams"), personaName(), say(text, problem), rerender(), onPosted() }
 */

/** The Teams channels of the console config, marked as such. */
export function teamsChannels(config) {
  return (config.teams?.channels ?? []).map((c) => ({ ...c, teams: true }));
}

function person(ctx) {
  return ctx.config.people.find((p) => p.name === ctx.personaName()) ?? null;
}

const version = (post) => post.updated ?? post.timestamp;

/** Draws posts (the channel's history) into list, reusing unchanged threads' elements. */
export async function renderTeams(list, posts, ctx) {
  let AC = null;
  try {
    AC = await loadRenderer();
  } catch (error) {
    ctx.say(`Adaptive Cards cannot be drawn: ${error.message}`, true);
  }
  const me = person(ctx);
  const roots = posts.filter((p) => p.id === p.threadId);
  const replies = new Map();
  for (const p of posts) {
    if (p.id === p.threadId) continue;
    if (!replies.has(p.threadId)) replies.set(p.threadId, []);
    replies.get(p.threadId).push(p);
  }
  const keep = new Set();
  const elements = roots.map((root) => {
    const thread = replies.get(root.id) ?? [];
    const mine = [root, ...thread].map((p) => overrides.get(`${me?.name}|${p.id}`) ?? null);
    const signature = JSON.stringify([root, thread, me?.name, mine, Boolean(AC)]);
    keep.add(root.id);
    const existing = units.get(root.id);
    if (existing && existing.signature === signature) return existing.element;
    const element = renderUnit(AC, root, thread, me, ctx);
    units.set(root.id, { signature, element });
    return element;
  });
  for (const key of [...units.keys()]) if (!keep.has(key)) units.delete(key);
  elements.forEach((element, i) => {
    if (list.children[i] !== element) list.insertBefore(element, list.children[i] ?? null);
  });
  while (list.children.length > elements.length) list.lastChild.remove();
  return elements.length;
}

function renderUnit(AC, root, thread, me, ctx) {
  const wrapper = document.createElement('div');
  wrapper.className = 'unit teams-unit';
  wrapper.append(renderPost(AC, root, me, ctx, false));
  if (thread.length > 0) {
    const section = document.createElement('section');
    section.className = 'thread';
    section.dataset.testid = 'teams-thread';
    section.setAttribute('aria-label', `Thread, ${thread.length} ${thread.length === 1 ? 'reply' : 'replies'}`);
    const container = document.createElement('div');
    container.className = 'replies';
    for (const reply of thread) container.append(renderPost(AC, reply, me, ctx, true));
    section.append(container);
    wrapper.append(section);
  }
  return wrapper;
}

function renderPost(AC, post, me, ctx, isReply) {
  const article = document.createElement('article');
  article.className = 'message teams-post' + (isReply ? ' reply' : '');
  article.dataset.testid = isReply ? 'teams-reply' : 'teams-message';
  article.dataset.activityId = post.id;
  const author = post.from?.name ?? post.from?.id ?? 'someone';
  article.setAttribute('aria-label', `${author} at ${time(post.timestamp)}`);

  const avatar = document.createElement('div');
  avatar.className = 'avatar' + (post.from?.bot ? ' avatar-bot teams-avatar-bot' : '');
  avatar.setAttribute('aria-hidden', 'true');
  avatar.textContent = author.slice(0, 1).toUpperCase();

  const body = document.createElement('div');
  body.className = 'message-body';
  const meta = document.createElement('div');
  meta.className = 'meta';
  const name = document.createElement('span');
  name.className = 'author';
  name.textContent = author;
  meta.append(name);
  if (post.from?.bot) {
    const badge = document.createElement('span');
    badge.className = 'app-badge';
    badge.textContent = 'APP';
    meta.append(' ', badge);
  }
  const when = document.createElement('time');
  when.dateTime = post.timestamp;
  when.textContent = time(post.timestamp);
  meta.append(' ', when);
  if (post.updates > 0) {
    const edited = document.createElement('span');
    edited.className = 'edited';
    edited.dataset.testid = 'teams-edited';
    edited.title = `updated ${post.updates} ${post.updates === 1 ? 'time' : 'times'}, last at ${time(post.updated)}`;
    edited.textContent = '(edited)';
    meta.append(' ', edited);
  }
  body.append(meta);

  const content = document.createElement('div');
  content.className = 'content';
  if (post.text) {
    const text = document.createElement('div');
    text.className = 'message-text';
    text.dataset.testid = 'teams-text';
    text.innerHTML = markdown(post.text).replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">@$1</span>');
    content.append(text);
  }
  for (const attachment of post.attachments ?? []) {
    if (attachment.contentType !== ADAPTIVE) continue;
    content.append(cardFor(AC, post, attachment.content, me, ctx));
  }
  body.append(content);
  article.append(avatar, body);
  return article;
}

/** The card as this person sees it: an invoke's answer while the post is unchanged, else the posted one. */
function cardFor(AC, post, posted, me, ctx) {
  const key = `${me?.name}|${post.id}`;
  const override = overrides.get(key);
  if (override && override.version !== version(post)) overrides.delete(key);
  const card = overrides.get(key)?.card ?? posted;
  if (!AC) {
    const pre = document.createElement('pre');
    pre.className = 'mrkdwn-pre';
    pre.textContent = JSON.stringify(card, null, 2);
    return pre;
  }
  const element = renderCard(AC, card, { onExecute: (action) => invoke(post, action, 'manual', ctx) });
  if (overrides.has(key)) element.dataset.replacedFor = me.name;
  // A card that asks to be refreshed for this person gets its refresh invoke when they see it, once per version.
  const refresh = posted.refresh;
  if (me && !overrides.has(key) && refresh?.action && (refresh.userIds ?? []).includes(me.mri)) {
    const once = `${key}|${version(post)}`;
    if (!refreshed.has(once)) {
      refreshed.add(once);
      queueMicrotask(() => invoke(post, { id: refresh.action.id, verb: refresh.action.verb ?? 'refresh', data: refresh.action.data ?? {} }, 'automatic', ctx));
    }
  }
  return element;
}

async function invoke(post, action, trigger, ctx) {
  const me = person(ctx);
  if (!me) {
    ctx.say(`${ctx.personaName()} has no Teams identity in the sandbox.`, true);
    return;
  }
  const what = trigger === 'manual' ? `${me.name} clicked “${action.title ?? action.verb}”` : `Refreshing the card for ${me.name}`;
  ctx.say(`${what}…`, false);
  const answer = await postJson('/sandbox/teams/console/invoke', {
    persona: me.name,
    conversationId: post.conversationId,
    activityId: post.id,
    action: { type: 'Action.Execute', id: action.id, verb: action.verb, data: action.data },
    trigger,
  });
  const response = answer.invokeResponse;
  if (answer.status === 200 && response?.type === ADAPTIVE && response.value) {
    overrides.set(`${me.name}|${post.id}`, { card: response.value, version: version(post) });
    ctx.say(`${what}: OpsBot answered with a new card (HTTP 200).`, false);
  } else if (answer.status === 200 && response?.type === 'application/vnd.microsoft.activity.message') {
    ctx.say(`${what}: OpsBot says “${response.value}”.`, false);
  } else if (response?.statusCode >= 400) {
    ctx.say(`${what}: OpsBot answered ${response.statusCode} — ${response.value?.message ?? JSON.stringify(response.value)}`, true);
  } else {
    ctx.say(describe(what, answer), answer.status !== 200);
  }
  ctx.rerender();
}

/** Sends what the person typed as a new post mentioning the bot. */
export async function sendTeams(raw, channel, ctx) {
  const me = person(ctx);
  if (!me) {
    ctx.say(`${ctx.personaName()} has no Teams identity in the sandbox.`, true);
    return false;
  }
  ctx.say(`Posting to ${channel.name} as ${me.name}…`, false);
  const answer = await postJson('/sandbox/teams/console/message', { persona: me.name, channel: channel.id, text: raw });
  ctx.say(describe(`${me.name} posted to ${channel.name}`, answer), answer.status !== 200);
  ctx.onPosted();
  return answer.status !== undefined;
}

function describe(what, answer) {
  if (answer.status === undefined) return `${what}: the console refused it — ${answer.message ?? answer.error}`;
  if (answer.status === null) return `${what}: no answer from OpsBot — ${answer.error}. ${answer.detail ?? ''}`.trim();
  if (answer.status >= 200 && answer.status < 300) return `${what}: OpsBot accepted it (HTTP ${answer.status}).`;
  return `${what}: OpsBot answered HTTP ${answer.status}${answer.body ? ` — ${answer.body.slice(0, 300)}` : ''}`;
}

async function postJson(url, body) {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    return response.ok ? json : { ...json, status: undefined };
  } catch (error) {
    return { status: undefined, error: 'unreachable', message: `the sandbox did not answer (${error.message})` };
  }
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '';
}
