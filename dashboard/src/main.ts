import './styles.css';
import type { Client } from 'graphql-ws';
import { h, replaceChildren } from './dom.ts';
import { caseFilterOf, periodOf, readFilters, writeFilters } from './filters.ts';
import { ApiError, request, subscribe } from './graphql.ts';
import { CHANNEL_LABELS, formatCount, formatRate } from './labels.ts';
import { CASE_EVENTS, CASES, EVENT_CURSOR, KPIS_BY_AGENCY, KPIS_BY_REGION, REGIONS, type CaseEvent, type CasesResult, type KpisResult, type Overview, type Region } from './queries.ts';
import { forgetToken, normalizeToken, readClaims, seesEveryAgency, storeCursor, storeToken, storedCursor, storedToken, type Claims } from './session.ts';
import { overdueList } from './views/cases.ts';
import { FEED_LENGTH, feedItem } from './views/feed.ts';
import { activeAgencies, kpiTable, totalsOf } from './views/kpis.ts';
import { signInForm } from './views/signin.ts';

const app = document.getElementById('app')!;
let filters = readFilters();
let live: Client | undefined;
let refreshTimer: number | undefined;

/** Explains a refusal in words a supervisor at a wall screen can act on. */
function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return `无法连接网关 (cannot reach the gateway): ${String(error)}`;
  if (error.code === 'INVALID_TOKEN') return `令牌无效，请重新登录 (the gateway refused this token: ${error.message})`;
  if (error.code === 'UNAUTHORIZED_FIELD_OR_TYPE') return `此令牌无权查看诉求 (this token may not read appeals: it needs the appeals:read scope)`;
  if (error.code === 'RATE_LIMITED') return '请求过于频繁，请稍后 (rate limited: try again in a minute)';
  return `${error.message}${error.code ? ` (${error.code})` : ''}`;
}

function showSignIn(error: string | null = null) {
  live?.dispose();
  live = undefined;
  feedGeneration++; // a feed still reading its start cursor does not open after all
  window.clearInterval(refreshTimer);
  window.clearTimeout(pendingRefresh);
  pendingRefresh = undefined;
  replaceChildren(app, header(null), signInForm(signIn, error));
  document.getElementById('token')?.focus();
}

function signIn(input: string) {
  const token = normalizeToken(input);
  storeToken(token);
  void showDashboard(token);
}

function signOut() {
  forgetToken();
  storeCursor(null);
  showSignIn();
}

function header(claims: Claims | null): HTMLElement {
  return h(
    'header',
    null,
    h('h1', null, '诉求办理实时看板', h('small', null, 'civicgraph live dashboard')),
    claims
      ? h('div', { class: 'who', id: 'who' }, `${claims.sub ?? '?'} · ${claims.roles.join(', ') || 'no role'}${claims.agency ? ` · ${claims.agency}` : ''}`,
          h('button', { type: 'button', id: 'signout', onclick: signOut }, '退出 Sign out'))
      : null,
  );
}

function filterBar(regions: Region[], onChange: () => void): HTMLElement {
  const region = h('select', { id: 'filter-region', 'aria-label': 'Region' },
    h('option', { value: '' }, '全省 All regions'),
    regions.flatMap((province) => [h('option', { value: province.code }, province.name), ...province.children.map((city) => h('option', { value: city.code }, `\u3000${city.name}`))]));
  region.value = filters.region;
  const channel = h('select', { id: 'filter-channel', 'aria-label': 'Channel' },
    h('option', { value: '' }, '全部渠道 All channels'),
    Object.entries(CHANNEL_LABELS).map(([code, label]) => h('option', { value: code }, label)));
  channel.value = filters.channel;
  const from = h('input', { id: 'filter-from', type: 'date', value: filters.from, 'aria-label': 'From' });
  const to = h('input', { id: 'filter-to', type: 'date', value: filters.to, 'aria-label': 'To' });
  const changed = () => {
    filters = { region: region.value, channel: channel.value, from: from.value || filters.from, to: to.value || filters.to };
    writeFilters(filters);
    onChange();
  };
  for (const control of [region, channel, from, to]) control.addEventListener('change', changed);
  return h('nav', { class: 'filters' }, h('label', null, '地区 ', region), h('label', null, '渠道 ', channel), h('label', null, '统计期 ', from, ' — ', to));
}

