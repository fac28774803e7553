import { h, heading } from '../dom.ts';
import { CHANNEL_LABELS, ESCALATION_LABELS, STATUS_LABELS, formatDateTime } from '../labels.ts';
import type { CaseRow } from '../queries.ts';

export const statusBadge = (status: string) => h('span', { class: `status status-${status.toLowerCase()}`, 'data-status': status }, STATUS_LABELS[status] ?? status);

export const channelBadge = (channel: string) => h('span', { class: 'channel', 'data-channel': channel }, CHANNEL_LABELS[channel] ?? channel);

/** Overdue appeals, each with how late it is and how far its escalation has gone (reminder → order → notice). */
export function overdueList(rows: CaseRow[], totalCount: number): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, '没有超期诉求 (nothing overdue)');
  const table = h(
    'table',
    { class: 'cases' },
    h('thead', null, h('tr', null, heading('编号', 'Number'), heading('标题', 'Title'), heading('承办单位', 'Assignee'),
      heading('期限', 'Due'), heading('超期', 'Working days late', true), heading('督办', 'Escalation'))),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          { 'data-case': row.number, 'data-escalation': row.escalationLevel },
          h('td', { class: 'number' }, row.number, h('br'), channelBadge(row.channel)),
          h('td', null, row.title, h('div', { class: 'muted' }, row.region?.name ?? '—', ' · ', statusBadge(row.status))),
          h('td', { class: 'name' }, row.assignee?.name ?? '—'),
          h('td', { class: 'date' }, formatDateTime(row.dueAt)),
          h('td', { class: 'num' }, row.workingDaysOverdue === null ? '—' : String(row.workingDaysOverdue)),
          h('td', null, row.escalationLevel > 0
            ? h('span', { class: `escalation level-${row.escalationLevel}` }, ESCALATION_LABELS[row.escalationLevel] ?? `L${row.escalationLevel}`)
            : '—'),
        ),
      ),
    ),
  );
  const more = totalCount - rows.length;
  return h('div', null, table, more > 0 ? h('p', { class: 'muted' }, `另有 ${more} 件超期 (and ${more} more overdue, newest first)`) : null);
}
