// Slack's mrkdwn as DOM nodes. Message text never goes through innerHTML: everything the bot (or a person) wrote
// becomes text nodes, so a card cannot inject markup into the page.

/** The shortcodes OpsBot's cards and replies use, and a few common ones. Unknown shortcodes stay as typed, as in Slack. */
export const EMOJI = {
  white_check_mark: '\u2705', heavy_check_mark: '\u2714\uFE0F', x: '\u274C', warning: '\u26A0\uFE0F',
  rotating_light: '\u{1F6A8}', hourglass: '\u231B', hourglass_flowing_sand: '\u23F3', large_blue_circle: '\u{1F535}',
  blue_circle: '\u{1F535}', white_circle: '\u26AA', red_circle: '\u{1F534}', large_green_circle: '\u{1F7E2}',
  arrow_forward: '\u25B6\uFE0F', lock: '\u{1F512}', unlock: '\u{1F513}', grey_question: '\u2754', question: '\u2753',
  rocket: '\u{1F680}', tada: '\u{1F389}', rewind: '\u23EA', leftwards_arrow_with_hook: '\u21A9\uFE0F',
  pause_button: '\u23F8\uFE0F', double_vertical_bar: '\u23F8\uFE0F', stopwatch: '\u23F1\uFE0F', bell: '\u{1F514}',
  fire: '\u{1F525}', eyes: '\u{1F440}', thumbsup: '\u{1F44D}', '+1': '\u{1F44D}', no_entry: '\u26D4',
  no_entry_sign: '\u{1F6AB}', information_source: '\u2139\uFE0F', chart_with_upwards_trend: '\u{1F4C8}',
  chart_with_downwards_trend: '\u{1F4C9}', bar_chart: '\u{1F4CA}', arrows_counterclockwise: '\u{1F504}',
  construction: '\u{1F6A7}', checkered_flag: '\u{1F3C1}', triangular_flag_on_post: '\u{1F6A9}', wave: '\u{1F44B}',
  mag: '\u{1F50D}', gear: '\u2699\uFE0F', robot_face: '\u{1F916}', ok: '\u{1F197}', sos: '\u{1F198}',
};

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Slack escapes &, < and > in text as entities; markup uses the raw characters. */
export function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
}

/** Shortcodes (:white_check_mark:) as emoji, for the ones known. */
export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
}

/** plain_text: shown as written, with shortcodes as emoji unless emoji is false. */
export function renderPlain(text, emoji = true) {
  return document.createTextNode(emoji === false ? text : emojify(text ?? ''));
}

/**
 * mrkdwn text as a fragment: ```code blocks```, `code`, *bold*, _italic_, ~strike~, <url|links>, <@U…> mentions
 * (shown as @name), <#C…|channels>, <!here>, "> quotes", :emoji: and line breaks.
 * ctx: { userName(id) → name or null, channelName(id) → name or null }.
 */
export function renderMrkdwn(text, ctx = {}) {
  const fragment = document.createDocumentFragment();
  const parts = (text ?? '').split(/```/);
  parts.forEach((part, i) => {
    const isCode = i % 2 === 1 && i < parts.length - 1; // an unclosed fence stays text
    if (isCode) {
      const pre = document.createElement('pre');
      pre.className = 'mrkdwn-pre';
      pre.textContent = decodeEntities(part.replace(/^\n/, '').replace(/\n$/, ''));
      fragment.append(pre);
    } else {
      const prose = i % 2 === 1 ? '```' + part : part;
      if (prose.length > 0) fragment.append(renderLines(prose, ctx));
    }
  });
  return fragment;
}

