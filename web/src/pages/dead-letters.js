// #/dead-letters: a namespace's dead-letter queue, with replay per entry.
import { h, clear, notice, time } from '../dom.js';
import { json, request, resourcePath, ApiError } from '../api.js';

const NS_KEY = 'anvil.deadletters.ns';

export function render(root) {
  const select = h('select', { testid: 'namespace', 'aria-label': 'Namespace' });
  const status = h('div');
  const result = h('div', { 'aria-live': 'polite' });
  const body = h('div');
  let stopped = false;
  root.append(h('h2', 'Dead letters'), h('div.toolbar', h('label', 'Namespace ', select),
    h('button', { type: 'button', onclick: () => load() }, 'Refresh')), status, result, body);

  const replay = async (entry) => {
    clear(result);
    try {
      await request(`${resourcePath('workflows', entry.namespace, entry.workflow)}/replay`, { method: 'POST', body: { nodes: [entry.node] } });
      clear(result, notice(`Replay of ${entry.workflow}/${entry.node} requested`, 'info', 'action-result'));
    } catch (e) {
      clear(result, notice(`Replay of ${entry.workflow}/${entry.node} failed: ${e.message}`, 'error', 'action-result'));
    }
  };

  async function load() {
    const ns = select.value;
    if (!ns) return;
    sessionStorage.setItem(NS_KEY, ns);
    clear(status);
    try {
      const list = await json(`${resourcePath('deadletters', ns)}?limit=200`);
      if (stopped || ns !== select.value) return;
      draw(body, (list && list.items) || [], replay);
    } catch (e) {
      if (stopped) return;
      clear(body);
      clear(status, notice(e instanceof ApiError && e.status === 404
        ? `No dead-letter queue is served for namespace ${ns}.` : `Dead letters could not be loaded: ${e.message}`));
    }
  }

  select.addEventListener('change', load);
  namespaces().then((names) => {
    if (stopped) return;
    const saved = sessionStorage.getItem(NS_KEY);
    clear(select, names.map((n) => h('option', { value: n }, n)));
    select.value = names.includes(saved) ? saved : names[0];
    load();
  });
  return () => { stopped = true; };
}

/** Namespaces that hold Workflows (there is no namespace list in this API group), plus "default". */
async function namespaces() {
  const names = new Set(['default']);
  try {
    const list = await json(resourcePath('workflows'));
    for (const w of list.items || []) names.add(w.metadata.namespace);
  } catch { /* the select still offers default */ }
  return [...names].sort();
}

function draw(body, entries, replay) {
  if (!entries.length) {
    clear(body, h('p.muted', 'No dead letters in this namespace.'));
    return;
  }
  clear(body, h('table',
    h('thead', h('tr', ['Workflow', 'Node', 'Type', 'Execution', 'Reason', 'Message', 'Attempts', 'Last attempt', ''].map((c) => h('th', c)))),
    h('tbody', entries.map((d) => h('tr', { testid: `deadletter-${d.workflow}-${d.node}` },
      h('td', h('a', { href: `#/workflows/${d.namespace}/${d.workflow}` }, d.workflow)),
      h('td', d.node), h('td', d.nodeType || ''), h('td', String(d.execution ?? '')),
      h('td', d.reason || ''), h('td.message', d.message || ''), h('td', String(d.attempts ?? '')), h('td', time(d.lastAttempt)),
      h('td', h('button', { type: 'button', testid: `replay-${d.node}`, onclick: () => replay(d) }, 'Replay')))))));
}
