// Adaptive Cards as Teams draws them, with the vendored renderer (adaptivecards 3.0.6, adaptivecards.min.js, loaded
// on demand as a classic script: it defines window.AdaptiveCards). Teams' light theme, its markdown subset, and
// Action.Execute / Action.OpenUrl handed to the caller.

const SCRIPT = '/sandbox/console/assets/adaptivecards.min.js';
let loading = null;

/** Loads the renderer once; resolves to window.AdaptiveCards. */
export function loadRenderer() {
  loading ??= new Promise((resolve, reject) => {
    if (window.AdaptiveCards) {
      resolve(window.AdaptiveCards);
      return;
    }
    const script = document.createElement('script');
    script.src = SCRIPT;
    script.addEventListener('load', () => {
      configure(window.AdaptiveCards);
      resolve(window.AdaptiveCards);
    });
    script.addEventListener('error', () => reject(new Error(`could not load ${SCRIPT}`)));
    document.head.append(script);
  });
  return loading;
}

let hostConfig = null;

function configure(AC) {
  // Teams renders a subset of markdown: bold, italic, links, lists, line breaks. Everything else stays text, but for
  // the <at>name</at> of a mention the card's msteams.entities names, which Teams draws as a mention.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text).replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">@$1</span>');
    result.didProcess = true;
  };
  hostConfig = new AC.HostConfig({
    fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#e1dfdd' },
    fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: { backgroundColor: '#ffffff', foregroundColors: colors('#242424') },
      emphasis: { backgroundColor: '#f5f5f5', foregroundColors: colors('#242424') },
      good: { backgroundColor: '#e7f2da', foregroundColors: colors('#242424') },
      attention: { backgroundColor: '#fcf4f6', foregroundColors: colors('#242424') },
      warning: { backgroundColor: '#fbf6d9', foregroundColors: colors('#242424') },
      accent: { backgroundColor: '#e8ebfa', foregroundColors: colors('#242424') },
    },
    actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 8 },
      actionsOrientation: 'horizontal', actionAlignment: 'left' },
    imageSizes: { small: 32, medium: 52, large: 100 },
  });
}

function colors(text) {
  return {
    default: { default: text, subtle: '#616161' },
    dark: { default: '#242424', subtle: '#616161' },
    light: { default: '#ffffff', subtle: '#f5f5f5' },
    accent: { default: '#5b5fc7', subtle: '#7f85f5' },
    good: { default: '#237b4b', subtle: '#13a10e' },
    warning: { default: '#835b00', subtle: '#c19c00' },
    attention: { default: '#c4314b', subtle: '#d13438' },
  };
}

function escape(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Teams' markdown subset, escaped first: **bold**, _italic_ / *italic*, [text](https://…), line breaks. */
export function markdown(text) {
  return escape(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_(.+?)_(?=$|[\s).,!?])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])\*(.+?)\*(?=$|[\s).,!?])/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/\r?\n/g, '<br>');
}

/**
 * Renders card (an AdaptiveCard's JSON) into an element; onExecute({ id, verb, data }) for Action.Execute (data with
 * the card's inputs merged, as Teams sends them).
 */
export function renderCard(AC, card, { onExecute }) {
  const adaptive = new AC.AdaptiveCard();
  adaptive.hostConfig = hostConfig;
  adaptive.onExecuteAction = (action) => {
    const type = action.getJsonTypeName();
    if (type === 'Action.Execute') onExecute({ id: action.id, verb: action.verb, data: action.data ?? {}, title: action.title });
    else if (type === 'Action.OpenUrl' && action.url) window.open(action.url, '_blank', 'noopener');
  };
  const wrapper = document.createElement('div');
  wrapper.className = 'teams-card';
  wrapper.dataset.testid = 'teams-card';
  try {
    adaptive.parse(card);
    const element = adaptive.render();
    if (element) wrapper.append(element);
    else throw new Error('the renderer drew nothing');
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'unsupported';
    p.textContent = `This card could not be shown: ${error.message}`;
    wrapper.append(p);
  }
  return wrapper;
}
