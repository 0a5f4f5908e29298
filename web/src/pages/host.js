// #/hosts/:ns/:name: one BmcHost's details, sensor history, power and boot actions, console links.
import { h, clear, badge, condition, notice, age, time } from '../dom.js';
import { resourcePath, json, request, ApiError } from '../api.js';
import { watchList } from '../watch.js';
import { confirmAction } from '../dialog.js';
import { sensorChart } from '../chart.js';

const ACTIONS = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'PowerCycle'];
const BOOT_TARGETS = ['Pxe', 'Hdd', 'Cd', 'BiosSetup', 'UefiShell', 'UefiHttp', 'None'];

export function render(root, { ns, name }) {
  const path = resourcePath('bmchosts', ns, name);
  const result = h('div', { 'aria-live': 'polite' });
  const details = h('div.grid', h('p.muted', 'Loading…'));
  const links = h('p.links');
  const chartEl = h('div.chart', { testid: 'sensor-chart' });
  const chartNote = h('div');
  const sensors = h('div');
  let chart = null;
  let destroyed = false;

  const act = async (label, call) => {
    clear(result);
    try {
      await call();
      clear(result, notice(`${label}: requested`, 'info', 'action-result'));
    } catch (e) {
      const text = e instanceof ApiError && e.status === 409 ? `${label}: an earlier request still waits (${e.message})` : `${label} failed: ${e.message}`;
      clear(result, notice(text, 'error', 'action-result'));
    }
  };

  const actions = h('div.buttons', ACTIONS.map((action) => h('button', {
    type: 'button', testid: `action-${action}`,
    onclick: async () => {
      if (!(await confirmAction(`${action} ${name}?`, `Sends ${action} to the BMC of ${ns}/${name}.`))) return;
      act(action, () => request(`${path}/power`, { method: 'POST', body: { action } }));
    },
  }, action)));

  const target = h('select', { testid: 'boot-target' }, BOOT_TARGETS.map((t) => h('option', { value: t }, t)));
  const enabled = h('select', { testid: 'boot-enabled' }, ['Once', 'Continuous', 'Disabled'].map((t) => h('option', { value: t }, t)));
  const mode = h('select', { testid: 'boot-mode' }, ['UEFI', 'Legacy'].map((t) => h('option', { value: t }, t)));
  const boot = h('form.inline', {
    onsubmit: async (e) => {
      e.preventDefault();
      const override = { target: target.value, enabled: enabled.value, mode: mode.value };
      if (!(await confirmAction(`Boot ${name} from ${override.target}?`, `Sets the boot override (${override.enabled}, ${override.mode}).`))) return;
      act(`Boot override ${override.target}`, () => request(path, {
        method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { bootOverride: override } },
      }));
    },
  }, h('label', 'Target ', target), h('label', 'Enabled ', enabled), h('label', 'Mode ', mode),
  h('button', { type: 'submit', testid: 'boot-apply' }, 'Apply'));

  root.append(
    h('p.crumbs', h('a', { href: '#/fleet' }, 'Fleet'), ` / ${ns} / `),
    h('h2', name), links, details,
    h('h3', 'Power'), actions,
    h('h3', 'Boot override'), boot, result,
    h('h3', 'Sensors (6 h)'), chartNote, chartEl, sensors);

  json(`${path}/history?since=6h`).then(async (body) => {
    if (destroyed) return;
    chart = await sensorChart(chartEl, (body && body.items) || []);
    if (!chart) clear(chartNote, h('p.muted', 'No sensor readings recorded yet.'));
  }).catch((e) => {
    clear(chartNote, notice(e instanceof ApiError && e.status === 404
      ? 'Sensor history is not available from this apiserver yet; current readings are below.'
      : `Sensor history could not be loaded: ${e.message}`, 'info'));
  });

  const stop = watchList(resourcePath('bmchosts', ns), {
    name,
    onError: (e) => e && clear(result, notice(`Host could not be loaded: ${e.message}`)),
    onChange: (items) => {
      const host = items.get(`${ns}/${name}`);
      if (!host) {
        clear(details, notice(`BmcHost ${ns}/${name} was not found.`));
        return;
      }
      drawDetails(details, host);
      drawLinks(links, host);
      drawSensors(sensors, host);
      if (chart && host.status && host.status.sensors && host.status.sensors.length) {
        const readings = Object.fromEntries(host.status.sensors.filter((s) => s.reading != null).map((s) => [s.name, s.reading]));
        chart.add({ t: Date.parse(host.status.lastPollTime) || Date.now(), up: 1, sensors: readings });
      }
    },
  });
  return () => {
    destroyed = true;
    stop();
    if (chart) chart.destroy();
  };
}

function drawDetails(el, host) {
  const st = host.status || {};
  const spec = host.spec || {};
  const reachable = condition(host, 'Reachable');
  const ready = condition(host, 'Ready');
  const inv = st.inventory || {};
  const field = (label, value) => [h('dt', label), h('dd', value)];
  clear(el, h('dl',
    field('Power', badge(st.powerState || 'Unknown', 'power')),
    field('Health', badge(st.health || 'Unknown', 'health')),
    field('Reachable', h('span', badge(reachable ? (reachable.status === 'True' ? 'Reachable' : 'Unreachable') : 'Unknown', 'reachable'),
      reachable && reachable.message ? h('span.muted', ` ${reachable.message}`) : null)),
    field('Ready', ready ? `${ready.status} ${ready.reason || ''}` : '—'),
    field('Agent', h('span', { testid: 'agent' }, st.agent || '—')),
    field('Address', spec.address || '—'),
    field('Datacenter', spec.datacenter || '—'),
    field('Protocol', st.protocol || '—'),
    field('Boot override', st.bootOverride ? `${st.bootOverride.target} (${st.bootOverride.enabled || ''} ${st.bootOverride.mode || ''})` : '—'),
    field('Last action', st.lastAction ? `${st.lastAction.action || ''} ${st.lastAction.result || st.lastAction.phase || ''} ${st.lastAction.message || ''}` : '—'),
    field('Last poll', `${age(st.lastPollTime)} (${time(st.lastPollTime)})`),
    inv && Object.keys(inv).length ? field('Inventory', Object.entries(inv)
      .filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k}: ${v}`).join(', ')) : null));
}

function drawLinks(el, host) {
  const { namespace: ns, name } = host.metadata;
  const vnc = host.spec && host.spec.console && host.spec.console.vnc;
  clear(el,
    h('a.button', { href: `#/hosts/${ns}/${name}/console`, testid: 'open-console' }, 'Serial console'),
    vnc ? h('a.button', { href: `#/hosts/${ns}/${name}/vnc`, testid: 'open-vnc' }, 'VNC') : null);
}

function drawSensors(el, host) {
  const list = (host.status && host.status.sensors) || [];
  if (!list.length) {
    clear(el);
    return;
  }
  clear(el, h('table.compact',
    h('thead', h('tr', ['Sensor', 'Reading', 'Status'].map((c) => h('th', c)))),
    h('tbody', list.map((s) => h('tr',
      h('td', s.name),
      h('td', s.reading == null ? '—' : `${s.reading} ${s.units || ''}`),
      h('td', badge(s.status || '—')))))));
}
