import { badRequest } from './format.ts';

/** The published GeoReport v2 specification this endpoint follows. */
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery's `changeset`). */
export const CHANGESET = '2026-12-01T00:00:00Z';

/** What Open311Services returns: the hotline's category tree (public). */
export interface ServicesData {
  categories: { id: string; name: string; nameEn: string; children: { id: string; name: string; nameEn: string; path: string; deadlineClass: string }[] }[];
  deadlineRules: { deadlineClass: string; description: string }[];
  boards: { id: string; name: string; leaderTitle: string }[];
}

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/** The services, one per category of the hotline's tree (a domain is a service group), and how to find them again. */
export class ServiceCatalog {
  readonly services: Service[] = [];
  private readonly byCode = new Map<string, { path: string; notice: string | null }>();
  private readonly byPath = new Map<string, string>();
  private readonly notices = new Map<string, string>();

  constructor(readonly data: ServicesData) {
    for (const rule of data.deadlineRules) this.notices.set(rule.deadlineClass, rule.description);
    for (const domain of data.categories) {
      for (const category of domain.children) {
        const notice = this.notices.get(category.deadlineClass) ?? null;
        this.services.push({
          service_code: category.id,
          service_name: category.name,
          description: `${category.path} (${category.nameEn})${notice ? `. ${notice}` : ''}`,
          // Every service has attributes (see attributesOf).
          metadata: true,
          // A request gets its number at once.
          type: 'realtime',
          keywords: `${category.nameEn}, ${domain.nameEn}`,
          group: domain.name,
        });
        this.byCode.set(category.id, { path: category.path, notice });
        this.byPath.set(category.path, category.id);
      }
    }
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** The category path a service's requests carry (e.g. 供水/停水). */
  pathOf(code: string): string {
    return this.byCode.get(code)!.path;
  }

  noticeOf(code: string): string | null {
    return this.byCode.get(code)?.notice ?? null;
  }

  /** A case's service: its category when that is a node of the tree (board and clue categories are free text). */
  codeOfCategory(category: string | null): string | null {
    return category ? (this.byPath.get(category) ?? null) : null;
  }

  /** The service definition's attributes: what a POST may carry besides the spec's own parameters. */
  attributesOf(code: string) {
    return {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'title',
          datatype: 'string',
          required: false,
          datatype_description: 'At most 200 characters; without it the first line of description (up to 50 characters) is the title',
          order: 1,
          description: '标题 Title of the request',
        },
        {
          variable: true,
          code: 'board',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: "Citizens' own tokens only",
          order: 2,
          description:
            "A leader's message board to post the request to; without it the request goes to the Internet + Supervision platform",
          values: this.data.boards.map((board) => ({ key: board.id, name: `${board.name} (${board.leaderTitle})` })),
        },
      ],
    };
  }
}

/** Open311 has two statuses: an appeal is closed once it reached CLOSED, REJECTED or MERGED. */
export const CLOSED_STATUSES = ['CLOSED', 'REJECTED', 'MERGED'] as const;
export const OPEN_STATUSES = ['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'RETURNED', 'IN_PROGRESS', 'REPLY_SUBMITTED', 'REPLIED', 'FOLLOWED_UP'] as const;

/** `status_notes`: where the appeal is in the shared lifecycle, in Chinese and English. */
const STATUS_NOTES: Record<string, string> = {
  SUBMITTED: '已提交，待受理 (submitted, awaiting intake)',
  ACCEPTED: '已受理，待转办 (accepted, awaiting assignment)',
  REJECTED: '不予受理 (rejected at intake)',
  ASSIGNED: '已转办至承办单位 (assigned to the handling agency)',
  RETURNED: '承办单位退回，待重新转办 (returned by the agency, to be reassigned)',
  IN_PROGRESS: '办理中 (being handled)',
  REPLY_SUBMITTED: '已答复，待审核 (reply awaiting review)',
  REPLIED: '已答复 (replied)',
  FOLLOWED_UP: '已回访 (return visit made)',
  CLOSED: '已办结 (closed)',
  MERGED: '重复诉求，已合并 (a repeated request, merged into another)',
};

/** What Open311 reads of each case (LedgerPage, Open311Request); the ledger holds no personal data. */
export interface CaseData {
  number: string;
  title: string;
  category: string | null;
  status: string;
  submittedAt: string;
  updatedAt: string;
  dueAt: string | null;
  region: { code: string; name: string } | null;
  assignee: { name: string } | null;
}

/** A case of any channel as a GeoReport v2 service request; its number is the service_request_id. */
export function requestOf(row: CaseData, catalog: ServiceCatalog) {
  const code = catalog.codeOfCategory(row.category);
  return {
    service_request_id: row.number,
    status: (CLOSED_STATUSES as readonly string[]).includes(row.status) ? 'closed' : 'open',
    status_notes: STATUS_NOTES[row.status] ?? row.status,
    service_name: row.category,
    service_code: code,
    description: row.title,
    agency_responsible: row.assignee?.name ?? null,
    service_notice: code ? catalog.noticeOf(code) : null,
    requested_datetime: row.submittedAt,
    updated_datetime: row.updatedAt,
    expected_datetime: row.dueAt,
    // The place is known to the region (its name and national code); no channel records coordinates.
    address: row.region?.name ?? null,
    address_id: row.region?.code ?? null,
    lat: null,
    long: null,
  };
}

/** A w3c datetime parameter (start_date, end_date), e.g. 2022-07-01T00:00:00+08:00. */
export function dateParam(name: string, value: string | null): string | null {
  if (value === null || value === '') return null;
  const w3c = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const at = new Date(value);
  if (!w3c.test(value) || Number.isNaN(at.getTime())) {
    throw badRequest(`${name} must be a w3c datetime such as 2022-07-01T00:00:00+08:00, not ${JSON.stringify(value.slice(0, 40))}`);
  }
  return at.toISOString();
}

/** A comma-delimited parameter as a list (empty when absent). */
export const listParam = (value: string | null): string[] =>
  (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
