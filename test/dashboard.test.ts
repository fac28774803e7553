import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenClaims } from '@civicgraph/gateway';
import { fixedClock } from '@civicgraph/platform';
import { runEscalation } from '@civicgraph/supervision';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

// The live dashboard at /dashboard/ in Debian's Chromium: signed in with pasted tokens, it shows the
// ledger's real KPIs and overdue appeals, and a status change made through the API appears without reload.
const clock = fixedClock(new Date('2022-09-05T09:00:00+08:00'));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
/** Both database projects run at once: each keeps its own screenshots (dashboard.png is PGlite's). */
const SHOT_SUFFIX = process.env.CIVICGRAPH_TEST_DB === 'postgres' ? '-postgres' : '';
const PERIOD = '?from=2022-09-01&to=2022-09-30';
/** How long the page may take to show a change (a bounded wait, not a timed assertion). */
const SHOWS_WITHIN = 20_000;

const AGENT: DevTokenClaims = { role: 'hotline_agent', agency: 'th-mayor-hotline', subject: 'agent:th-01' };
const HANDLER: DevTokenClaims = { role: 'handler', agency: 'th-housing', subject: 'handler:th-wang' };
// The reply is reviewed by the office that dispatched the message, not by the bureau that wrote it.
const REVIEWER: DevTokenClaims = { role: 'reviewer', agency: 'th-mayor-hotline', subject: 'reviewer:th-office' };
const SUPERVISOR: DevTokenClaims = { role: 'supervisor', agency: 'jl-gov-supervision', subject: 'supervisor:jl' };

let hub: TestHub;
let chromium: TestBrowser;
/** Appeals by their part in the story: overdue in Tonghua, replied in Tonghua, overdue in Changchun, and one still waiting for intake. */
const appeals: Record<'late' | 'replied' | 'changchun' | 'waiting', { id: string; number: string }> = {} as never;

const dashboardUrl = (search = PERIOD) => `${hub.url.replace('/graphql', '/dashboard/')}${search}`;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function postMessage(title: string) {
  const { postMessage } = await hub.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id number } }`, {
    input: { boardId: 'th-secretary', title, content: `${title}，请尽快处理。`, regionCode: '220502' },
  }, hub.as({ role: 'citizen', subject: 'citizen:li' }));
  return postMessage as { id: string; number: string };
}

async function acceptAndForward(id: string, dueAt: string) {
  await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id }, hub.as(AGENT));
  await hub.ok(`mutation($id: ID!, $dueAt: DateTime!) { forwardMessage(id: $id, agencyId: "th-housing", dueAt: $dueAt) { id status } }`, { id, dueAt }, hub.as(AGENT));
}

beforeAll(async () => {
  hub = await startTestHub({ clock });
  chromium = await launchChromium();
  appeals.late = await postMessage('东昌区人行道破损');
  await acceptAndForward(appeals.late.id, '2022-09-09T17:00:00+08:00');
  appeals.replied = await postMessage('玉泉路路灯不亮');
  await acceptAndForward(appeals.replied.id, '2022-09-30T17:00:00+08:00');
  await hub.ok(`mutation($id: ID!) { acknowledgeMessage(id: $id) { id } }`, { id: appeals.replied.id }, hub.as(HANDLER));
  await hub.ok(`mutation($id: ID!) { submitReply(id: $id, content: "路灯已修复") { id } }`, { id: appeals.replied.id }, hub.as(HANDLER));
  await hub.ok(`mutation($id: ID!) { approveReply(id: $id) { id } }`, { id: appeals.replied.id }, hub.as(REVIEWER));
  const { submitClue } = await hub.ok(`mutation { submitClue(input: { title: "南关区供暖不热", content: "室温只有十五度", regionCode: "220102" }) { id number } }`,
    {}, hub.as({ role: 'citizen', subject: 'citizen:zhao' }));
  appeals.changchun = submitClue;
  await hub.ok(`mutation($id: ID!) { acceptClue(id: $id) { id } }`, { id: submitClue.id }, hub.as(SUPERVISOR));
  await hub.ok(`mutation($id: ID!) { transferClue(id: $id, agencyId: "cc-housing", dueAt: "2022-09-09T17:00:00+08:00") { id } }`, { id: submitClue.id }, hub.as(SUPERVISOR));
  appeals.waiting = await postMessage('新华大街井盖缺失');
  await until('the ledger has every appeal', async () => (await hub.ok(`{ cases { totalCount } }`)).cases.totalCount === 4);
  await until('the ledger applied the reply', async () => (await hub.ok(`{ cases(filter: { status: [REPLIED] }) { totalCount } }`)).cases.totalCount === 1);
  // Past both deadlines (the Mid-Autumn holiday in between): the escalation reminds, then issues orders.
  clock.set(new Date('2022-09-14T09:00:00+08:00'));
  await runEscalation(hub.services, clock.now());
  clock.set(new Date('2022-09-20T09:00:00+08:00'));
  await runEscalation(hub.services, clock.now());
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

/** A fresh tab; when the test fails, what the page showed is kept beside the screenshot, with its console. */
async function withPage(name: string, run: (page: Page) => Promise<void>) {
  const page = await chromium.context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));
  try {
    await run(page);
    expect(log.filter((line) => line.startsWith('pageerror'))).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${ARTIFACTS}${name}${SHOT_SUFFIX}-failed.png`, fullPage: true }).catch(() => {});
    throw new Error(`${(error as Error).message}\npage console:\n${log.join('\n')}`, { cause: error });
  } finally {
    await page.close();
  }
}

