import type { GraphResult, GraphSession } from '../surfaces.ts';
import { badRequest, notFound, Open311Error } from './format.ts';
import { CLOSED_STATUSES, dateParam, listParam, OPEN_STATUSES, requestOf, ServiceCatalog, type CaseData, type ServicesData } from './mapping.ts';

/** The spec's default and ceiling for one answer of GET requests. */
const MAX_REQUESTS = 1000;
const PAGE = 100;
/** service_request_id may list several; each is one lookup. */
const MAX_IDS = 50;
/** The spec bounds description at 4,000 characters. */
const MAX_DESCRIPTION = 4000;

/** A refusal of the graph as the spec's error: 400 for bad input, 403 for credentials and access, 404, 429. */
export function refusal(result: GraphResult<unknown>): Open311Error {
  const error = result.errors?.[0];
  const code = error?.extensions?.code;
  const message = error?.message ?? `The graph answered ${result.status}`;
  if (code === 'UNAUTHORIZED_FIELD_OR_TYPE' || code === 'UNAUTHENTICATED') {
    return new Open311Error(403, 'This needs an api_key whose token may read or submit appeals');
  }
  if (result.status === 401 || code === 'INVALID_TOKEN') return new Open311Error(403, `Invalid api_key: ${message}`);
  if (result.status === 429 || code === 'RATE_LIMITED') return new Open311Error(429, message);
  if (code === 'FORBIDDEN' || code === 'TRUSTED_OPERATIONS_ONLY') return new Open311Error(403, message);
  if (code === 'NOT_FOUND') return new Open311Error(404, message);
  if (code === 'INVALID_INPUT' || code === 'BAD_USER_INPUT' || code === 'INVALID_CURSOR') {
    return new Open311Error(400, error?.extensions?.field ? `${String(error.extensions.field)}: ${message}` : message);
  }
  return new Open311Error(500, 'The hub could not answer; try again later');
}

/** The data of a graph call, or its refusal thrown as an Open311Error. */
export async function dataOf<T>(call: Promise<GraphResult<T>>): Promise<T> {
  const result = await call;
  if (result.errors?.length || !result.data) throw refusal(result);
  return result.data;
}

export async function catalogOf(graph: GraphSession): Promise<ServiceCatalog> {
  return new ServiceCatalog(await dataOf(graph<ServicesData>('Open311Services')));
}

/** GET requests: service_request_id (overrides the rest), or service_code, start_date, end_date, status. */
export async function listRequests(graph: GraphSession, query: URLSearchParams) {
  const catalog = await catalogOf(graph);
  const ids = listParam(query.get('service_request_id'));
  if (ids.length > MAX_IDS) throw badRequest(`service_request_id lists at most ${MAX_IDS} requests`);
  if (ids.length > 0) {
    const found: CaseData[] = [];
    for (const number of ids) {
      const { caseByNumber } = await dataOf(graph<{ caseByNumber: CaseData | null }>('Open311Request', { number }));
      if (caseByNumber) found.push(caseByNumber);
    }
    return found.map((row) => requestOf(row, catalog));
  }

  const codes = listParam(query.get('service_code'));
  const unknown = codes.filter((code) => !catalog.has(code));
  if (unknown.length) throw badRequest(`service_code not found: ${unknown.join(', ')} (GET services for the list)`);
  const statuses = listParam(query.get('status'));
  const badStatus = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (badStatus.length) throw badRequest(`status must be open and/or closed, not ${badStatus.join(', ')}`);
  const from = dateParam('start_date', query.get('start_date'));
  const to = dateParam('end_date', query.get('end_date'));
  if (from && to && from > to) throw badRequest('end_date must not be before start_date');

  const filter: Record<string, unknown> = {};
  if (codes.length) filter.category = codes.map((code) => catalog.pathOf(code));
  if (statuses.length === 1) filter.status = statuses[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES;
  if (from) filter.submittedFrom = from;
  if (to) filter.submittedTo = to;

  const rows: CaseData[] = [];
  let after: string | null = null;
  while (rows.length < MAX_REQUESTS) {
    type Page = { cases: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: CaseData }[] } };
    const { cases }: Page = await dataOf(graph<Page>('LedgerPage', { filter, first: PAGE, after }));
    rows.push(...cases.edges.map((edge) => edge.node));
    if (!cases.pageInfo.hasNextPage) break;
    after = cases.pageInfo.endCursor;
  }
  return rows.map((row) => requestOf(row, catalog));
}

export async function oneRequest(graph: GraphSession, number: string) {
  const catalog = await catalogOf(graph);
  const { caseByNumber } = await dataOf(graph<{ caseByNumber: CaseData | null }>('Open311Request', { number }));
  // Out of the caller's reach reads as absent, as in the graph.
  if (!caseByNumber) throw notFound(`No service request ${number}`);
  return [requestOf(caseByNumber, catalog)];
}

/** A person's name from the spec's first_name and last_name (family name first when written in Chinese). */
function nameOf(first: string, last: string): string | null {
  if (!first && !last) return null;
  const han = /\p{Script=Han}/u;
  return han.test(first + last) ? `${last}${first}` : [first, last].filter(Boolean).join(' ');
}

/**
 * POST requests: a new appeal on the Internet + Supervision platform (the online channel), or on a
 * leader's message board when attribute[board] names one. The citizen's name and phone become the
 * appeal's personal data (stored in full, shown masked). The place is address_id, a region's code.
 */
export async function createRequest(graph: GraphSession, form: URLSearchParams) {
  const code = form.get('service_code')?.trim();
  if (!code) throw badRequest('service_code is required');
  const description = form.get('description')?.trim() ?? '';
  if (!description) throw badRequest('description is required: what should the agency know?');
  if (description.length > MAX_DESCRIPTION) throw badRequest(`description is at most ${MAX_DESCRIPTION} characters`);
  const regionCode = form.get('address_id')?.trim();
  if (!regionCode) {
    throw badRequest('address_id is required: the six-digit code of the place (lat/long and address_string cannot be placed yet)');
  }
  const catalog = await catalogOf(graph);
  if (!catalog.has(code)) throw badRequest(`service_code not found: ${code} (GET services for the list)`);

  const title = form.get('attribute[title]')?.trim() || description.split('\n')[0]!.slice(0, 50);
  const name = nameOf(form.get('first_name')?.trim() ?? '', form.get('last_name')?.trim() ?? '');
  const phone = form.get('phone')?.trim() || null;
  const board = form.get('attribute[board]')?.trim();
  if (board && !catalog.data.boards.some((b) => b.id === board)) throw badRequest(`attribute[board] is not a board: ${board}`);
  const common = { title, content: description, regionCode, category: catalog.pathOf(code) };
  const submit = board
    ? dataOf(graph<{ postMessage: { number: string } }>('Open311PostMessage', {
        input: { ...common, boardId: board, ...(name || phone ? { contact: { name, phone } } : {}) },
      })).then((d) => d.postMessage.number)
    : dataOf(graph<{ submitClue: { number: string } }>('Open311SubmitClue', {
        input: { ...common, reporterName: name, reporterPhone: phone },
      })).then((d) => d.submitClue.number);
  const number = await submitted(submit);
  return [{ service_request_id: number, service_notice: catalog.noticeOf(code), account_id: null }];
}

/** A parameter naming something that does not exist (a region, a board) is a bad request, not a missing resource. */
async function submitted(number: Promise<string>): Promise<string> {
  try {
    return await number;
  } catch (error) {
    if (error instanceof Open311Error && error.status === 404) throw badRequest(error.description);
    throw error;
  }
}
