// #/workflows/:ns/:name: the node graph, approvals waiting for an answer, dead-lettered nodes to replay.
import { h, clear, notice } from '../dom.js';
import { runPage } from '../run-page.js';
import { request, resourcePath } from '../api.js';

const TYPES = ['job', 'pipeline', 'bmc', 'http', 'delay', 'approval', 'condition'];

export function render(root, { ns, name }) {
  const path = resourcePath('workflows', ns, name);
  const result = h('div', { 'aria-live': 'polite' });
  const reason = h('input', { type: 'text', testid: 'reason', placeholder: 'Reason (optional)' });

  const post = async (label, sub, body) => {
    clear(result);
    try {
      await request(`${path}/${sub}`, { method: 'POST', body });
      clear(result, notice(`${label}: sent`, 'info', 'action-result'));
    } catch (e) {
      clear(result, notice(`${label} failed: ${e.message}`, 'error', 'action-result'));
    }
  };

  const child = (spec, st) => {
    if (!st.child) return null;
    const href = spec && spec.pipeline ? `#/pipelines/${ns}/${st.child}` : spec && spec.job ? `#/jobs/${ns}/${st.child}` : null;
    return href ? h('p', h('a', { href }, `Child ${st.child}`)) : h('p', `Child ${st.child}`);
  };

  return runPage(root, {
    ns, name, plural: 'workflows', title: 'Workflow',
    shape: (w) => {
      const nodes = (w.spec && w.spec.nodes) || [];
      return {
        nodes: nodes.map((n) => ({ id: n.name, kind: TYPES.find((t) => n[t]) || '' })),
        edges: nodes.flatMap((n) => (n.dependsOn || []).map((d) => ({ from: d.node, to: n.name, label: d.outcome }))),
      };
    },
    states: (w) => Object.fromEntries(((w.status && w.status.nodes) || []).map((n) => [n.name, n])),
    panel: (node, st, w) => {
      const spec = ((w.spec && w.spec.nodes) || []).find((n) => n.name === node);
      return [
        child(spec, st),
        spec && spec.approval && spec.approval.message ? h('p', spec.approval.message) : null,
        st.deadLetter ? h('p.muted', `Dead letter ${st.deadLetter}`) : null,
      ];
    },
    below: (w) => {
      const specs = (w.spec && w.spec.nodes) || [];
      const nodeStates = (w.status && w.status.nodes) || [];
      const waiting = nodeStates.filter((n) => n.phase === 'Waiting' && specs.some((s) => s.name === n.name && s.approval));
      const dead = nodeStates.filter((n) => n.phase === 'DeadLettered');
      return [
        waiting.length ? h('section',
          h('h3', 'Approvals'), reason,
          waiting.map((n) => {
            const spec = specs.find((s) => s.name === n.name);
            return h('div.approval',
              h('strong', n.name), ' ', (spec.approval && spec.approval.message) || '',
              h('button.primary', { type: 'button', testid: `approve-${n.name}`, onclick: () => post(`Approve ${n.name}`, 'approve', { node: n.name, decision: 'approve', reason: reason.value }) }, 'Approve'),
              h('button', { type: 'button', testid: `reject-${n.name}`, onclick: () => post(`Reject ${n.name}`, 'approve', { node: n.name, decision: 'reject', reason: reason.value }) }, 'Reject'));
          })) : null,
        dead.length ? h('section',
          h('h3', 'Dead-lettered nodes'),
          dead.map((n) => h('div.approval',
            h('strong', n.name), ` ${n.reason || ''} ${n.message || ''} `,
            h('button', { type: 'button', testid: `replay-${n.name}`, onclick: () => post(`Replay ${n.name}`, 'replay', { nodes: [n.name] }) }, 'Replay'))),
          dead.length > 1 ? h('button', { type: 'button', testid: 'replay-all', onclick: () => post('Replay all', 'replay', { all: true }) }, 'Replay all') : null) : null,
        result,
      ];
    },
  });
}
