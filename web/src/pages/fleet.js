// #/fleet: every BmcHost, grouped by datacenter, live via watch.
import { h, clear, badge, condition, notice, age, tone } from '../dom.js';
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
      h('thead', h('tr', ['Host', 'Namespace', 'Power', 'Health', 'Reachable', 'Key sensors', 'Agent', 'Last poll'].map((c) => h('th', c)))),
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
    h('td', { testid: 'sensors' }, keySensors(st.sensors || []).map(sensor)),
    h('td', { testid: 'agent' }, st.agent || '—'),
    h('td', age(st.lastPollTime)));
}

const SEVERITY = { Critical: 0, Warning: 1 };

/** The sensors people look at first: those out of range, else the temperatures, two at most. */
function keySensors(sensors) {
  const withReading = sensors.filter((s) => typeof s.reading === 'number');
  const alarming = withReading.filter((s) => s.status in SEVERITY)
    .sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  const picked = alarming.length ? alarming : withReading.filter((s) => s.kind === 'Temperature');
  return (picked.length ? picked : withReading).slice(0, 2);
}

function sensor(s) {
  const text = `${s.name} ${Math.round(s.reading * 10) / 10}${s.units ? ' ' + s.units : ''}`;
  return h(`span.badge.${s.status === 'Critical' || s.status === 'Warning' ? tone(s.status) : 'idle'}`, text);
}

function byName(a, b) {
  return a.metadata.name.localeCompare(b.metadata.name);
}
