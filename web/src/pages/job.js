// #/jobs/:ns/:name: a Job's phase and attempts, and an attempt's log (followed while it runs).
import { h, clear, badge, notice, time } from '../dom.js';
import { resourcePath } from '../api.js';
import { watchList } from '../watch.js';
import { readLog, download } from '../logs.js';

const ACTIVE = new Set(['Pending', 'Queued', 'Running', 'Retrying']);

export function render(root, { ns, name }) {
  const phase = h('span', { testid: 'phase' }, '—');
  const attemptSelect = h('select', { testid: 'attempt', 'aria-label': 'Attempt' });
  const follow = h('input', { type: 'checkbox', testid: 'follow', checked: true });
  const log = h('pre.log', { testid: 'log' });
  const logNote = h('div');
  const attemptsEl = h('div');
  const status = h('div');
  let job = null;
  let reading = null;
  let readingKey = '';
  let userChoseAttempt = false;
  let userChoseFollow = false;

  const running = () => job && ACTIVE.has((job.status || {}).phase || 'Pending');
  const currentAttempt = () => Number(attemptSelect.value) || (job && job.status && job.status.attempt) || 1;

  function startLog(force) {
    const attempt = currentAttempt();
    const isLatest = !job || !job.status || !job.status.attempt || attempt === job.status.attempt;
    const wantFollow = follow.checked && running() && isLatest;
    const key = `${attempt}/${wantFollow}`;
    if (!force && key === readingKey) return;
    readingKey = key;
    if (reading) reading.stop();
    log.textContent = '';
    clear(logNote);
    const mine = readLog(ns, name, {
      attempt, follow: wantFollow,
      onText: (t) => {
        if (reading !== mine || !t) return;
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
        log.append(t);
        if (atBottom) log.scrollTop = log.scrollHeight;
      },
    });
    reading = mine;
    mine.done.then(() => {
      // a finished read equals a plain one once the Job has ended; while it runs, read again
      if (reading === mine) readingKey = running() ? `${attempt}/ended` : `${attempt}/false`;
    }).catch((e) => {
      if (e.name !== 'AbortError' && reading === mine) clear(logNote, notice(`The log could not be read: ${e.message}`));
    });
  }

  attemptSelect.addEventListener('change', () => { userChoseAttempt = true; startLog(true); });
  follow.addEventListener('change', () => { userChoseFollow = true; startLog(true); });

  root.append(
    h('p.crumbs', h('a', { href: '#/work?tab=jobs' }, 'Work'), ` / ${ns} / `),
    h('h2', `Job ${name} `, phase), status, attemptsEl,
    h('div.toolbar',
      h('label', 'Attempt ', attemptSelect),
      h('label', follow, ' Follow'),
      h('button', {
        type: 'button', testid: 'download-log',
        onclick: () => download(`${name}-attempt-${currentAttempt()}.log`, log.textContent),
      }, 'Download')),
    logNote, log);

  const stop = watchList(resourcePath('jobs', ns), {
    name,
    onError: (e) => clear(status, e ? notice(`Job could not be loaded: ${e.message}`) : null),
    onChange: (items) => {
      job = items.get(`${ns}/${name}`) || null;
      if (!job) {
        clear(status, notice(`Job ${ns}/${name} was not found.`));
        return;
      }
      const st = job.status || {};
      clear(phase, badge(st.phase || 'Pending'));
      phase.dataset.phase = st.phase || 'Pending';
      drawAttempts(attemptsEl, st);
      const numbers = (st.attempts || []).map((a) => a.number);
      if (st.attempt && !numbers.includes(st.attempt)) numbers.push(st.attempt);
      if (!numbers.length) numbers.push(1);
      const before = attemptSelect.value;
      clear(attemptSelect, numbers.sort((a, b) => a - b).map((n) => h('option', { value: String(n) }, `#${n}`)));
      const latest = String(numbers[numbers.length - 1]);
      attemptSelect.value = userChoseAttempt && numbers.includes(Number(before)) ? before : latest;
      if (!userChoseFollow) follow.checked = running();
      startLog(false);
    },
  });
  return () => {
    stop();
    if (reading) reading.stop();
  };
}

function drawAttempts(el, st) {
  const list = st.attempts || [];
  if (!list.length) {
    clear(el, h('p.muted', st.phase === 'Queued' || st.phase === 'Pending' ? 'Waiting for an agent.' : ''));
    return;
  }
  clear(el, h('table.compact',
    h('thead', h('tr', ['Attempt', 'Agent', 'Started', 'Finished', 'Exit', 'Reason', 'Message'].map((c) => h('th', c)))),
    h('tbody', list.map((a) => h('tr',
      h('td', `#${a.number}`), h('td', a.agent || a.pod || '—'), h('td', time(a.startTime)), h('td', time(a.finishTime)),
      h('td', a.exitCode == null ? '—' : a.exitCode), h('td', a.reason || '—'), h('td', a.message || ''))))));
}
