// What the dashboard shows is in its address (?region=220100&channel=HOTLINE&from=2022-01-01&to=2022-12-31),
// so a wall screen can be pointed at one city's view and a reload keeps it.

export interface Filters {
  /** A region code; empty for the whole province. */
  region: string;
  /** BOARD, HOTLINE or SUPERVISION; empty for every channel. */
  channel: string;
  /** First and last day of the KPI period (inclusive), as YYYY-MM-DD in China time. */
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHANNELS = ['BOARD', 'HOTLINE', 'SUPERVISION'];

/** Today in China (UTC+8), where the agencies' periods begin and end. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function readFilters(search = location.search): Filters {
  const params = new URLSearchParams(search);
  const today = chinaToday();
  const region = params.get('region') ?? '';
  const channel = params.get('channel') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    region: /^\d{6}$/.test(region) ? region : '',
    channel: CHANNELS.includes(channel) ? channel : '',
    // The default period is this calendar year up to today.
    from: DAY.test(from) ? from : `${today.slice(0, 4)}-01-01`,
    to: DAY.test(to) ? to : today,
  };
}

export function writeFilters(filters: Filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

/** The period as the API takes it: [from 00:00, the day after `to` 00:00) in UTC+8. */
export function periodOf(filters: Filters): { from: string; to: string } {
  const end = new Date(`${filters.to}T00:00:00+08:00`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: `${filters.from}T00:00:00+08:00`, to: end.toISOString() };
}

/** The CaseFilter fields that region and channel set. */
export function caseFilterOf(filters: Filters): Record<string, unknown> {
  return {
    ...(filters.region ? { regionCode: filters.region } : {}),
    ...(filters.channel ? { channel: [filters.channel] } : {}),
  };
}