const tile = (id: string, label: string, value: string) => h('div', { class: 'tile', id }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));

async function showDashboard(token: string) {
  const claims = readClaims(token);
  let regions: Region[];
  let overview: Overview;
  try {
    // The first reads also check the token: a refusal sends the visitor back to sign in.
    regions = (await request<{ regions: Region[] }>(token, REGIONS)).regions;
    await storeFeedStart(token);
    overview = await loadOverview(token, claims);
  } catch (error) {
    forgetToken();
    showSignIn(explain(error));
    return;
  }
  const feedList = h('ol', { class: 'feed', id: 'feed-list' });
  const feedState = h('span', { id: 'feed-state', class: 'state', 'data-state': 'connecting' }, '连接中 connecting');
  let latest = 0;
  const refresh = async () => {
    // Filters change faster than answers come back: only the newest request's answer is shown.
    const ticket = ++latest;
    try {
      const overview = await loadOverview(token, claims);
      if (ticket === latest) render(overview);
    } catch (error) {
      if (ticket !== latest) return;
      if (error instanceof ApiError && error.code === 'INVALID_TOKEN') return showSignIn(explain(error));
      const pageError = document.getElementById('page-error');
      if (pageError) Object.assign(pageError, { hidden: false, textContent: explain(error) });
    }
  };
  const startFeed = () => void feed(token, feedList, feedState, () => scheduleRefresh(refresh));
  replaceChildren(
    app,
    header(claims),
    filterBar(regions, async () => {
      // Another filter is another stream: start it afresh, without the old cursor.
      feedList.replaceChildren();
      storeCursor(null);
      await storeFeedStart(token);
      if (storedToken() !== token) return; // signed out meanwhile
      startFeed();
      void refresh();
    }),
    h('section', { class: 'tiles', id: 'tiles' }),
    h('main', null,
      h('section', { class: 'panel', id: 'kpi-panel' }, h('h2', null, '单位办理指标 Agency KPIs'), h('div', { id: 'kpis' })),
      h('section', { class: 'panel', id: 'overdue-panel' }, h('h2', null, '超期与督办 Overdue and escalated'), h('div', { id: 'overdue' })),
      h('section', { class: 'panel', id: 'feed-panel' }, h('h2', null, '实时动态 Live feed ', feedState), feedList)),
    h('p', { class: 'error', id: 'page-error', role: 'alert', hidden: true }),
  );
  render(overview);
  startFeed();
  // Overdue is a matter of time as well as of events: re-read every minute.
  refreshTimer = window.setInterval(() => void refresh(), 60_000);
}

async function loadOverview(token: string, claims: Claims | null): Promise<Overview> {
  const period = periodOf(filters);
  const base = caseFilterOf(filters);
  const channel = filters.channel ? [filters.channel] : null;
  const [cases, kpis] = await Promise.all([
    request<CasesResult>(token, CASES, { period: { ...base, submittedFrom: period.from, submittedTo: period.to }, overdue: { ...base, overdue: true } }),
    seesEveryAgency(claims)
      ? request<KpisResult>(token, KPIS_BY_REGION, { ...period, channel, regionCode: filters.region || null })
      : request<KpisResult>(token, KPIS_BY_AGENCY, { ...period, channel, agencyId: claims!.agency }),
  ]);
  return { ...cases, ...kpis };
}

