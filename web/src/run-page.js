// What the Pipeline and Workflow pages share: the watched object, the graph, the per-node side panel.
import { h, clear, badge, notice, time } from './dom.js';
import { resourcePath } from './api.js';
import { watchList } from './watch.js';
import { drawGraph } from './graph.js';

/**
 * plural: pipelines|workflows. shape(obj) → {nodes, edges} from the spec; states(obj) → {name: stepState} from the
 * status; panel(name, state, obj) → extra content for the side panel; below(obj) → content under the graph.
 */
export function runPage(root, { ns, name, plural, title, shape, states, panel, below }) {
  const phase = h('span', { testid: 'phase' }, '—');
  const status = h('div');
  const summary = h('p.muted');
  const svg = h('svg', { testid: 'graph', class: 'graph', role: 'img', 'aria-label': `${title} graph` });
  const side = h('aside.panel', h('p.muted', 'Select a node for its details.'));
  const extra = h('div');
  let graph = null;
  let layoutKey = '';
  let selected = null;
  let obj = null;
  let drawing = Promise.resolve();

  const showPanel = () => {
    if (!selected || !obj) return;
    const st = states(obj)[selected] || { name: selected, phase: 'Pending' };
    clear(side,
      h('h3', selected),
      h('p', badge(st.phase || 'Pending', 'node-phase')),
      h('dl',
        h('dt', 'Started'), h('dd', time(st.startTime)),
        h('dt', 'Finished'), h('dd', time(st.completionTime)),
        st.attempts != null ? [h('dt', 'Attempts'), h('dd', String(st.attempts))] : null,
        st.execution != null ? [h('dt', 'Execution'), h('dd', String(st.execution))] : null,
        st.retries != null ? [h('dt', 'Retries'), h('dd', String(st.retries))] : null,
        st.reason ? [h('dt', 'Reason'), h('dd', st.reason)] : null,
        st.message || st.skipReason ? [h('dt', 'Message'), h('dd', st.message || st.skipReason)] : null),
      panel ? panel(selected, st, obj) : null);
  };

  const select = (id) => {
    selected = id;
    if (graph) graph.select(id);
    showPanel();
  };

  root.append(
    h('p.crumbs', h('a', { href: `#/work?tab=${plural}` }, 'Work'), ` / ${ns} / `),
    h('h2', `${title} ${name} `, phase), summary, status,
    h('div.run', h('div.graph-wrap', svg), side), extra);

  const stop = watchList(resourcePath(plural, ns), {
    name,
    onError: (e) => clear(status, e ? notice(`${title} could not be loaded: ${e.message}`) : null),
    onChange: (items) => {
      obj = items.get(`${ns}/${name}`) || null;
      if (!obj) {
        clear(status, notice(`${title} ${ns}/${name} was not found.`));
        return;
      }
      const st = obj.status || {};
      phase.textContent = st.phase || 'Pending';
      phase.className = `badge ${toneClass(st.phase)}`;
      summary.textContent = [st.progress, st.startTime && `started ${time(st.startTime)}`, st.completionTime && `finished ${time(st.completionTime)}`]
        .filter(Boolean).join(' · ');
      const current = obj;
      const s = shape(current);
      const key = JSON.stringify(s);
      drawing = drawing.then(async () => {
        if (key !== layoutKey) {
          layoutKey = key;
          graph = await drawGraph(svg, s, select);
          if (selected) graph.select(selected);
        }
        const phases = Object.fromEntries(Object.entries(states(obj)).map(([k, v]) => [k, v.phase || 'Pending']));
        graph.setStates(phases);
        showPanel();
        clear(extra, below ? below(obj) : null);
      }).catch((e) => clear(status, notice(`The graph could not be drawn: ${e.message}`)));
    },
  });
  return stop;
}

function toneClass(phase) {
  return { Succeeded: 'ok', Failed: 'bad', Running: 'run', Waiting: 'warn', Scheduled: 'run' }[phase] || 'idle';
}
