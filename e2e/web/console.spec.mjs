// Browser tests of the web console (issue 7), against the selectors of its contract, in the machine's Chromium
// through playwright-core. Plain node: `node console.spec.mjs [--KEY=value ...]`; every setting comes from the
// environment (or the same name as an argument), WebConsoleE2E boots the platform and passes them:
//   BASE_URL            http://127.0.0.1:<port> of the apiserver (the UI is at /ui/)
//   TOKEN               an API key allowed everything
//   SCREENSHOTS         where every page's screenshot goes (default: ../target/screenshots beside this file)
//   EXPECTED_USER       the username the header shows after sign-in (default: admin)
//   HOST_NS, HOST_NAME, HOST_DC   the BmcHost served by ipmi_sim (its serial port echoes `echo:<bytes>`)
//   JOB_NS, JOB_NAME, JOB_LOG     a Succeeded agent Job and the lines its log holds (JOB_LOG: lines separated by `|`)
//   PIPELINE_NS, PIPELINE_NAME, PIPELINE_TASKS   a Succeeded Pipeline and its task names (comma separated)
//   AGENT_ID, AGENT_DC  a connected agent
//   CONSOLE_TOKEN_TTL_SECONDS     the delegated (console) token lifetime of the apiserver (default 3)
//   FCP_BUDGET_MS       the most first-contentful-paint of /ui/ may take (default 1000)
//   CHROMIUM            the browser (default /usr/bin/chromium)
// Exits 0 when every step passed; on the first failure prints what failed, saves failure-<step>.png and exits 1.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const settings = { ...process.env };
for (const arg of process.argv.slice(2)) {
  const match = /^--([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
  if (!match) {
    fail('arguments', new Error(`unknown argument ${arg} (expected --NAME=value)`));
  }
  settings[match[1]] = match[2];
}

function setting(name, fallback) {
  const value = settings[name];
  if (value !== undefined && value !== '') {
    return value;
  }
  if (fallback === undefined) {
    fail('settings', new Error(`${name} is not set (environment variable or --${name}=...)`));
  }
  return fallback;
}

const BASE_URL = setting('BASE_URL').replace(/\/+$/, '');
const TOKEN = setting('TOKEN');
const SCREENSHOTS = resolve(setting('SCREENSHOTS', join(here, '..', 'target', 'screenshots')));
const EXPECTED_USER = setting('EXPECTED_USER', 'admin');
const HOST_NS = setting('HOST_NS');
const HOST_NAME = setting('HOST_NAME');
const HOST_DC = setting('HOST_DC');
const JOB_NS = setting('JOB_NS');
const JOB_NAME = setting('JOB_NAME');
const JOB_LOG = setting('JOB_LOG').split('|').filter((line) => line.length > 0);
const PIPELINE_NS = setting('PIPELINE_NS');
const PIPELINE_NAME = setting('PIPELINE_NAME');
const PIPELINE_TASKS = setting('PIPELINE_TASKS').split(',').map((t) => t.trim()).filter((t) => t.length > 0);
const AGENT_ID = setting('AGENT_ID');
const AGENT_DC = setting('AGENT_DC', '');
const TTL_SECONDS = Number(setting('CONSOLE_TOKEN_TTL_SECONDS', '3'));
const FCP_BUDGET_MS = Number(setting('FCP_BUDGET_MS', '1000'));
const CHROMIUM = setting('CHROMIUM', '/usr/bin/chromium');
const UI = `${BASE_URL}/ui/`;
const WAIT = 15_000; // one UI reaction: a page render, a watch event
const SLOW = 45_000; // through the platform: operator → hub → agent → ipmi_sim → next poll

mkdirSync(SCREENSHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'anvil-web-e2e-'));
const browserLog = [];
let context;
let current; // the page a failure screenshot shows
let currentStep = 'launch';
let shots = 0;

function fail(step, error) {
  console.error(`\n✗ web console E2E failed at step "${step}": ${error && error.message ? error.message : error}`);
  process.exit(1);
}

function log(message) {
  console.log(`[web-e2e] ${message}`);
}

async function shot(page, name) {
  const file = join(SCREENSHOTS, `${String(++shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`  screenshot ${file}`);
}

async function step(name, body) {
  currentStep = name;
  const started = Date.now();
  log(`▶ ${name}`);
  await body();
  log(`✓ ${name} (${Date.now() - started} ms)`);
}

function watchBrowser(page, label) {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      browserLog.push(`[${label} console.${message.type()}] ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => browserLog.push(`[${label} pageerror] ${error.message}`));
  page.on('requestfailed', (request) => {
    browserLog.push(`[${label} requestfailed] ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      browserLog.push(`[${label} HTTP ${response.status()}] ${response.request().method()} ${response.url()}`);
    }
  });
}

async function newPage(label) {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  watchBrowser(page, label);
  current = page;
  return page;
}

async function expectText(locator, expected, what, timeout = WAIT) {
  const matches = (text) => (expected instanceof RegExp ? expected.test(text) : text.includes(expected));
  const deadline = Date.now() + timeout;
  let last = '<absent>';
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      last = ((await locator.first().textContent()) ?? '').trim();
      if (matches(last)) {
        return last;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: expected ${expected} within ${timeout} ms, was "${last}"`);
}

async function visible(page, selector, what, timeout = WAIT) {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new Error(`${what}: ${selector} not visible within ${timeout} ms on ${page.url()}`);
  }
}

async function go(page, hash) {
  await page.goto(`${UI}${hash}`, { waitUntil: 'load' });
}

async function signIn(page, token) {
  await go(page, '#/sign-in');
  await visible(page, '#token', 'sign-in form');
  await page.fill('#token', token);
  await page.click('#sign-in');
}

async function confirmAction(page, action) {
  await page.click(`[data-testid=action-${action}]`);
  await visible(page, '[data-testid=confirm-dialog]', `confirmation of ${action}`);
  await shot(page, `confirm-${action}`);
  await page.click('[data-testid=confirm-dialog] [data-testid=confirm]');
  await page.locator('[data-testid=confirm-dialog]').first().waitFor({ state: 'hidden', timeout: WAIT })
      .catch(() => { throw new Error(`the confirmation dialog of ${action} stayed open`); });
}

/** Records every text [data-testid=console-status] shows, so a short-lived one is not missed between polls. */
async function recordConsoleStatus(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__anvilE2eStatus = seen;
    const read = () => {
      const el = document.querySelector('[data-testid=console-status]');
      const text = el ? el.textContent.trim() : '';
      if (seen.length === 0 || seen[seen.length - 1] !== text) {
        seen.push(text);
      }
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true,
      attributes: true });
  });
}

