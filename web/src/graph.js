// A run's DAG laid out by dagre and drawn as SVG; each node's group carries its state for colour and tests.
import { h } from './dom.js';

const NODE_W = 170;
const NODE_H = 46;

/**
 * Draws nodes [{id, kind}] and edges [{from, to, label}] into svg (dagre loads on first use).
 * onSelect(id) runs on a click. Returns setStates({id: state}) for live updates without a new layout.
 */
export async function drawGraph(svg, { nodes, edges }, onSelect) {
  const { default: dagre } = await import('@dagrejs/dagre');
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, { label: e.label });
  dagre.layout(g);

  const { width, height } = g.graph();
  svg.setAttribute('viewBox', `0 0 ${Math.max(width, 10)} ${Math.max(height, 10)}`);
  svg.setAttribute('width', Math.max(width, 10));
  svg.setAttribute('height', Math.max(height, 10));
  svg.replaceChildren(h('defs', h('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
    h('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));

  for (const e of g.edges()) {
    const { points, label } = g.edge(e);
    const d = points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');
    svg.append(h('path.edge', { d, 'marker-end': 'url(#arrow)' }, label ? h('title', label) : null));
  }

  const groups = new Map();
  for (const n of nodes) {
    const { x, y } = g.node(n.id);
    const state = h('text.state', { x: 10, y: 36 }, 'Pending');
    const group = h('g.node', {
      testid: `node-${n.id}`, 'data-state': 'Pending', transform: `translate(${x - NODE_W / 2}, ${y - NODE_H / 2})`,
      tabindex: '0', role: 'button',
      onclick: () => onSelect(n.id),
      onkeydown: (ev) => { if (ev.key === 'Enter') onSelect(n.id); },
    },
    h('rect', { width: NODE_W, height: NODE_H, rx: 6 }),
    h('text.name', { x: 10, y: 19 }, clip(n.id, 20), n.kind ? h('tspan.kind', ` ${n.kind}`) : null),
    state);
    groups.set(n.id, { group, state });
    svg.append(group);
  }

  return {
    setStates(states) {
      for (const [id, { group, state }] of groups) {
        const s = states[id] || 'Pending';
        group.setAttribute('data-state', s);
        state.textContent = s;
      }
    },
    select(id) {
      for (const [key, { group }] of groups) group.classList.toggle('selected', key === id);
    },
  };
}

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
