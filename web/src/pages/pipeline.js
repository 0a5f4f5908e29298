// #/pipelines/:ns/:name: the task graph (runAfter edges; finally tasks after every other task).
import { h } from '../dom.js';
import { runPage } from '../run-page.js';

export function render(root, { ns, name }) {
  return runPage(root, {
    ns, name, plural: 'pipelines', title: 'Pipeline',
    shape: (p) => {
      const spec = p.spec || {};
      const tasks = spec.tasks || [];
      const finallyTasks = spec.finallyTasks || [];
      const nodes = [...tasks.map((t) => ({ id: t.name })), ...finallyTasks.map((t) => ({ id: t.name, kind: 'finally' }))];
      const edges = tasks.flatMap((t) => (t.runAfter || []).map((from) => ({ from, to: t.name })));
      const sinks = tasks.filter((t) => !tasks.some((o) => (o.runAfter || []).includes(t.name)));
      for (const f of finallyTasks) for (const s of sinks) edges.push({ from: s.name, to: f.name, label: 'finally' });
      return { nodes, edges };
    },
    states: (p) => Object.fromEntries(((p.status && p.status.tasks) || []).map((t) => [t.name, t])),
    panel: (task, st) => (st.job ? h('p', h('a', { href: `#/jobs/${ns}/${st.job}` }, `Job ${st.job} (logs)`)) : null),
  });
}
