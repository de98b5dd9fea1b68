// The faults panel: asks the sandbox (POST /sandbox/faults, DELETE /sandbox/faults) to make a Lambda version fail or
// slow down in one environment (dev and prod are separate worlds), and shows its answer as the sentence it carries.
// The form asks for a percentage (what people say); the sandbox takes
// {environment, function, version, errorRate (a fraction, 0 to 1), durationMs}: either or both of the last two.

/** Wires the panel's form: submit injects the fault, the clear button removes it; the environment follows the channel. */
export function wireFaults(form) {
  form.addEventListener('submit', (event) => { event.preventDefault(); fault(form, 'POST'); });
  form.querySelector('[data-testid="fault-clear"]').addEventListener('click', () => fault(form, 'DELETE'));
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
  try {
    const response = await fetch(`/sandbox/faults${query}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    show(output, answer.message ?? (response.ok ? 'Done.' : `The sandbox refused it (HTTP ${response.status}).`), !response.ok);
  } catch (error) {
    show(output, `The sandbox did not answer (${error.message}).`, true);
  }
}

function show(output, text, problem) {
  output.textContent = text;
  output.classList.toggle('problem', problem);
}