function render(overview: Overview) {
  const pageError = document.getElementById('page-error');
  if (!pageError) return; // signed out meanwhile
  pageError.hidden = true;
  const rows = activeAgencies(overview.agencies ?? (overview.agency ? [overview.agency, ...overview.agency.children] : []));
  const totals = totalsOf(rows);
  replaceChildren(document.getElementById('tiles')!,
    tile('tile-period', `本期诉求 Appeals submitted ${filters.from} — ${filters.to}`, formatCount(overview.period.totalCount)),
    tile('tile-overdue', '超期未办 Overdue now', formatCount(overview.overdue.totalCount)),
    tile('tile-assigned', '本期交办 Assigned', formatCount(totals.assigned)),
    tile('tile-completion', '办结率 Completion', formatRate(totals.completionRate)),
    tile('tile-ontime', '按期率 On time', formatRate(totals.onTimeRate)),
    tile('tile-satisfaction', '满意率 Satisfaction', formatRate(totals.satisfactionRate)));
  replaceChildren(document.getElementById('kpis')!, kpiTable(rows),
    h('p', { class: 'muted' }, 'KPIs count the appeals (of the chosen channel) first assigned in the period, for the agency handling them and the office that dispatched them.'));
  replaceChildren(document.getElementById('overdue')!, overdueList(overview.overdue.edges.map((edge) => edge.node), overview.overdue.totalCount));
  // Tests and screen scripts can tell a fresh render from the one before.
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? 0) + 1);
}

/**
 * Events arrive in bursts (a forward is several transitions) and, on a busy day, without pause:
 * refresh at most once per REFRESH_AFTER_EVENTS_MS, shortly after the first event of a burst.
 */
const REFRESH_AFTER_EVENTS_MS = 2_000;
let pendingRefresh: number | undefined;
function scheduleRefresh(refresh: () => Promise<void>) {
  if (pendingRefresh !== undefined) return;
  pendingRefresh = window.setTimeout(() => {
    pendingRefresh = undefined;
    void refresh();
  }, REFRESH_AFTER_EVENTS_MS);
}

/**
 * Where a new feed starts (the log's position now) unless a cursor is stored: read before the data
 * the page shows, so what changes between the two comes as an event. A refusal is left to the feed,
 * which asks again and says why.
 */
async function storeFeedStart(token: string): Promise<void> {
  if (storedCursor()) return;
  try {
    storeCursor((await request<{ eventCursor: string }>(token, EVENT_CURSOR)).eventCursor);
  } catch {
    // reported by feed()
  }
}

let feedGeneration = 0;
async function feed(token: string, list: HTMLElement, state: HTMLElement, onEvent: () => void) {
  live?.dispose();
  live = undefined;
  const generation = ++feedGeneration;
  const setState = (value: string, text: string) => Object.assign(state, { textContent: text }).setAttribute('data-state', value);
  const filter = caseFilterOf(filters);
  try {
    // A feed starts where the log stands (read with the page's data, or now), so a token that
    // expires before the first event still resumes from there; a stored cursor is the last event shown.
    if (!storedCursor()) storeCursor((await request<{ eventCursor: string }>(token, EVENT_CURSOR)).eventCursor);
  } catch (error) {
    if (generation !== feedGeneration) return;
    if (error instanceof ApiError && error.code === 'INVALID_TOKEN') return showSignIn(explain(error));
    return setState('refused', error instanceof ApiError && error.code === 'UNAUTHORIZED_FIELD_OR_TYPE' ? NO_EVENTS_SCOPE : explain(error));
  }
  // Started again meanwhile (another filter), or signed out.
  if (generation !== feedGeneration) return;
  live = subscribe<{ caseEvents: CaseEvent }>(token, CASE_EVENTS, () => ({ filter, after: storedCursor() }), {
    onState: (value, detail, code) => {
      // An expired token (4401) is final for graphql-ws: ask for a fresh one; the cursor stays, so
      // the feed resumes after the last event shown.
      if (code === 4401) return showSignIn(detail ?? null);
      setState(value, value === 'live' ? '实时 live' : value === 'connecting' ? '连接中 connecting' : `已断开 ${detail ?? 'closed'}`);
    },
    onEvent: ({ caseEvents: event }) => {
      storeCursor(event.cursor);
      list.prepend(feedItem(event));
      while (list.childElementCount > FEED_LENGTH) list.lastElementChild!.remove();
      onEvent();
    },
    onError: (error) => setState('refused', error.code === 'UNAUTHORIZED_FIELD_OR_TYPE' ? NO_EVENTS_SCOPE : explain(error)),
  });
}

const NO_EVENTS_SCOPE = '此令牌无实时权限 (the live feed needs the events:read scope)';

const saved = storedToken();
if (saved) void showDashboard(saved);
else showSignIn();
