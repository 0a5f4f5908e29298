// #/fleet: every BmcHost, grouped by datacenter, live via watch.
import { h, clear, badge, condition, notice, age } from '../dom.js';
import { resourcePath } from '../api.js';
import { watchList } from '../watch.js';

export function render(root) {
  const status = h('div');
  const body = h('div', h('p.muted', 'Loading hosts…'));
  root.append(h('h2', 'Fleet'), status, body);

  return watchList(resourcePath('bmchosts'), {
    onError: (e) => clear(status, e ? notice(`Hosts could not be loaded: ${e.message}`) : null),
    onChange: (items) => draw(body, [...items.values()]),
  });
}

function draw(body, hosts) {
  if (!hosts.length) {
    clear(body, h('p.muted', 'No BmcHosts yet.'));
    return;
  }
  const byDc = new Map();
  for (const host of hosts) {
    const dc = (host.spec && host.spec.datacenter) || 'none';
    if (!byDc.has(dc)) byDc.set(dc, []);
    byDc.get(dc).push(host);
  }
  const sections = [...byDc.keys()].sort().map((dc) => h('section.datacenter', { testid: `datacenter-${dc}` },
    h('h3', dc === 'none' ? 'No datacenter' : `Datacenter ${dc}`),
    h('table',
      h('thead', h('tr', ['Host', 'Namespace', 'Power', 'Health', 'Reachable', 'Agent', 'Last poll'].map((c) => h('th', c)))),
      h('tbody', byDc.get(dc).sort(byName).map(row)))));
  clear(body, sections);
}

function row(host) {
  const { namespace: ns, name } = host.metadata;
  const st = host.status || {};
  const reachable = condition(host, 'Reachable');
  const href = `#/hosts/${ns}/${name}`;
  return h('tr', { testid: `host-${ns}-${name}` },
    h('td', h('a', { href }, name)),
    h('td', ns),
    h('td', badge(st.powerState || 'Unknown', 'power')),
    h('td', badge(st.health || 'Unknown', 'health')),
    h('td', badge(reachable ? (reachable.status === 'True' ? 'Reachable' : 'Unreachable') : 'Unknown', 'reachable'),
      reachable && reachable.status !== 'True' ? h('span.muted.small', ` ${reachable.reason || ''}`) : null),
    h('td', { testid: 'agent' }, st.agent || '—'),
    h('td', age(st.lastPollTime)));
}

function byName(a, b) {
  return a.metadata.name.localeCompare(b.metadata.name);
}