async function statusHistory(page) {
  return page.evaluate(() => window.__anvilE2eStatus ?? []);
}

async function terminalText(page) {
  return page.evaluate(() => {
    const rows = document.querySelector('[data-testid=terminal] .xterm-rows') ?? document.querySelector('.xterm-rows');
    return rows ? Array.from(rows.children).map((row) => row.textContent.replace(/\u00a0/g, ' ')).join('\n') : null;
  });
}

async function awaitEcho(page, typed, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let text = null;
  while (Date.now() < deadline) {
    text = await terminalText(page);
    // the fake host answers each chunk it receives with echo:<chunk>, a word may come back in pieces
    if (text !== null && text.includes('echo:') && text.replace(/echo:/g, '').replace(/\n/g, '').includes(typed)) {
      return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the terminal did not show the echo of "${typed}" within ${timeout} ms; .xterm-rows: `
      + (text === null ? '<no .xterm-rows in the DOM>' : JSON.stringify(text.trim())));
}

async function main() {
  log(`UI ${UI}, screenshots in ${SCREENSHOTS}, browser ${CHROMIUM}`);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  log(`Chromium ${context.browser()?.version() ?? '(persistent context)'} launched`);
  const page = await newPage('main');

  await step('first-contentful-paint', async () => {
    // one request first, so the figure is the UI's paint and not the apiserver's first-request warm-up
    const warm = await fetch(UI).then((r) => r.status, (e) => `unreachable (${e.message})`);
    log(`  warm-up GET /ui/: ${warm}`);
    const response = await page.goto(UI, { waitUntil: 'load' });
    if (!response || !response.ok()) {
      await shot(page, 'first-load');
      throw new Error(`GET ${UI} answered ${response ? response.status() : 'nothing'}: the web console is not served `
          + 'there without a token (the web/ module in the apiserver, /ui/ public)');
    }
    const fcp = await page.evaluate(() => new Promise((resolve) => {
      const found = performance.getEntriesByName('first-contentful-paint')[0];
      if (found) {
        resolve(found.startTime);
        return;
      }
      new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) {
          resolve(entry.startTime);
        }
      }).observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(null), 5000);
    }));
    await shot(page, 'first-load');
    if (fcp === null) {
      throw new Error(`no first-contentful-paint entry for ${UI} within 5 s (the page painted no content)`);
    }
    console.log(`first-contentful-paint of /ui/: ${fcp.toFixed(0)} ms (budget ${FCP_BUDGET_MS} ms)`);
    await visible(page, '#token', 'the sign-in form a first visit lands on');
    if (!(fcp < FCP_BUDGET_MS)) {
      throw new Error(`first-contentful-paint of /ui/ took ${fcp.toFixed(0)} ms, over the ${FCP_BUDGET_MS} ms budget`);
    }
  });

  await step('a wrong token is refused', async () => {
    await signIn(page, 'anvil_wrong_' + '0bad'.repeat(8));
    await visible(page, '[data-testid=sign-in-error]', 'sign-in error');
    await expectText(page.locator('[data-testid=sign-in-error]'), 'The token was not accepted', 'sign-in error');
    await shot(page, 'sign-in-error');
    if (!page.url().includes('#/sign-in')) {
      throw new Error(`a refused token left the sign-in page for ${page.url()}`);
    }
  });

  await step('sign in with the API key', async () => {
    await signIn(page, TOKEN);
    await page.waitForURL(/#\/fleet/, { timeout: WAIT })
        .catch(() => { throw new Error(`sign-in did not lead to #/fleet (at ${page.url()})`); });
    await expectText(page.locator('[data-testid=whoami]'), EXPECTED_USER, 'header user');
    await visible(page, '#sign-out', 'sign-out button');
  });

  const hostRow = `[data-testid="host-${HOST_NS}-${HOST_NAME}"]`;
  await step('the fleet lists the ipmi host', async () => {
    await visible(page, `[data-testid="datacenter-${HOST_DC}"]`, `datacenter ${HOST_DC}`);
    await visible(page, `[data-testid="datacenter-${HOST_DC}"] ${hostRow}`, `host row in datacenter ${HOST_DC}`);
    for (const cell of ['power', 'health', 'reachable', 'agent']) {
      await visible(page, `${hostRow} [data-testid=${cell}]`, `${cell} of the host row`);
    }
    await shot(page, 'fleet');
  });

  // A second tab stays on the fleet, never reloaded: its power cell can only change through the watch.
  const fleet = await newPage('fleet');
  await step('a second tab watches the fleet', async () => {
    await go(fleet, '#/fleet'); // the session may carry over from the first tab; sign in when it does not
    await Promise.race([fleet.locator('#token').waitFor({ state: 'visible', timeout: WAIT }),
      fleet.locator(hostRow).first().waitFor({ state: 'visible', timeout: WAIT })]).catch(() => {});
    if (await fleet.locator('#token').isVisible()) {
      await fleet.fill('#token', TOKEN);
      await fleet.click('#sign-in');
    }
    await fleet.waitForURL(/#\/fleet/, { timeout: WAIT });
    await visible(fleet, hostRow, 'host row in the watching tab');
  });
  const power = fleet.locator(`${hostRow} [data-testid=power]`);

  current = page;
  await step('host details', async () => {
    await page.click(`${hostRow} a[href="#/hosts/${HOST_NS}/${HOST_NAME}"]`).catch(() => go(page, `#/hosts/${HOST_NS}/${HOST_NAME}`));
    await page.waitForURL(new RegExp(`#/hosts/${HOST_NS}/${HOST_NAME}$`), { timeout: WAIT });
    for (const action of ['On', 'ForceOff', 'GracefulRestart']) {
      await visible(page, `[data-testid=action-${action}]`, `action ${action}`);
    }
    await visible(page, '[data-testid=sensor-chart]', 'sensor chart');
    await visible(page, '[data-testid=boot-target]', 'boot override target');
    await shot(page, 'host');
  });

  await step('power off the host (confirmed), the fleet shows Off live', async () => {
    const before = ((await power.first().textContent()) ?? '').trim();
    log(`  power before: ${before}`);
    if (before !== 'On') {
      await confirmAction(page, 'On');
      current = fleet;
      await expectText(power, /^On$/, 'power after On', SLOW);
      current = page;
    }
    await page.click('[data-testid=action-ForceOff]');
    await visible(page, '[data-testid=confirm-dialog]', 'confirmation of ForceOff');
    await shot(page, 'confirm-ForceOff-then-cancel');
    await page.click('[data-testid=confirm-dialog] [data-testid=cancel]');
    await page.locator('[data-testid=confirm-dialog]').first().waitFor({ state: 'hidden', timeout: WAIT });
    await confirmAction(page, 'ForceOff');
    current = fleet;
    await expectText(power, /^Off$/, 'power in the watching fleet tab', SLOW);
    await shot(fleet, 'fleet-powered-off');
    current = page;
  });

  await step('work lists the Job', async () => {
    await page.click('a[href="#/work"]');
    const row = page.locator(`[data-testid="job-${JOB_NS}-${JOB_NAME}"]`);
    if (!(await row.first().isVisible().catch(() => false))) {
      await page.getByText('Jobs', { exact: true }).first().click({ timeout: 2000 }).catch(() => {});
    }
    await visible(page, `[data-testid="job-${JOB_NS}-${JOB_NAME}"]`, 'job row');
    await expectText(row.locator('[data-testid=phase]'), 'Succeeded', 'job row phase');
    await shot(page, 'work');
  });

  await step('follow the Job log', async () => {
    await go(page, `#/jobs/${JOB_NS}/${JOB_NAME}`);
    await expectText(page.locator('[data-testid=phase]'), 'Succeeded', 'job phase');
    await visible(page, '[data-testid=attempt]', 'attempt select');
    await visible(page, '[data-testid=download-log]', 'download button');
    for (const line of JOB_LOG) {
      await expectText(page.locator('[data-testid=log]'), line, 'job log');
    }
    await shot(page, 'job');
  });

  await step('the Pipeline graph', async () => {
    await go(page, `#/pipelines/${PIPELINE_NS}/${PIPELINE_NAME}`);
    await visible(page, 'svg[data-testid=graph]', 'pipeline graph');
    for (const task of PIPELINE_TASKS) {
      const node = `svg[data-testid=graph] g[data-testid="node-${task}"]`;
      await visible(page, node, `graph node ${task}`);
      await page.locator(`${node}[data-state=Succeeded]`).first().waitFor({ state: 'attached', timeout: WAIT })
          .catch(async () => {
            const state = await page.locator(node).first().getAttribute('data-state');
            throw new Error(`graph node ${task}: data-state ${state}, expected Succeeded`);
          });
    }
    await shot(page, 'pipeline');
  });

  await step('the serial console echoes typed keys', async () => {
    await go(page, `#/hosts/${HOST_NS}/${HOST_NAME}`);
    await page.click('[data-testid=open-console]');
    await page.waitForURL(new RegExp(`#/hosts/${HOST_NS}/${HOST_NAME}/console$`), { timeout: WAIT });
    await recordConsoleStatus(page);
    await expectText(page.locator('[data-testid=console-status]'), 'connected (writer)', 'console status');
    await page.locator('[data-testid=terminal] .xterm-rows').first().waitFor({ state: 'attached', timeout: WAIT })
        .catch(() => { throw new Error('no .xterm-rows inside [data-testid=terminal] (xterm with its DOM renderer)'); });
    await page.click('[data-testid=terminal]');
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter'); // xterm sends \r
    await awaitEcho(page, 'hello', SLOW);
    await shot(page, 'console');
  });

  await step('an expired console token is noticed and reconnect mints a new one', async () => {
    await page.click('[data-testid=disconnect]');
    await expectText(page.locator('[data-testid=console-status]'), /^(closed|console token expired)/,
        'console status after disconnect');
    await page.waitForTimeout(TTL_SECONDS * 1000 + 1500);
    const status = page.locator('[data-testid=console-status]');
    if (!(await statusHistory(page)).includes('console token expired')) {
      await page.click('[data-testid=reconnect]');
    }
    const deadline = Date.now() + WAIT;
    while (!(await statusHistory(page)).includes('console token expired') && Date.now() < deadline) {
      await page.waitForTimeout(50);
    }
    const seen = await statusHistory(page);
    if (!seen.includes('console token expired')) {
      throw new Error(`the console status never said "console token expired" after the ${TTL_SECONDS} s token `
          + `lifetime passed; it showed: ${JSON.stringify(seen)}`);
    }
    await shot(page, 'console-token-expired');
    if (!((await status.first().textContent()) ?? '').includes('connected (writer)')) {
      await page.click('[data-testid=reconnect]');
    }
    await expectText(status, 'connected (writer)', 'console status after reconnect');
    await page.click('[data-testid=terminal]');
    await page.keyboard.type('again');
    await page.keyboard.press('Enter');
    await awaitEcho(page, 'again', SLOW);
    await shot(page, 'console-reconnected');
  });

  await step('the agents page lists the agent', async () => {
    await page.click('a[href="#/agents"]');
    const row = page.locator(`[data-testid="agent-${AGENT_ID}"]`);
    await visible(page, `[data-testid="agent-${AGENT_ID}"]`, `agent ${AGENT_ID}`);
    if (AGENT_DC) {
      await expectText(row, AGENT_DC, 'agent row datacenter');
    }
    await shot(page, 'agents');
  });

  await step('the dead letters page', async () => {
    await page.click('a[href="#/dead-letters"]');
    await visible(page, '[data-testid=namespace]', 'namespace select');
    await shot(page, 'dead-letters');
  });

  await step('sign out', async () => {
    await page.click('#sign-out');
    await page.waitForURL(/#\/sign-in/, { timeout: WAIT })
        .catch(() => { throw new Error(`sign-out did not lead to #/sign-in (at ${page.url()})`); });
    await shot(page, 'signed-out');
  });
}

async function shutdown() {
  if (context) {
    await context.close().catch(() => {});
  }
  rmSync(profile, { recursive: true, force: true });
}

try {
  await main();
  await shutdown();
  log('all steps passed');
} catch (error) {
  console.error(`\n✗ web console E2E failed at step "${currentStep}": ${error.message}`);
  if (current) {
    console.error(`  page: ${current.url()}`);
    const file = join(SCREENSHOTS, `failure-${currentStep.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.png`);
    try {
      await current.screenshot({ path: file, fullPage: true, timeout: 5000 });
      console.error(`  screenshot: ${file}`);
    } catch (e) {
      console.error(`  (no screenshot: ${e.message})`);
    }
  }
  if (browserLog.length > 0) {
    console.error('  browser log (last 30):');
    browserLog.slice(-30).forEach((line) => console.error(`    ${line}`));
  }
  if (error.stack) {
    console.error(error.stack.split('\n').slice(1, 6).join('\n'));
  }
  await shutdown();
  process.exit(1);
}
