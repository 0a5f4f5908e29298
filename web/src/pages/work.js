// #/work: Jobs, Pipelines and Workflows in every namespace, live via watch; one tab at a time.
import { h, clear, badge, notice, age } from '../dom.js';
import { resourcePath } from '../api.js';
import { watchList } from '../watch.js';

const TABS = [
  { plural: 'jobs', kind: 'job', label: 'Jobs', detail: 'jobs', extra: (o) => `attempt ${(o.status && o.status.attempt) || '—'}` },
  { plural: 'pipelines', kind: 'pipeline', label: 'Pipelines', detail: 'pipelines', extra: (o) => (o.status && o.status.progress) || '' },
  { plural: 'workflows', kind: 'workflow', label: 'Workflows', detail: 'workflows', extra: (o) => (o.status && o.status.progress) || '' },
];

export function render(root) {
  const wanted = new URLSearchParams(location.hash.split('?')[1] || '').get('tab');
  let current = TABS.find((t) => t.plural === wanted) || TABS[0];
  let stop = () => {};
  const status = h('div');
  const body = h('div');
  const tabs = h('div.tabs', { role: 'tablist' }, TABS.map((t) => h('button', {
    type: 'button', role: 'tab', testid: `tab-${t.plural}`, 'aria-selected': String(t === current),
    onclick: () => {
      current = t;
      for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.testid === `tab-${t.plural}`));
      open();
    },
  }, t.label)));
  root.append(h('h2', 'Work'), tabs, status, body);

  function open() {
    stop();
    const tab = current;
    clear(body, h('p.muted', `Loading ${tab.label.toLowerCase()}…`));
    clear(status);
    stop = watchList(resourcePath(tab.plural), {
      onError: (e) => clear(status, e ? notice(`${tab.label} could not be loaded: ${e.message}`) : null),
      onChange: (items) => draw(body, tab, [...items.values()]),
    });
  }
  open();
  return () => stop();
}

function draw(body, tab, list) {
  if (!list.length) {
    clear(body, h('p.muted', `No ${tab.label} yet.`));
    return;
  }
  list.sort((a, b) => (b.metadata.creationTimestamp || '').localeCompare(a.metadata.creationTimestamp || '')
    || a.metadata.name.localeCompare(b.metadata.name));
  clear(body, h('table',
    h('thead', h('tr', ['Name', 'Namespace', 'Phase', 'Progress', 'Started', 'Age'].map((c) => h('th', c)))),
    h('tbody', list.map((o) => {
      const { namespace: ns, name } = o.metadata;
      const st = o.status || {};
      return h('tr', { testid: `${tab.kind}-${ns}-${name}` },
        h('td', h('a', { href: `#/${tab.detail}/${ns}/${name}` }, name)),
        h('td', ns),
        h('td', badge(st.phase || 'Pending', 'phase')),
        h('td', tab.extra(o)),
        h('td', age(st.startTime)),
        h('td', age(o.metadata.creationTimestamp)));
    }))));
}