async function signIn(page: Page, token: string, search = PERIOD) {
  await page.goto(dashboardUrl(search));
  await page.fill('#token', token);
  await page.click('#signin-button');
}

/** Text of every match, in page order. */
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
async function attributes(page: Page, selector: string, name: string) {
  const values: (string | null)[] = [];
  for (const element of await page.locator(selector).all()) values.push(await element.getAttribute(name));
  return values;
}

describe('the live dashboard page', () => {
  it('shows a supervisor every agency’s KPIs and overdue appeals, and a status change made through the API within seconds', () => withPage('supervisor', async (page) => {
    await signIn(page, `Bearer ${await hub.token(SUPERVISOR)}`);
    await page.locator('#kpis table').waitFor({ timeout: SHOWS_WITHIN });
    expect(await page.textContent('#who')).toContain('supervisor:jl');

    // The page shows what the API says, for the same caller and filters.
    const api = await hub.ok(`{ overdue: cases(filter: { overdue: true }) { totalCount edges { node { number escalationLevel } } }
      period: cases(filter: { submittedFrom: "2022-09-01T00:00:00+08:00", submittedTo: "2022-10-01T00:00:00+08:00" }) { totalCount }
      th: agency(id: "th-housing") { kpis(from: "2022-09-01T00:00:00+08:00", to: "2022-10-01T00:00:00+08:00") { assigned replied onTimeRate } }
      office: agency(id: "th-mayor-hotline") { kpis(from: "2022-09-01T00:00:00+08:00", to: "2022-10-01T00:00:00+08:00") { assigned dispatched } } }`,
    {}, hub.as(SUPERVISOR));
    expect(api.overdue.edges.map((e: any) => e.node.number).sort()).toEqual([appeals.late.number, appeals.changchun.number].sort());
    expect(api.overdue.edges.every((e: any) => e.node.escalationLevel >= 1)).toBe(true);
    expect(api.period.totalCount).toBe(4);
    expect(api.th.kpis).toEqual({ assigned: 2, replied: 1, onTimeRate: 1 });
    // The Tonghua hotline office dispatched both messages: its row shows them as dispatched, beside the bureau's handled ones.
    expect(api.office.kpis).toEqual({ assigned: 2, dispatched: 2 });

    expect(await attributes(page, '#overdue tr[data-case]', 'data-case')).toEqual(api.overdue.edges.map((e: any) => e.node.number));
    expect(await attributes(page, '#overdue tr[data-case]', 'data-escalation')).toEqual(api.overdue.edges.map((e: any) => String(e.node.escalationLevel)));
    expect(await page.textContent('#tile-overdue .value')).toBe('2');
    expect(await page.textContent('#tile-period .value')).toBe('4');
    const thRow = '#kpis tr[data-agency="th-housing"]';
    expect(await texts(page, `${thRow} td`)).toEqual(
      // completion 0/2, feedback 0/1 (no return visit yet), on time 1/1, satisfaction without ratings, hours to reply
      ['通化市住建局', '2', '0', '1', '0.0%', '0.0%', '100.0%', '—', expect.stringMatching(/^\d+\.\d$/)]);
    expect(await page.textContent('#kpis tr[data-agency="th-mayor-hotline"] [data-kpi="dispatched"]')).toBe('2');
    expect(await page.textContent('#kpis thead')).toContain('转办');
    expect(await page.textContent('#kpis tr[data-agency="cc-housing"] [data-kpi="assigned"]')).toBe('1');
    expect(await page.textContent(`#overdue tr[data-case="${appeals.late.number}"]`)).toContain('东昌区人行道破损');

    // The feed's subscription reaches the ledger; then the Tonghua hotline office takes in and forwards the waiting message.
    const streams = hub.services.events.activeStreams;
    await page.reload(); // the token survives a reload (sessionStorage) and the feed subscribes again
    await page.locator('#feed-state[data-state="live"]').waitFor({ timeout: SHOWS_WITHIN });
    await until('the feed subscribed', async () => hub.services.events.activeStreams >= streams);
    await acceptAndForward(appeals.waiting.id, '2022-10-10T17:00:00+08:00');
    const forwarded = page.locator(`#feed-list li[data-case="${appeals.waiting.number}"][data-to="ASSIGNED"]`);
    await forwarded.waitFor({ timeout: SHOWS_WITHIN });
    expect(await forwarded.textContent()).toContain('新华大街井盖缺失');
    expect(await attributes(page, `#feed-list li[data-case="${appeals.waiting.number}"]`, 'data-to')).toEqual(['ASSIGNED', 'ACCEPTED']);
    // The KPIs follow: the bureau now has three appeals assigned in September.
    // (Locators, not page functions: the page's Content-Security-Policy forbids evaluating strings, as it should.)
    await page.locator(`${thRow} [data-kpi="assigned"]`, { hasText: /^3$/ }).waitFor({ timeout: SHOWS_WITHIN });
    await page.screenshot({ path: `${ARTIFACTS}dashboard${SHOT_SUFFIX}.png`, fullPage: true });

    // Region filter: Changchun shows only its own overdue clue.
    await page.selectOption('#filter-region', '220100');
    await page.locator(`#overdue tr[data-case="${appeals.late.number}"]`).waitFor({ state: 'detached', timeout: SHOWS_WITHIN });
    expect(await attributes(page, '#overdue tr[data-case]', 'data-case')).toEqual([appeals.changchun.number]);
    expect(new URL(page.url()).searchParams.get('region')).toBe('220100');
    // Channel filter, across the province: board messages only.
    await page.selectOption('#filter-region', '');
    await page.selectOption('#filter-channel', 'BOARD');
    await page.locator(`#overdue tr[data-case="${appeals.changchun.number}"]`).waitFor({ state: 'detached', timeout: SHOWS_WITHIN });
    expect(await attributes(page, '#overdue tr[data-case]', 'data-case')).toEqual([appeals.late.number]);
    expect(await page.textContent('#tile-period .value')).toBe('3'); // the three board messages of September
    // The KPIs follow the channel filter too: the Changchun bureau's one appeal is a clue, not a message.
    await page.locator('#kpis tr[data-agency="cc-housing"]').waitFor({ state: 'detached', timeout: SHOWS_WITHIN });
    expect(await page.textContent(`${thRow} [data-kpi="assigned"]`)).toBe('3');
  }));

  it('shows a handler only their agency’s appeals and KPIs, without the live feed their token lacks', () => withPage('handler', async (page) => {
    await signIn(page, await hub.token(HANDLER));
    await page.locator('#overdue table').waitFor({ timeout: SHOWS_WITHIN });
    const api = await hub.ok(`{ cases(filter: { overdue: true }) { edges { node { number assignee { id } } } } }`, {}, hub.as(HANDLER));
    expect(api.cases.edges.map((e: any) => [e.node.number, e.node.assignee.id])).toEqual([[appeals.late.number, 'th-housing']]);
    expect(await attributes(page, '#overdue tr[data-case]', 'data-case')).toEqual([appeals.late.number]);
    expect(await attributes(page, '#kpis tr[data-agency]', 'data-agency')).toEqual(['th-housing']);
    await page.locator('#feed-state[data-state="refused"]').waitFor({ timeout: SHOWS_WITHIN });
    expect(await page.textContent('#feed-state')).toContain('events:read');
    await page.screenshot({ path: `${ARTIFACTS}dashboard-handler${SHOT_SUFFIX}.png`, fullPage: true });
  }));

  it('asks for a fresh token when the feed’s token expires, then resumes after the last event it showed', () => withPage('expiry', async (page) => {
    // Time to sign in and see one event before the gateway closes the socket (4401), even with the
    // whole suite running beside this test.
    await signIn(page, await hub.token({ ...SUPERVISOR, subject: 'supervisor:jl-screen', expiresIn: 25 }));
    await page.locator('#feed-state[data-state="live"]').waitFor({ timeout: SHOWS_WITHIN });
    const streams = hub.services.events.activeStreams;
    await until('the feed subscribed', async () => hub.services.events.activeStreams >= streams);
    const pothole = await postMessage('建设大街路面塌陷');
    await page.locator(`#feed-list li[data-case="${pothole.number}"][data-to="SUBMITTED"]`).waitFor({ timeout: SHOWS_WITHIN });

    const expired = page.locator('#signin-error');
    await expired.waitFor({ timeout: 40_000 });
    expect(await expired.textContent()).toContain('the token expired');
    // Missed while signed out: the hotline office takes the message in.
    await hub.ok(`mutation($id: ID!) { acceptMessage(id: $id) { id } }`, { id: pothole.id }, hub.as(AGENT));
    await page.fill('#token', await hub.token(SUPERVISOR));
    await page.click('#signin-button');
    // Replayed from the cursor: the missed change, and not the one already shown.
    await page.locator(`#feed-list li[data-case="${pothole.number}"][data-to="ACCEPTED"]`).waitFor({ timeout: SHOWS_WITHIN });
    expect(await attributes(page, `#feed-list li[data-case="${pothole.number}"]`, 'data-to')).toEqual(['ACCEPTED']);
  }));

  it('resumes from where the feed started when the token expired before any event came', () => withPage('expiry-quiet', async (page) => {
    await signIn(page, await hub.token({ ...SUPERVISOR, subject: 'supervisor:jl-quiet', expiresIn: 12 }));
    await page.locator('#feed-state[data-state="live"]').waitFor({ timeout: SHOWS_WITHIN });
    const expired = page.locator('#signin-error');
    await expired.waitFor({ timeout: 30_000 });
    expect(await expired.textContent()).toContain('the token expired');
    // Nothing was shown before the expiry; this comes while the screen is signed out.
    const unlit = await postMessage('解放大街路灯不亮');
    await page.fill('#token', await hub.token(SUPERVISOR));
    await page.click('#signin-button');
    await page.locator(`#feed-list li[data-case="${unlit.number}"][data-to="SUBMITTED"]`).waitFor({ timeout: SHOWS_WITHIN });
    expect(await attributes(page, `#feed-list li[data-case="${unlit.number}"]`, 'data-to')).toEqual(['SUBMITTED']);
  }));

  it('refuses a bad token with a clear sign-in error and keeps nothing of it', () => withPage('bad-token', async (page) => {
    const forged = (await hub.token(SUPERVISOR)).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    for (const token of ['not-a-token', forged]) {
      await signIn(page, token);
      const error = page.locator('#signin-error');
      await error.waitFor({ timeout: SHOWS_WITHIN });
      expect(await error.textContent()).toMatch(/^令牌无效.*the gateway refused this token/);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(await page.locator('#kpis').count()).toBe(0);
    }
  }));
});

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise dot segments). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port, path, method, headers: { 'content-length': '0' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the gateway serving the dashboard', () => {
  it('serves the built page and its bundled assets with their content types and a strict policy', async () => {
    expect(await get('/dashboard?region=220100')).toMatchObject({ status: 308, headers: { location: '/dashboard/?region=220100' } });
    const page = await get('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const assets = [...page.body.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.split('.').pop()).sort()).toEqual(['css', 'js']);
    expect(page.body).not.toMatch(/https?:\/\//); // nothing from elsewhere
    for (const asset of assets) {
      const file = await get(asset);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe(asset.endsWith('.js') ? 'text/javascript' : 'text/css');
      expect(file.headers['cache-control']).toContain('immutable');
    }
  });

  it('answers 404 for unknown files and for every way out of the build folder, 405 for other methods', async () => {
    for (const path of ['/dashboard/nope.js', '/dashboard/assets/', '/dashboard/../package.json', '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%2f..%2fpackage.json', '/dashboard/assets/..%2f..%2f..%2fgateway%2fsrc%2fgateway.ts', '/dashboard/%E0%A4%A', '/dashboard//etc/passwd']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.body).toBe('Not found');
    }
    expect((await get('/dashboard/', 'POST')).status).toBe(405);
    expect((await get('/dashboard/', 'HEAD')).status).toBe(200);
    expect((await get('/dashboardx')).status).toBe(404);
  });
});
