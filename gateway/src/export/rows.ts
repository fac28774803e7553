/** What the exports read from the graph, and how a row of it becomes a CSV record. */

export class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new ExportError(400, message);

export interface CaseNode {
  id: string;
  number: string;
  channel: string;
  title: string;
  category: string | null;
  status: string;
  /** Null when the case names a region the directory no longer has. */
  region: { code: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  submittedAt: string;
  firstAssignedAt: string | null;
  dueAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  overdue: boolean;
  escalationLevel: number;
  satisfaction: string | null;
}

export interface CasesPageData {
  cases: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: CaseNode }[] };
}

export const CASE_COLUMNS = [
  'id', 'number', 'channel', 'title', 'category', 'status', 'region_code', 'region_name', 'assignee_id', 'assignee_name',
  'submitted_at', 'first_assigned_at', 'due_at', 'replied_at', 'closed_at', 'updated_at', 'overdue', 'escalation_level', 'satisfaction',
] as const;

export const caseRecord = (c: CaseNode): unknown[] => [
  c.id, c.number, c.channel, c.title, c.category, c.status, c.region?.code, c.region?.name, c.assignee?.id, c.assignee?.name,
  c.submittedAt, c.firstAssignedAt, c.dueAt, c.repliedAt, c.closedAt, c.updatedAt, c.overdue, c.escalationLevel, c.satisfaction,
];

/** The query parameters of cases.csv: CaseFilter's fields, lists comma-separated. */
const LIST_FILTERS = ['channel', 'status', 'category'] as const;
const TEXT_FILTERS = ['agencyId', 'regionCode', 'submittedFrom', 'submittedTo'] as const;

/** CaseFilter from the query; the graph checks the values (enums, dates, codes) as it does for `cases`. */
export function caseFilterOf(query: URLSearchParams): Record<string, unknown> {
  const known = new Set<string>([...LIST_FILTERS, ...TEXT_FILTERS, 'overdue']);
  const unknown = [...query.keys()].filter((key) => !known.has(key));
  if (unknown.length) throw bad(`Unknown parameter ${unknown.join(', ')}; the filters are ${[...known].join(', ')}`);
  const filter: Record<string, unknown> = {};
  for (const key of LIST_FILTERS) {
    const values = (query.get(key) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length) filter[key] = values;
  }
  for (const key of TEXT_FILTERS) {
    const value = query.get(key)?.trim();
    if (value) filter[key] = value;
  }
  const overdue = query.get('overdue');
  if (overdue !== null) {
    if (overdue !== 'true' && overdue !== 'false') throw bad('overdue must be true or false');
    filter.overdue = overdue === 'true';
  }
  return filter;
}

export interface KpisData {
  agencies: {
    id: string;
    name: string;
    kpis: {
      assigned: number; replied: number; closed: number; rated: number; repliedOnTime: number; satisfied: number;
      completionRate: number | null; onTimeRate: number | null; satisfactionRate: number | null;
    };
  }[];
}

export const KPI_COLUMNS = [
  'agency_id', 'agency_name', 'month', 'assigned', 'completed', 'completion_rate', 'replied', 'replied_on_time', 'on_time_rate',
  'rated', 'satisfied', 'satisfaction_rate',
] as const;

const rate = (value: number | null) => (value === null ? null : value.toFixed(4));

/** One record per agency with appeals first assigned in the month (agencies with none are left out). */
export function* kpiRecords(month: string, data: KpisData): Generator<unknown[]> {
  for (const { id, name, kpis: k } of data.agencies) {
    if (k.assigned === 0) continue;
    yield [id, name, month, k.assigned, k.closed, rate(k.completionRate), k.replied, k.repliedOnTime, rate(k.onTimeRate), k.rated, k.satisfied, rate(k.satisfactionRate)];
  }
}

const MAX_MONTHS = 60;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** from=YYYY-MM and to=YYYY-MM (inclusive, default: from), months in China Standard Time. */
export function monthsOf(query: URLSearchParams): { month: string; from: string; to: string }[] {
  const unknown = [...query.keys()].filter((key) => key !== 'from' && key !== 'to');
  if (unknown.length) throw bad(`Unknown parameter ${unknown.join(', ')}; kpis.csv takes from and to (YYYY-MM)`);
  const from = query.get('from');
  const to = query.get('to') ?? from;
  const start = from ? MONTH.exec(from) : null;
  const end = to ? MONTH.exec(to) : null;
  if (!start || !end) throw bad('from (and to, if given) must be months as YYYY-MM, e.g. from=2022-01&to=2022-12');
  const index = (m: RegExpExecArray) => Number(m[1]) * 12 + Number(m[2]) - 1;
  const [first, last] = [index(start), index(end)];
  if (last < first) throw bad('to must not be before from');
  if (last - first + 1 > MAX_MONTHS) throw bad(`At most ${MAX_MONTHS} months at a time`);
  const label = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const months = [];
  for (let i = first; i <= last; i++) months.push({ month: label(i), from: `${label(i)}-01T00:00:00+08:00`, to: `${label(i + 1)}-01T00:00:00+08:00` });
  return months;
}
