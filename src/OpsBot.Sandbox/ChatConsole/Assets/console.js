// The sandbox's chat console: pick a person and a channel, type a slash command, watch the bot's cards, click their
// buttons. The history comes from the fake Slack (GET /sandbox/messages), polled every second; commands and clicks
// go to the console's endpoints, which sign them and send them on to the bot exactly as Slack would.
import { renderMrkdwn, renderPlain } from './mrkdwn.js';
import { renderBlocks, renderText } from './blocks.js';
import { groupUnits, renderUnit } from './messages.js';
import { followEnvironment, wireFaults } from './faults.js';
import { wireFlags } from './flags.js';
import { teamsChannels, renderTeams, sendTeams } from './teams.js';

const POLL_MS = 1000;
const SLACKBOT = 'USLACKBOT';
const $ = (selector) => document.querySelector(selector);

const state = {
  config: null,
  userId: null,
  channelId: null,
  messages: [],
  units: new Map(), // root ts → { signature, element }: unchanged messages keep their DOM (focus, images, scroll)
  expanded: new Set(), // thread roots shown whole
  stick: true, // follow new messages while the reader is at the bottom
  pollTimer: null,
  pollSeq: 0,
  sent: [], // commands sent, for ArrowUp
  sentIndex: -1,
};

const history = $('[data-testid="history"]');
const list = $('[data-testid="messages"]');
const hint = $('[data-testid="composer-hint"]');
const input = $('[data-testid="composer-input"]');

// ---- people and channels -------------------------------------------------------------------------------------------

const user = () => state.config.users.find((u) => u.id === state.userId);
// Slack's channels, then the Teams stand-in's (marked teams: true) when the sandbox has one.
const allChannels = () => [...state.config.channels, ...teamsChannels(state.config)];
const channel = () => allChannels().find((c) => c.id === state.channelId);
const inTeams = () => Boolean(channel()?.teams);

function userName(id) {
  if (id === state.config?.bot.id) return state.config.bot.name;
  if (id === SLACKBOT) return 'Slackbot';
  return state.config?.users.find((u) => u.id === id)?.name ?? null;
}

function channelName(id) {
  return state.config?.channels.find((c) => c.id === id)?.name ?? null;
}

const textContext = { userName, channelName };

/** What the message renderer needs from the page. */
const view = {
  get botId() { return state.config.bot.id; },
  slackbotId: SLACKBOT,
  userName,
  channelName,
  expanded: state.expanded,
  onToggle(rootTs) {
    if (state.expanded.has(rootTs)) state.expanded.delete(rootTs);
    else state.expanded.add(rootTs);
    render();
  },
  onButton: (message, element, blockId, button) => click(message, element, blockId, button),
  onImageLoad() { if (state.stick) history.scrollTop = history.scrollHeight; },
};

function renderSidebar() {
  const channels = $('[data-testid="channel-list"]');
  channels.replaceChildren(...state.config.channels.map((c) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'channel-button';
    button.dataset.testid = `channel-${c.name}`;
    button.dataset.channelId = c.id;
    button.append(`# ${c.name}`);
    const env = document.createElement('span');
    env.className = 'env-badge';
    env.textContent = c.environment;
    button.append(' ', env);
    button.addEventListener('click', () => selectChannel(c.id));
    li.append(button);
    return li;
  }));

  const teams = teamsChannels(state.config);
  $('[data-testid="teams-section"]').hidden = teams.length === 0;
  $('[data-testid="teams-channel-list"]').replaceChildren(...teams.map((c) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'channel-button teams-channel-button';
    button.dataset.testid = `teams-channel-${c.name.toLowerCase().replace(/\s+/g, '-')}`;
    button.dataset.channelId = c.id;
    button.append(`Teams · ${c.name}`);
    const env = document.createElement('span');
    env.className = 'env-badge';
    env.textContent = c.environment;
    button.append(' ', env);
    button.addEventListener('click', () => selectChannel(c.id));
    li.append(button);
    return li;
  }));

  const users = $('.user-options');
  users.replaceChildren(...state.config.users.map((u) => {
    const label = document.createElement('label');
    label.className = 'user-option';
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'user';
    radio.value = u.id;
    radio.dataset.testid = `user-${u.name}`;
    radio.addEventListener('change', () => selectUser(u.id));
    const name = document.createElement('span');
    name.className = 'user-name';
    name.textContent = u.name;
    const role = document.createElement('span');
    role.className = 'role-badge';
    role.textContent = u.role;
    label.append(radio, ' ', name, ' ', role);
    return label;
  }));
}

