import type { ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';

/** GeoReport v2 answers in the format the path ends with: `.json` or `.xml`. */
export type Format = 'json' | 'xml';

/** An answer in the spec's error format: HTTP status and an array of { code, description }. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export const badRequest = (description: string) => new Open311Error(400, description);
export const notFound = (description: string) => new Open311Error(404, description);

const xml = new XMLBuilder({ format: true, suppressEmptyNode: true, ignoreAttributes: false });
const DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

/** The spec's XML names each item of a nested list: <attributes><attribute>, <formats><format>... */
const XML_ITEMS: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

/** XML has no null: an absent value is an empty element (`<agency_responsible/>`), as in the spec's examples. */
function forXml(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(forXml);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, Array.isArray(v) && XML_ITEMS[k] ? { [XML_ITEMS[k]]: forXml(v) } : forXml(v)]),
    );
  }
  return value;
}

/**
 * Sends `json` as JSON, or as XML the same content under `root`, each array item an element named
 * by `items` (services/service, service_requests/request, errors/error).
 */
export function send(res: ServerResponse, format: Format, status: number, body: unknown, root: string, items?: string): void {
  const text =
    format === 'json' ? JSON.stringify(body)
    : xml.build({ ...DECLARATION, [root]: items ? { [items]: forXml(body) } : forXml(body) });
  res.writeHead(status, {
    'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, format: Format, error: Open311Error): void {
  send(res, format, error.status, [{ code: error.status, description: error.description }], 'errors', 'error');
}
