// The faults panel: asks the sandbox (POST /sandbox/faults, DELETE /sandbox/faults) to make a Lambda version fail or
// slow down, and shows its answer as it is. The form asks for a percentage (what people say); the sandbox takes
// {function, version, errorRate (a fraction, 0 to 1), durationMs}.

/** Wires the panel's form: submit injects the fault, the clear button removes it. */
export function wireFaults(form) {
  form.addEventListener('submit', (event) => { event.preventDefault(); fault(form, 'POST'); });
  form.querySelector('[data-testid="fault-clear"]').addEventListener('click', () => fault(form, 'DELETE'));
}

async function fault(form, method) {
  const output = form.querySelector('[data-testid="fault-answer"]');
  const data = new FormData(form);
  const body = { function: String(data.get('function') ?? '').trim(), version: String(data.get('version') ?? '').trim() };
  if (!body.function || !body.version) {
    output.textContent = 'Say which function and version.';
    return;
  }
  if (method === 'POST') {
    const errorRate = String(data.get('errorRate') ?? '').trim();
    const durationMs = String(data.get('durationMs') ?? '').trim();
    if (errorRate !== '') body.errorRate = Number(errorRate) / 100;
    if (durationMs !== '') body.durationMs = Number(durationMs);
  }
  const query = method === 'DELETE' ? `?function=${encodeURIComponent(body.function)}&version=${encodeURIComponent(body.version)}` : '';
  output.textContent = `${method} /sandbox/faults…`;
  try {
    const response = await fetch(`/sandbox/faults${query}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    output.textContent = `${method} /sandbox/faults → ${response.status} ${response.statusText}${text ? `\n${text.slice(0, 1000)}` : ''}`;
    output.classList.toggle('problem', !response.ok);
  } catch (error) {
    output.textContent = `${method} /sandbox/faults: the sandbox did not answer (${error.message})`;
    output.classList.add('problem');
  }
}
