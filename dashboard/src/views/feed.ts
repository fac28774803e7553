import { h } from '../dom.ts';
import { formatDateTime } from '../labels.ts';
import type { CaseEvent } from '../queries.ts';
import { channelBadge, statusBadge } from './cases.ts';

/** The feed keeps this many events; older ones drop off the bottom. */
export const FEED_LENGTH = 50;

export function feedItem(event: CaseEvent): HTMLElement {
  return h(
    'li',
    { class: 'event', 'data-case': event.case.number, 'data-to': event.to, 'data-cursor': event.cursor },
    h('time', { datetime: event.at }, formatDateTime(event.at)),
    h(
      'div',
      null,
      h('strong', null, event.case.number), ' ', channelBadge(event.channel), ' ',
      event.from ? statusBadge(event.from) : null, event.from ? ' → ' : null, statusBadge(event.to),
      h('div', { class: 'title' }, event.case.title),
      h('div', { class: 'muted' }, event.case.region?.name ?? '—', ' · ', event.case.assignee?.name ?? '未交办', ' · ', event.action, ' · ', event.actor),
    ),
  );
}
