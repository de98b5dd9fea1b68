// Messages as Slack shows them: a root with its author, time, (edited) mark, "Only visible to you" for an ephemeral,
// its blocks or text, its files (images inline), and its thread under it, collapsed to the latest reply.
import { renderMrkdwn, EMOJI } from './mrkdwn.js';
import { renderBlocks } from './blocks.js';

/*
 * view: { botId, slackbotId, userName(id), channelName(id), expanded: Set of thread roots shown whole,
 *         onToggle(rootTs), onButton(message, element, blockId, buttonElement), onImageLoad() }
 */

/** Roots in order, each with its thread replies; ephemerals only for the person acting (userId). */
export function groupUnits(messages, userId) {
  const visible = messages.filter((m) => !m.ephemeral_to || m.ephemeral_to === userId);
  const roots = visible.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const rootTs = new Set(roots.map((m) => m.ts));
  const replies = new Map();
  const orphans = [];
  for (const m of visible) {
    if (!m.thread_ts || m.thread_ts === m.ts) continue;
    if (rootTs.has(m.thread_ts)) {
      if (!replies.has(m.thread_ts)) replies.set(m.thread_ts, []);
      replies.get(m.thread_ts).push(m);
    } else {
      orphans.push(m); // its root is gone, or is someone else's ephemeral: show it on its own
    }
  }
  return [...roots.map((root) => ({ root, replies: replies.get(root.ts) ?? [] })), ...orphans.map((root) => ({ root, replies: [], orphan: true }))]
    .sort((a, b) => Number(a.root.ts) - Number(b.root.ts));
}

export function renderUnit({ root, replies, orphan }, view) {
  const wrapper = document.createElement('div');
  wrapper.className = 'unit';
  wrapper.append(renderMessage(root, orphan ? 'reply to a thread whose start is not shown' : null, view));
  if (replies.length > 0) wrapper.append(renderThread(root, replies, view));
  return wrapper;
}

function renderThread(root, replies, view) {
  const expanded = view.expanded.has(root.ts) || replies.length === 1;
  const section = document.createElement('section');
  section.className = 'thread';
  section.dataset.testid = 'thread';
  section.setAttribute('aria-label', `Thread, ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`);
  if (replies.length > 1) {
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'thread-toggle';
    toggle.dataset.testid = 'thread-toggle';
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = expanded
      ? `${replies.length} replies · show only the latest`
      : `${replies.length} replies · show ${replies.length - 1} earlier`;
    toggle.addEventListener('click', () => view.onToggle(root.ts));
    section.append(toggle);
  }
  const shown = expanded ? replies : replies.slice(-1);
  const container = document.createElement('div');
  container.className = 'replies';
  for (const reply of shown) container.append(renderMessage(reply, null, view));
  section.append(container);
  return section;
}

function renderMessage(m, note, view) {
  const article = document.createElement('article');
  article.className = 'message' + (m.ephemeral_to ? ' ephemeral' : '') + (m.thread_ts && m.thread_ts !== m.ts ? ' reply' : '');
  article.dataset.testid = m.thread_ts && m.thread_ts !== m.ts ? 'reply' : 'message';
  article.dataset.ts = m.ts;
  const author = view.userName(m.user) ?? m.user;
  article.setAttribute('aria-label', `${author} at ${time(m.ts)}`);

  const avatar = document.createElement('div');
  avatar.className = 'avatar' + (m.user === view.botId ? ' avatar-bot' : '');
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
  if (m.user === view.botId || m.user === view.slackbotId) {
    const badge = document.createElement('span');
    badge.className = 'app-badge';
    badge.textContent = 'APP';
    meta.append(' ', badge);
  }
  const when = document.createElement('time');
  when.dateTime = new Date(Number(m.ts) * 1000).toISOString();
  when.textContent = time(m.ts);
  meta.append(' ', when);
  if (m.edited) {
    const edited = document.createElement('span');
    edited.className = 'edited';
    edited.dataset.testid = 'edited';
    edited.title = `edited at ${time(m.edited.ts)}`;
    edited.textContent = '(edited)';
    meta.append(' ', edited);
  }
  body.append(meta);

  if (m.ephemeral_to) {
    const only = document.createElement('div');
    only.className = 'ephemeral-note';
    only.dataset.testid = 'ephemeral-note';
    only.textContent = `${EMOJI.eyes} Only visible to you`;
    body.append(only);
  }
  if (note) {
    const p = document.createElement('div');
    p.className = 'note';
    p.textContent = note;
    body.append(p);
  }

  const content = document.createElement('div');
  content.className = 'content';
  if (Array.isArray(m.blocks) && m.blocks.length > 0) {
    content.append(renderBlocks(m.blocks, { ...view, onButton: (element, blockId, button) => view.onButton(m, element, blockId, button) }));
  } else if (m.text) {
    const text = document.createElement('div');
    text.className = 'message-text';
    text.dataset.testid = 'message-text';
    text.append(renderMrkdwn(m.text, view));
    content.append(text);
  }
  for (const file of m.files ?? []) content.append(renderFile(file, view));
  body.append(content);
  article.append(avatar, body);
  return article;
}

function renderFile(file, view) {
  const url = sameOrigin(file.url);
  if ((file.mimetype ?? '').startsWith('image/')) {
    const figure = document.createElement('figure');
    figure.className = 'file-image';
    figure.dataset.testid = 'file-image';
    const link = document.createElement('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener';
    const img = document.createElement('img');
    img.src = url;
    img.alt = file.title ?? file.name ?? 'uploaded image';
    img.addEventListener('load', () => view.onImageLoad());
    link.append(img);
    const caption = document.createElement('figcaption');
    caption.textContent = file.title ?? file.name;
    figure.append(link, caption);
    return figure;
  }
  const link = document.createElement('a');
  link.className = 'file-link';
  link.dataset.testid = 'file-link';
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = `\u{1F4C4} ${file.title ?? file.name} (${file.size} bytes)`;
  return link;
}

/** The fake hands out absolute file URLs for the host the bot called; the page reads them from its own origin. */
function sameOrigin(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.pathname.startsWith('/sandbox/files/') ? parsed.pathname : parsed.href;
  } catch {
    return url;
  }
}

export function time(ts) {
  return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
