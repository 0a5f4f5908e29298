// Small DOM and formatting helpers shared by the pages.

/** h('div.class', {attrs}, ...children): attrs starting with "on" are listeners; dataset via data-*. */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = name === 'svg' || SVG_TAGS.has(name)
    ? document.createElementNS('http://www.w3.org/2000/svg', name)
    : document.createElement(name || 'div');
  if (classes.length) el.setAttribute('class', classes.join(' '));
  if (attrs instanceof Node || typeof attrs !== 'object' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'testid') el.setAttribute('data-testid', v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && !(el instanceof SVGElement) && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

const SVG_TAGS = new Set(['g', 'rect', 'path', 'text', 'defs', 'marker', 'title']);

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "3m ago" style age of an RFC 3339 time or epoch ms. */
export function age(t) {
  if (!t) return '—';
  const ms = Date.now() - (typeof t === 'number' ? t : Date.parse(t));
  if (Number.isNaN(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function time(t) {
  if (!t) return '—';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toLocaleString();
}

/** CSS class for a phase, health or power word: ok / warn / bad / run / skip / idle. */
export function tone(word) {
  switch (word) {
    case 'OK': case 'Succeeded': case 'On': case 'True': case 'Connected': case 'Reachable': return 'ok';
    case 'Warning': case 'Retrying': case 'Waiting': case 'Suspended': case 'PoweringOn': case 'PoweringOff': return 'warn';
    case 'Critical': case 'Failed': case 'DeadLettered': case 'False': case 'Unreachable': case 'Disconnected': return 'bad';
    case 'Running': case 'Queued': case 'Scheduled': return 'run';
    case 'Skipped': case 'Off': return 'skip';
    default: return 'idle';
  }
}

export function badge(word, testid) {
  return h(`span.badge.${tone(word)}`, { testid }, word || '—');
}

export function condition(obj, type) {
  const list = (obj && obj.status && obj.status.conditions) || [];
  return list.find((c) => c.type === type);
}

/** A message block for a failed call; kind "error" or "info". */
export function notice(text, kind = 'error', testid) {
  return h(`p.notice.${kind}`, { testid, role: kind === 'error' ? 'alert' : 'status' }, text);
}