function renderLines(text, ctx) {
  const fragment = document.createDocumentFragment();
  let quote = null;
  text.split('\n').forEach((line, i) => {
    // A raw '>' opens a quote; a literal one arrives escaped as &gt; and stays text.
    const quoted = /^> ?/.exec(line);
    if (quoted) {
      if (quote) {
        quote.append(document.createElement('br'));
      } else {
        quote = document.createElement('blockquote');
        quote.className = 'mrkdwn-quote';
        fragment.append(quote);
      }
      quote.append(...renderInline(line.slice(quoted[0].length), ctx));
      return;
    }
    if (i > 0 && !quote) fragment.append(document.createElement('br'));
    quote = null;
    fragment.append(...renderInline(line, ctx));
  });
  return fragment;
}

/** One line: code spans and <…> specials are cut out first (nothing formats inside them), then the markers. */
function renderInline(line, ctx) {
  const atoms = [];
  const marked = line.replace(/`([^`\n]+)`|<([^<>\n]+)>/g, (m, code, special) => {
    atoms.push(code !== undefined ? codeSpan(code) : renderSpecial(special, ctx));
    return `\u0000${atoms.length - 1}\u0000`;
  });
  return format(marked, atoms);
}

const MARKERS = [
  { tag: 'strong', re: /(^|[^\p{L}\p{N}_*])\*(?=[^\s*])([^*]*?[^\s*]|[^\s*])\*(?![\p{L}\p{N}_*])/u },
  { tag: 'em', re: /(^|[^\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_]|[^\s_])_(?![\p{L}\p{N}_])/u },
  { tag: 's', re: /(^|[^\p{L}\p{N}_~])~(?=[^\s~])([^~]*?[^\s~]|[^\s~])~(?![\p{L}\p{N}_~])/u },
];

function format(text, atoms) {
  let best = null;
  for (const marker of MARKERS) {
    const m = marker.re.exec(text);
    if (m && (best === null || m.index + m[1].length < best.start)) {
      best = { marker, m, start: m.index + m[1].length };
    }
  }
  if (best === null) return textWithAtoms(text, atoms);
  const { marker, m, start } = best;
  const element = document.createElement(marker.tag);
  element.append(...format(m[2], atoms));
  return [
    ...textWithAtoms(text.slice(0, start), atoms),
    element,
    ...format(text.slice(m.index + m[0].length), atoms),
  ];
}

function textWithAtoms(text, atoms) {
  const nodes = [];
  text.split(/\u0000(\d+)\u0000/).forEach((piece, i) => {
    if (i % 2 === 1) nodes.push(atoms[Number(piece)].cloneNode(true));
    else if (piece.length > 0) nodes.push(document.createTextNode(emojify(decodeEntities(piece))));
  });
  return nodes;
}

function codeSpan(code) {
  const element = document.createElement('code');
  element.className = 'mrkdwn-code';
  element.textContent = decodeEntities(code);
  return element;
}

function renderSpecial(special, ctx) {
  const bar = special.indexOf('|');
  const target = bar >= 0 ? special.slice(0, bar) : special;
  const label = bar >= 0 ? special.slice(bar + 1) : null;
  if (/^@[UWB][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    return mention('@' + (ctx.userName?.(id) ?? (label ? label.replace(/^@/, '') : id)), 'user', id);
  }
  if (/^#C[A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    return mention('#' + (ctx.channelName?.(id) ?? label ?? id), 'channel', id);
  }
  if (target.startsWith('!')) {
    const [kind, ...rest] = target.slice(1).split('^');
    if (kind === 'date') return document.createTextNode(decodeEntities(label ?? rest[rest.length - 1] ?? ''));
    if (kind === 'subteam') return mention(label ?? '@group', 'group', rest[0] ?? '');
    return mention('@' + kind, 'special', kind);
  }
  if (/^(https?:|mailto:)/i.test(target)) {
    const a = document.createElement('a');
    a.href = decodeEntities(target);
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = emojify(decodeEntities(label ?? target));
    return a;
  }
  return document.createTextNode(decodeEntities(label ?? target));
}

function mention(text, kind, id) {
  const element = document.createElement('span');
  element.className = `mention mention-${kind}`;
  element.dataset.id = id;
  element.textContent = text;
  return element;
}
