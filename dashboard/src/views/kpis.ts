import { h, heading } from '../dom.ts';
import { formatCount, formatRate } from '../labels.ts';
import type { AgencyKpiRow, Kpis } from '../queries.ts';

/** Agencies with appeals in the period, busiest first (the directory has many that had none). */
export function activeAgencies(rows: AgencyKpiRow[]): AgencyKpiRow[] {
  return rows.filter((row) => row.kpis.assigned > 0).sort((a, b) => b.kpis.assigned - a.kpis.assigned || a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * Sums over agencies. An appeal counts for the agency handling it and, when both are listed, again
 * for the office that dispatched it (its `dispatched`), so these totals weigh dispatched appeals twice.
 */
export function totalsOf(rows: AgencyKpiRow[]) {
  const sum = (key: keyof Kpis) => rows.reduce((total, row) => total + ((row.kpis[key] as number | null) ?? 0), 0);
  const assigned = sum('assigned');
  const replied = sum('replied');
  const rated = sum('rated');
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    assigned,
    completionRate: ratio(sum('closed'), assigned),
    onTimeRate: ratio(sum('repliedOnTime'), replied),
    satisfactionRate: ratio(sum('satisfied'), rated),
  };
}

export function kpiTable(rows: AgencyKpiRow[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, '本期没有交办的诉求 (no appeals assigned in this period)');
  return h(
    'table',
    { class: 'kpis' },
    h(
      'thead',
      null,
      h('tr', null, heading('单位', 'Agency'), heading('交办', 'Assigned', true), heading('转办', 'Dispatched', true), heading('答复', 'Replied', true), heading('办结率', 'Completion', true),
        heading('反馈率', 'Feedback', true), heading('按期率', 'On time', true), heading('满意率', 'Satisfaction', true), heading('平均用时', 'Hours to reply', true)),
    ),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          { 'data-agency': row.id },
          h('td', { class: 'name' }, row.name),
          h('td', { class: 'num', 'data-kpi': 'assigned' }, formatCount(row.kpis.assigned)),
          // Beside the handled ones: what the agency, as the dispatching office, forwarded to others (it reviews and visits those).
          h('td', { class: 'num', 'data-kpi': 'dispatched' }, formatCount(row.kpis.dispatched)),
          h('td', { class: 'num', 'data-kpi': 'replied' }, formatCount(row.kpis.replied)),
          h('td', { class: 'num', 'data-kpi': 'completionRate' }, formatRate(row.kpis.completionRate)),
          h('td', { class: 'num', 'data-kpi': 'feedbackRate' }, formatRate(row.kpis.feedbackRate)),
          h('td', { class: 'num', 'data-kpi': 'onTimeRate' }, formatRate(row.kpis.onTimeRate)),
          h('td', { class: 'num', 'data-kpi': 'satisfactionRate' }, formatRate(row.kpis.satisfactionRate)),
          h('td', { class: 'num' }, row.kpis.averageHandlingHours === null ? '—' : row.kpis.averageHandlingHours.toFixed(1)),
        ),
      ),
    ),
  );
}
