import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { authorizationOf, requestUrl, type Graph, type GraphResult, type GraphSession, type Surface } from '../surfaces.ts';
import { caseFilterOf, monthsOf, type KpisData, type CasesPageData, ExportError, CASE_COLUMNS, caseRecord, KPI_COLUMNS, kpiRecords } from './rows.ts';

export const EXPORT_PATH = '/export';
/** Rows read from the graph per call: memory holds one page, whatever the export's size. */
const PAGE = 100;

/**
 * The open data export: CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese text) of the
 * case ledger — the rows the caller may read, with the filters of `cases`, streamed page by page —
 * and an anonymous aggregate per agency and month. Read through the graph with the caller's token;
 * the ledger holds no personal data.
 */
export function exportSurface(graph: Graph): Surface {
  return (req, res) => {
    const url = requestUrl(req);
    if (url.pathname !== EXPORT_PATH && !url.pathname.startsWith(`${EXPORT_PATH}/`)) return false;
    const session = graph(req, authorizationOf(req));
    const route =
      req.method !== 'GET' ? Promise.reject(new ExportError(405, `${req.method} is not allowed here`))
      : url.pathname === `${EXPORT_PATH}/cases.csv` ? exportCases(session, url.searchParams, res)
      : url.pathname === `${EXPORT_PATH}/kpis.csv` ? exportKpis(session, url.searchParams, res)
      : Promise.reject(new ExportError(404, `No such export: ${url.pathname} (there are ${EXPORT_PATH}/cases.csv and ${EXPORT_PATH}/kpis.csv)`));
    route.catch((error: unknown) => {
      if (res.headersSent) {
        // The status is gone already: cut the download short rather than end it as if complete.
        console.error('export: failed while streaming', error);
        res.destroy();
        return;
      }
      if (!(error instanceof ExportError)) console.error('export: failed', error);
      const { status, message } = error instanceof ExportError ? error : { status: 500, message: 'The hub could not answer; try again later' };
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${message}\n`);
    });
    return true;
  };
}

function refusal(result: GraphResult<unknown>): ExportError {
  const error = result.errors?.[0];
  const code = error?.extensions?.code;
  const message = error?.message ?? `The graph answered ${result.status}`;
  if (code === 'UNAUTHORIZED_FIELD_OR_TYPE' || code === 'UNAUTHENTICATED') {
    return new ExportError(401, 'The case export needs a bearer token that may read appeals (the aggregate kpis.csv needs none)');
  }
  if (result.status === 401) return new ExportError(401, message);
  if (result.status === 429) return new ExportError(429, message);
  if (code === 'FORBIDDEN' || code === 'TRUSTED_OPERATIONS_ONLY') return new ExportError(403, message);
  if (code === 'INVALID_INPUT' || code === 'BAD_USER_INPUT' || code === 'INVALID_CURSOR') {
    return new ExportError(400, error?.extensions?.field ? `${String(error.extensions.field)}: ${message}` : message);
  }
  return new ExportError(500, 'The hub could not answer; try again later');
}

async function dataOf<T>(call: Promise<GraphResult<T>>): Promise<T> {
  const result = await call;
  if (result.errors?.length || !result.data) throw refusal(result);
  return result.data;
}

function csvHeaders(res: ServerResponse, filename: string) {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
}

/** Streams `records` as CSV with a BOM and a header row; backpressure from the client paces the reading. */
function streamCsv(res: ServerResponse, columns: readonly string[], records: AsyncIterable<unknown[]> | Iterable<unknown[]>) {
  return pipeline(Readable.from(records), stringify({ bom: true, header: true, columns: [...columns], cast: { boolean: String } }), res);
}

async function exportCases(graph: GraphSession, query: URLSearchParams, res: ServerResponse): Promise<void> {
  const filter = caseFilterOf(query);
  const page = (after: string | null) => dataOf(graph<CasesPageData>('LedgerPage', { filter, first: PAGE, after }));
  // The first page is read before the status is sent, so a refusal gets its own status.
  const first = await page(null);
  async function* records() {
    let cases = first.cases;
    for (;;) {
      for (const edge of cases.edges) yield caseRecord(edge.node);
      if (!cases.pageInfo.hasNextPage) return;
      cases = (await page(cases.pageInfo.endCursor)).cases;
    }
  }
  csvHeaders(res, 'cases.csv');
  await streamCsv(res, CASE_COLUMNS, records());
}

async function exportKpis(graph: GraphSession, query: URLSearchParams, res: ServerResponse): Promise<void> {
  const months = monthsOf(query);
  const first = await dataOf(graph<KpisData>('ExportAgencyKpis', { from: months[0]!.from, to: months[0]!.to }));
  async function* records() {
    yield* kpiRecords(months[0]!.month, first);
    for (const month of months.slice(1)) {
      yield* kpiRecords(month.month, await dataOf(graph<KpisData>('ExportAgencyKpis', { from: month.from, to: month.to })));
    }
  }
  csvHeaders(res, 'kpis.csv');
  await streamCsv(res, KPI_COLUMNS, records());
}