function selectUser(id) {
  state.userId = id;
  localStorage.setItem('opsbot-console-user', id);
  for (const radio of document.querySelectorAll('input[name="user"]')) radio.checked = radio.value === id;
  updateHeader();
  render();
}

const slackHint = hint.innerHTML;
const TEAMS_HINT = 'Type <code>@OpsBot deploy lambda_router 5</code> (or just <code>deploy lambda_router 5</code>): it is posted '
  + 'to the channel and sent to OpsBot as Teams would. Click a card\'s buttons as the person picked on the left.';

function selectChannel(id) {
  const wasTeams = inTeams();
  if (state.channelId !== id) {
    state.channelId = id;
    state.messages = [];
    state.units.clear();
    list.replaceChildren();
    state.stick = true;
  }
  if (inTeams() !== wasTeams || (inTeams() && !state.hintShown)) {
    // The composer's hint says what to type where; an answer replaces it, as before.
    hint.innerHTML = inTeams() ? TEAMS_HINT : slackHint;
    hint.classList.remove('problem');
    state.hintShown = true;
  }
  localStorage.setItem('opsbot-console-channel', id);
  for (const button of document.querySelectorAll('.channel-button')) {
    if (button.dataset.channelId === id) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
  updateHeader();
  pollNow();
}

function updateHeader() {
  const c = channel();
  const u = user();
  const title = c.teams ? `Teams · ${c.name}` : `#${c.name}`;
  $('[data-testid="channel-title"]').textContent = title;
  $('[data-testid="channel-env"]').textContent = c.environment;
  $('[data-testid="acting-as"]').textContent = `acting as ${u.name} (${u.role})`;
  $('[data-testid="composer-label"]').textContent = `Message ${title} as ${u.name}`;
  document.body.classList.toggle('in-teams', Boolean(c.teams));
  input.placeholder = c.teams ? '@OpsBot deploy lambda_router 5' : '/deploy lambda_router';
  followEnvironment($('[data-testid="faults-form"]'), c.environment);
}

// ---- the history ---------------------------------------------------------------------------------------------------

function pollNow() {
  clearTimeout(state.pollTimer);
  poll();
}

async function poll() {
  const seq = ++state.pollSeq;
  const channelId = state.channelId;
  try {
    const path = inTeams() ? '/sandbox/teams/messages' : '/sandbox/messages';
    const response = await fetch(`${path}?channel=${encodeURIComponent(channelId)}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const messages = await response.json();
    if (seq !== state.pollSeq || channelId !== state.channelId) return; // a newer poll or another channel won
    state.messages = messages;
    setConnection(null);
    await render();
    document.body.dataset.ready = 'true';
  } catch (error) {
    if (seq === state.pollSeq) setConnection(`Lost contact with the sandbox (${error.message}); retrying…`);
  } finally {
    if (seq === state.pollSeq) state.pollTimer = setTimeout(poll, POLL_MS);
  }
}

function setConnection(problem) {
  let banner = $('[data-testid="connection"]');
  if (!problem) {
    banner?.remove();
    return;
  }
  if (!banner) {
    banner = document.createElement('p');
    banner.className = 'connection';
    banner.dataset.testid = 'connection';
    banner.setAttribute('role', 'alert');
    $('.channel-header').after(banner);
  }
  banner.textContent = problem;
}

/** What the Teams view needs from the page. */
const teamsView = {
  get config() { return state.config.teams; },
  personaName: () => user()?.name,
  say: (text, problem) => say(text, problem),
  rerender: () => render(),
  onPosted: () => { state.stick = true; pollNow(); },
};

async function render() {
  if (!state.config) return;
  if (inTeams()) {
    const channelId = state.channelId;
    const count = await renderTeams(list, state.messages, teamsView);
    if (channelId !== state.channelId) return;
    $('[data-testid="empty"]').hidden = count > 0;
    if (state.stick) history.scrollTop = history.scrollHeight;
    return;
  }
  const top = history.scrollTop;
  const wanted = groupUnits(state.messages, state.userId);
  const keep = new Set();
  let grew = false;
  const elements = wanted.map((unit) => {
    const key = unit.root.ts;
    const signature = JSON.stringify([unit.root, unit.replies, state.expanded.has(key), state.userId]);
    keep.add(key);
    const existing = state.units.get(key);
    if (existing && existing.signature === signature) return existing.element;
    if (!existing) grew = true;
    const element = renderUnit(unit, view);
    state.units.set(key, { signature, element });
    return element;
  });
  for (const key of [...state.units.keys()]) if (!keep.has(key)) state.units.delete(key);
  // Move nodes only where the order differs, so that nothing unchanged is detached (it would lose focus).
  elements.forEach((element, i) => {
    if (list.children[i] !== element) list.insertBefore(element, list.children[i] ?? null);
  });
  while (list.children.length > elements.length) list.lastChild.remove();
  $('[data-testid="empty"]').hidden = elements.length > 0;

  if (state.stick) {
    history.scrollTop = history.scrollHeight;
  } else {
    history.scrollTop = top;
    if (grew) $('[data-testid="jump-latest"]').hidden = false;
  }
}

function atBottom() {
  return history.scrollHeight - history.scrollTop - history.clientHeight < 48;
}

// ---- buttons -------------------------------------------------------------------------------------------------------

async function click(message, element, blockId, button) {
  if (element.url) window.open(element.url, '_blank', 'noopener');
  if (element.confirm && !(await confirmWith(element.confirm))) return;
  const who = user();
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const answer = await postJson('/sandbox/console/click', {
      user: who.id,
      channel: state.channelId,
      messageTs: message.ts,
      actionId: element.action_id,
      value: element.value,
      blockId,
      text: element.text?.text,
      style: element.style,
    });
    // Slack shows nothing of a click's acknowledgement body; an answer comes through the response_url or the Web API.
    say(describe(`${who.name} clicked “${element.text?.text}”`, answer, { bodyShown: false }), !ok(answer));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    pollNow();
  }
}

function confirmWith(confirm) {
  const dialog = $('[data-testid="confirm-dialog"]');
  $('[data-testid="confirm-title"]').replaceChildren(renderText(confirm.title ?? { type: 'plain_text', text: 'Are you sure?' }, textContext));
  $('[data-testid="confirm-text"]').replaceChildren(renderText(confirm.text ?? { type: 'plain_text', text: '' }, textContext));
  const okButton = $('[data-testid="confirm-ok"]');
  okButton.replaceChildren(renderPlain(confirm.confirm?.text ?? 'Yes'));
  okButton.className = `btn ${confirm.style === 'danger' ? 'btn-danger' : 'btn-primary'}`;
  $('[data-testid="confirm-deny"]').replaceChildren(renderPlain(confirm.deny?.text ?? 'Cancel'));
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
    $('[data-testid="confirm-deny"]').focus(); // the safe choice has the focus, as in Slack
  });
}

// ---- the composer --------------------------------------------------------------------------------------------------

async function send(event) {
  event.preventDefault();
  const raw = input.value.trim();
  if (!raw) return;
  if (inTeams()) {
    if (await sendTeams(raw, channel(), teamsView)) {
      state.sent.push(raw);
      state.sentIndex = -1;
      input.value = '';
    }
    return;
  }
  const word = raw.split(/\s+/)[0];
  const command = word.toLowerCase();
  const commands = state.config.commands;
  const bot = `@${state.config.bot.name}`;
  if (raw.toLowerCase().includes(bot.toLowerCase()) && !word.startsWith('/')) {
    await mention(raw);
    return;
  }
  if (!commands.includes(command)) {
    say(word.startsWith('/')
      ? `OpsBot has no ${word} command. It answers ${commands.join(' and ')}: try /deploy lambda_router, or /deploy help.`
      : `OpsBot hears slash commands (${commands.join(', ')}) and mentions: try /deploy lambda_router, or ${bot} help.`, true);
    return;
  }
  const text = raw.slice(word.length).trim();
  const who = user();
  say(`Sending ${command} ${text} as ${who.name}…`, false);
  const answer = await postJson('/sandbox/console/command', { user: who.id, channel: state.channelId, command, text });
  if (ok(answer)) {
    state.sent.push(raw);
    state.sentIndex = -1;
    input.value = '';
  }
  say(describe(`${who.name} sent ${[command, text].filter(Boolean).join(' ')}`, answer), !ok(answer));
  state.stick = true;
  pollNow();
}

/** A message that mentions the bot: posted as the person's, and sent to the bot as Slack's app_mention event. */
async function mention(raw) {
  const who = user();
  say(`Sending your message to #${channel().name} as ${who.name}…`, false);
  const answer = await postJson('/sandbox/console/mention', { user: who.id, channel: state.channelId, text: raw });
  if (ok(answer)) {
    state.sent.push(raw);
    state.sentIndex = -1;
    input.value = '';
  }
  say(ok(answer) ? `${who.name} mentioned ${state.config.bot.name}; it answers in the message's thread.` : describe(`${who.name} mentioned the bot`, answer), !ok(answer));
  state.stick = true;
  pollNow();
}

function recall(event) {
  if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || state.sent.length === 0) return;
  // Walk the sent commands only from an empty composer or while already walking them: a draft is never overwritten.
  if (state.sentIndex < 0 && (input.value !== '' || event.key === 'ArrowDown')) return;
  event.preventDefault();
  if (event.key === 'ArrowUp') state.sentIndex = state.sentIndex < 0 ? state.sent.length - 1 : Math.max(0, state.sentIndex - 1);
  else state.sentIndex = state.sentIndex + 1 >= state.sent.length ? -1 : state.sentIndex + 1;
  input.value = state.sentIndex < 0 ? '' : state.sent[state.sentIndex];
}

function ok(answer) {
  return answer.status === 200 && !answer.error;
}

function describe(what, answer, { bodyShown = true } = {}) {
  if (answer.error && answer.status === undefined) return `${what}: the console refused it — ${answer.message ?? answer.error}`;
  if (answer.error && answer.status === null) return `${what}: no acknowledgement — ${answer.error}. ${answer.detail ?? ''}`.trim();
  if (answer.status === 200) return `${what}: OpsBot acknowledged (HTTP 200)${answer.body && bodyShown ? ' with a message' : ''}.`;
  return `${what}: OpsBot answered HTTP ${answer.status}${answer.body ? ` — ${answer.body.slice(0, 300)}` : ''}`;
}

function say(text, problem) {
  hint.textContent = text;
  hint.classList.toggle('problem', Boolean(problem));
}

async function postJson(url, body) {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    return response.ok ? json : { ...json, status: undefined, error: json.error ?? `HTTP ${response.status}` };
  } catch (error) {
    return { status: undefined, error: 'unreachable', message: `the sandbox did not answer (${error.message})` };
  }
}

// ---- start ---------------------------------------------------------------------------------------------------------

async function start() {
  const response = await fetch('/sandbox/console/config', { cache: 'no-store' });
  state.config = await response.json();
  renderSidebar();
  const savedUser = localStorage.getItem('opsbot-console-user');
  const savedChannel = localStorage.getItem('opsbot-console-channel');
  state.userId = state.config.users.some((u) => u.id === savedUser) ? savedUser : state.config.users[0].id;
  state.channelId = allChannels().some((c) => c.id === savedChannel) ? savedChannel : state.config.channels[0].id;
  selectUser(state.userId);
  selectChannel(state.channelId);

  $('[data-testid="composer"]').addEventListener('submit', send);
  input.addEventListener('keydown', recall);
  history.addEventListener('scroll', () => {
    state.stick = atBottom();
    if (state.stick) $('[data-testid="jump-latest"]').hidden = true;
  });
  $('[data-testid="jump-latest"]').addEventListener('click', () => {
    state.stick = true;
    history.scrollTop = history.scrollHeight;
    $('[data-testid="jump-latest"]').hidden = true;
  });
  wireFaults($('[data-testid="faults-form"]'));
  wireFlags($('[data-testid="flags-list"]'));
}

// For tests and the curious: the renderers, reachable from the browser's console.
window.opsbotConsole = { renderMrkdwn, renderBlocks, ready: start() };
