// The Flags panel: each environment's feature flags as its AppConfig has them deployed, and a deployment of them in
// progress, read from the sandbox (GET /sandbox/flags) every 2 seconds. Read-only: flags change through /flags.

const POLL_MS = 2000;
const FIRST = ['prod', 'dev']; // prod first, as the channels are listed; any other environment after them

/** Polls the sandbox and draws what it answers into the panel's list; redraws only when the answer changed. */
export function wireFlags(list) {
  let shown = null;
  const poll = async () => {
    try {
      const response = await fetch('/sandbox/flags', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const answer = await response.json();
      const signature = JSON.stringify(answer);
      if (signature !== shown) {
        list.replaceChildren(...environments(answer).map(([name, environment]) => renderEnvironment(name, environment)));
        shown = signature;
      }
    } catch (error) {
      list.replaceChildren(note(`The sandbox did not answer (${error.message}); retrying…`, 'flags-problem'));
      shown = null;
    } finally {
      setTimeout(poll, POLL_MS);
    }
  };
  poll();
}

function environments(answer) {
  const rank = (name) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return Object.entries(answer.environments ?? {}).sort(([a], [b]) => rank(a) - rank(b));
}

function renderEnvironment(name, environment) {
  const box = element('div', 'flags-env', `flags-env-${name}`);
  const title = element('h3', 'flags-env-title');
  title.append(name, ' ', element('span', 'flags-version', null,
    environment.deployedVersion == null ? 'nothing deployed' : `version ${environment.deployedVersion}`));
  const list = element('ul', 'flag-list');
  for (const flag of environment.flags ?? []) {
    const item = element('li', 'flag', `flag-${name}-${flag.name}`);
    item.dataset.enabled = String(flag.enabled);
    if (flag.description) item.title = flag.description;
    const badge = element('span', `flag-badge ${flag.enabled ? 'flag-on' : 'flag-off'}`, 'flag-state', flag.enabled ? 'on' : 'off');
    item.append(element('span', 'flag-name', 'flag-name', flag.name), badge);
    list.append(item);
  }
  box.append(title, list);
  if (environment.deployment) box.append(renderDeployment(name, environment.deployment));
  return box;
}

/** "deploying 40% (OpsBot flg-…)": what AppConfig is doing, how far, and whose deployment it is. */
function renderDeployment(name, deployment) {
  const state = deployment.state.toLowerCase().replace(/_/g, ' ');
  const progress = ['DEPLOYING', 'BAKING'].includes(deployment.state) ? ` ${Math.round(deployment.percentageComplete)}%` : '';
  const line = note(`${state}${progress}${deployment.description ? ` (${deployment.description})` : ''}`, 'flags-deployment');
  line.dataset.testid = `flags-deployment-${name}`;
  line.title = `Deployment ${deployment.number} of version ${deployment.version}`;
  return line;
}

function note(text, className) {
  return element('p', className, null, text);
}

function element(tag, className, testId = null, text = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (testId) node.dataset.testid = testId;
  if (text !== null) node.textContent = text;
  return node;
}
