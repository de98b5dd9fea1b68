// The faults panel: asks the sandbox (POST /sandbox/faults, DELETE /sandbox/faults) to make a Lambda version fail or
// slow down in one environment (dev and prod are separate worlds), and shows its answer as the sentence it carries.
// The form asks for a percentage (what people say); the sandbox takes
// {environment, function, version, errorRate (a fraction, 0 to 1), durationMs}: either or both of the last two.
// Below it, each environment's InfluxDB switch (up / slow / down: {environment, influxdb, latencyMs}), read from
// GET /sandbox/faults when the page opens, and "DLQ +5" ({environment, dlq: the function above, messages: 5}).

/** Wires the panel's form: submit injects the fault, the clear button removes it; the environment follows the channel. */
export function wireFaults(form) {
  form.addEventListener('submit', (event) => { event.preventDefault(); fault(form, 'POST'); });
  form.querySelector('[data-testid="fault-clear"]').addEventListener('click', () => fault(form, 'DELETE'));
  for (const radio of form.querySelectorAll('.influx-row input[type="radio"]')) {
    radio.addEventListener('change', () => { if (radio.checked) influx(form, radio); });
  }
  form.querySelector('[data-testid="dlq-add"]').addEventListener('click', () => deadLetters(form));
  readInflux(form);
}

/** Picks the environment of the channel on screen, so a fault lands in the world a person is looking at. */
export function followEnvironment(form, environment) {
  const select = form.querySelector('[data-testid="fault-environment"]');
  if (environment && [...select.options].some((o) => o.value === environment)) select.value = environment;
}

async function fault(form, method) {
  const output = form.querySelector('[data-testid="fault-answer"]');
  const data = new FormData(form);
  const body = {
    environment: String(data.get('environment') ?? '').trim(),
    function: String(data.get('function') ?? '').trim(),
    version: String(data.get('version') ?? '').trim(),
  };
  if (!body.function || !body.version) {
    show(output, 'Say which function and version.', true);
    return;
  }
  if (method === 'POST') {
    const errorRate = String(data.get('errorRate') ?? '').trim();
    const durationMs = String(data.get('durationMs') ?? '').trim();
    if (errorRate !== '') body.errorRate = Number(errorRate) / 100;
    if (durationMs !== '') body.durationMs = Number(durationMs);
  }
  const query = method === 'DELETE' ? `?${new URLSearchParams(body)}` : '';
  show(output, method === 'POST' ? 'Injecting the fault…' : 'Clearing the fault…', false);
  await ask(output, method, query, body);
}

/** An InfluxDB switch moved: up, slow (by the latency field) or down; a refusal puts the switch back. */
async function influx(form, radio) {
  const output = form.querySelector('[data-testid="fault-answer"]');
  const environment = radio.name.replace('influx-', '');
  const body = { environment, influxdb: radio.value };
  if (radio.value === 'slow') body.latencyMs = Number(form.querySelector('[data-testid="influx-latency"]').value || 3000);
  show(output, `Switching ${environment}'s InfluxDB ${radio.value}…`, false);
  const answer = await ask(output, 'POST', '', body);
  if (answer?.influxdb?.state) setSwitch(form, environment, answer.influxdb.state);
  else if (!answer) readInflux(form);
}

/** "DLQ +5": five messages into the dead-letter queue of the function named above, in the environment above. */
async function deadLetters(form) {
  const output = form.querySelector('[data-testid="fault-answer"]');
  const data = new FormData(form);
  const body = { environment: String(data.get('environment') ?? '').trim(), dlq: String(data.get('function') ?? '').trim(), messages: 5 };
  if (!body.dlq) {
    show(output, 'Say which function\u2019s dead-letter queue.', true);
    return;
  }
  show(output, `Putting 5 messages into ${body.dlq}-dlq…`, false);
  await ask(output, 'POST', '', body);
}

/** Sets the switches to what the sandbox says (GET /sandbox/faults lists each environment's InfluxDB). */
async function readInflux(form) {
  try {
    const response = await fetch('/sandbox/faults');
    if (!response.ok) return;
    for (const entry of (await response.json()).influxdb ?? []) setSwitch(form, entry.environment, entry.state);
  } catch {
    // The switches keep what they show; the next change says what went wrong.
  }
}

function setSwitch(form, environment, state) {
  const radio = form.querySelector(`[data-testid="influx-${environment}-${state}"]`);
  if (radio) radio.checked = true;
}

/** Sends one request and shows the sentence of its answer; resolves to the answer when the sandbox accepted it, else null. */
async function ask(output, method, query, body) {
  try {
    const response = await fetch(`/sandbox/faults${query}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    show(output, answer.message ?? (response.ok ? 'Done.' : `The sandbox refused it (HTTP ${response.status}).`), !response.ok);
    return response.ok ? answer : null;
  } catch (error) {
    show(output, `The sandbox did not answer (${error.message}).`, true);
    return null;
  }
}

function show(output, text, problem) {
  output.textContent = text;
  output.classList.toggle('problem', problem);
}
