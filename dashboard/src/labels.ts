// Labels in Chinese (the agencies' working language), each with the API's own code beside it in
// data attributes, so tests and scripts read codes while people read words.

export const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: '待受理',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  ASSIGNED: '已交办',
  IN_PROGRESS: '办理中',
  RETURNED: '已退回',
  REPLY_SUBMITTED: '待审核',
  REPLIED: '已答复',
  FOLLOWED_UP: '已回访',
  CLOSED: '已办结',
  MERGED: '已合并',
};

export const CHANNEL_LABELS: Record<string, string> = {
  BOARD: '领导留言板',
  HOTLINE: '公开电话',
  SUPERVISION: '互联网+督查',
};

export const ESCALATION_LABELS: Record<number, string> = {
  0: '',
  1: '催办',
  2: '督办单',
  3: '公开通报',
};

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A timestamp as read in China (UTC+8), where the agencies work. */
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');

/** A rate between 0 and 1 as a percentage; a dash when it has no denominator. */
export const formatRate = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

export const formatCount = (count: number) => count.toLocaleString('zh-CN');
