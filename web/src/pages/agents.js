// #/agents: the node agents, polled every 5 s (agents are not a watchable resource).
import { h, clear, badge, notice, age } from '../dom.js';
import { json, GROUP, ApiError } from '../api.js';

const POLL_MS = 5000;

export function render(root) {
  const status = h('div');
  const body = h('div', h('p.muted', 'Loading agents…'));
  let timer = null;
  let stopped = false;
  root.append(h('h2', 'Agents'), status, body);

  const poll = async () => {
    try {
      const list = await json(`${GROUP}/agents`);
      if (stopped) return;
      clear(status);
      draw(body, (list && list.items) || []);
    } catch (e) {
      if (stopped) return;
      clear(status, notice(e instanceof ApiError && e.status === 404
        ? 'This apiserver does not list agents yet (GET /apis/anvil.dev/v1alpha1/agents answered 404).'
        : `Agents could not be loaded: ${e.message}`));
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  };
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function draw(body, agents) {
  if (!agents.length) {
    clear(body, h('p.muted', 'No agents have registered.'));
    return;
  }
  agents.sort((a, b) => (a.datacenter || '').localeCompare(b.datacenter || '') || a.id.localeCompare(b.id));
  clear(body, h('table',
    h('thead', h('tr', ['Agent', 'Node', 'Datacenter', 'Version', 'State', 'CPU load', 'Memory', 'Running / capacity', 'BMC hosts', 'Last heartbeat']
      .map((c) => h('th', c)))),
    h('tbody', agents.map((a) => {
      const cap = a.capacity || {};
      return h('tr', { testid: `agent-${a.id}` },
        h('td', a.id),
        h('td', a.nodeName || '—'),
        h('td', { testid: 'datacenter' }, a.datacenter || '—'),
        h('td', a.version || '—'),
        h('td', badge(a.connected ? 'Connected' : 'Disconnected', 'connected')),
        h('td', { testid: 'load' }, a.cpuLoad == null || a.cpuLoad < 0 ? '—' : `${Math.round(a.cpuLoad * 100)}%`),
        h('td', memory(a.memoryUsedBytes, cap.memoryBytes)),
        h('td', { testid: 'running' }, `${a.runningAttempts ?? 0} / ${cap.maxConcurrentAttempts ?? '—'}`),
        h('td', String(a.bmcHosts ?? 0)),
        h('td', { testid: 'heartbeat' }, age(a.lastHeartbeat)));
    }))));
}

function memory(used, total) {
  const gib = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  if (used == null || used < 0) return total ? `— / ${gib(total)}` : '—';
  return total ? `${gib(used)} / ${gib(total)}` : gib(used);
}
