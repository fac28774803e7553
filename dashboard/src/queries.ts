// Every document the page sends. It reads the graph like any other client: cases and KPIs from the
// supervision subgraph's ledger, names from the directory, the feed from caseEvents.

export const REGIONS = /* GraphQL */ `
  query DashboardRegions { regions { code name children { code name } } }
`;

const KPI_FIELDS = /* GraphQL */ `
  fragment DashboardKpis on AgencyKpis {
    assigned dispatched replied closed rated repliedOnTime satisfied
    completionRate feedbackRate onTimeRate satisfactionRate averageHandlingHours
  }
`;

const CASE_FIELDS = /* GraphQL */ `
  fragment DashboardCase on Case {
    id number title channel status
    region { code name }
    assignee { id name }
    dueAt workingDaysOverdue escalationLevel
  }
`;

/** The appeals submitted in the period and the overdue ones, with how far each has been escalated. */
export const CASES = /* GraphQL */ `
  query DashboardCases($period: CaseFilter!, $overdue: CaseFilter!) {
    period: cases(filter: $period, first: 1) { totalCount }
    overdue: cases(filter: $overdue, first: 20) { totalCount edges { node { ...DashboardCase } } }
  }
  ${CASE_FIELDS}
`;

/** The KPIs of every agency in the region (each query stays under the gateway's cost limit). */
export const KPIS_BY_REGION = /* GraphQL */ `
  query DashboardRegionKpis($regionCode: ID, $from: DateTime!, $to: DateTime!, $channel: [Channel!]) {
    agencies(regionCode: $regionCode) { id name kpis(from: $from, to: $to, channel: $channel) { ...DashboardKpis } }
  }
  ${KPI_FIELDS}
`;

/** For staff of one agency: their agency's KPIs and its sub-agencies'. */
export const KPIS_BY_AGENCY = /* GraphQL */ `
  query DashboardAgencyKpis($agencyId: ID!, $from: DateTime!, $to: DateTime!, $channel: [Channel!]) {
    agency(id: $agencyId) {
      id name kpis(from: $from, to: $to, channel: $channel) { ...DashboardKpis }
      children { id name kpis(from: $from, to: $to, channel: $channel) { ...DashboardKpis } }
    }
  }
  ${KPI_FIELDS}
`;

/** Where the feeds stand: the live feed starts after it, so what happens before its first event is not lost to an expiry. */
export const EVENT_CURSOR = /* GraphQL */ `
  query DashboardFeedStart {
    eventCursor
  }
`;

export const CASE_EVENTS = /* GraphQL */ `
  subscription DashboardFeed($filter: CaseEventFilter, $after: String) {
    caseEvents(filter: $filter, after: $after) {
      cursor channel action from to actor at note
      case { id number title status region { name } assignee { name } }
    }
  }
`;

export interface Kpis {
  assigned: number;
  /** Of `assigned`, those the agency dispatched to another agency as their dispatching office. */
  dispatched: number;
  replied: number;
  closed: number;
  rated: number;
  repliedOnTime: number;
  satisfied: number;
  completionRate: number | null;
  feedbackRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  averageHandlingHours: number | null;
}

export interface AgencyKpiRow {
  id: string;
  name: string;
  kpis: Kpis;
}

export interface CaseRow {
  id: string;
  number: string;
  title: string;
  channel: string;
  status: string;
  region: { code: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  dueAt: string | null;
  workingDaysOverdue: number | null;
  escalationLevel: number;
}

export interface CasesResult {
  period: { totalCount: number };
  overdue: { totalCount: number; edges: { node: CaseRow }[] };
}

export interface KpisResult {
  agencies?: AgencyKpiRow[];
  agency?: (AgencyKpiRow & { children: AgencyKpiRow[] }) | null;
}

export type Overview = CasesResult & KpisResult;

export interface CaseEvent {
  cursor: string;
  channel: string;
  action: string;
  from: string | null;
  to: string;
  actor: string;
  at: string;
  note: string | null;
  case: { id: string; number: string; title: string; status: string; region: { name: string } | null; assignee: { name: string } | null };
}

export interface Region {
  code: string;
  name: string;
  children: { code: string; name: string }[];
}
