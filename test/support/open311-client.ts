import { XMLParser } from 'fast-xml-parser';

/**
 * A small Open311 GeoReport v2 client written from the published spec (wiki.open311.org/GeoReport_v2),
 * not from our server: resources are `<base>/<resource>.<format>`, POST parameters are form-encoded,
 * `api_key` identifies the application, errors are a list of { code, description }. XML answers are
 * read back into the JSON shape (lists of elements become arrays, the spec's booleans and numbers
 * typed), so a test can require both formats to say the same.
 */
export type Format = 'json' | 'xml';

export interface Open311Response<T = any> {
  status: number;
  contentType: string;
  body: T;
}

/** Elements that the spec repeats inside a list element. */
const LIST_ITEMS: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format',
};
const BOOLEANS = new Set(['metadata', 'variable', 'required']);
const NUMBERS = new Set(['order', 'code']);

const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name, jpath) => {
    const parent = String(jpath).split('.').slice(-2, -1)[0];
    return parent !== undefined && LIST_ITEMS[parent] === name;
  },
});

/** XML (all text) → the JSON shape: empty elements are null, lists arrays, the spec's typed fields typed. */
function fromXml(key: string, value: any): any {
  if (value === '' || value === undefined) return LIST_ITEMS[key] ? [] : null;
  if (typeof value === 'string') {
    if (BOOLEANS.has(key)) return value === 'true';
    if (NUMBERS.has(key) && /^\d+$/.test(value)) return Number(value);
    return value;
  }
  if (LIST_ITEMS[key]) return ((value[LIST_ITEMS[key]] ?? []) as any[]).map((item) => fromXml(LIST_ITEMS[key]!, item));
  if (Array.isArray(value)) return value.map((item) => fromXml(key, item));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromXml(k, v)]));
}

export class Open311Client {
  constructor(
    /** The endpoint's URL, e.g. http://localhost:4000/open311/v2 */
    readonly base: string,
    readonly apiKey?: string,
  ) {}

  private async read(response: Response): Promise<Open311Response> {
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    if (contentType.includes('json')) return { status: response.status, contentType, body: JSON.parse(text) };
    if (contentType.includes('xml')) {
      const document = parser.parse(text) as Record<string, unknown>;
      const root = Object.keys(document).find((key) => key !== '?xml')!;
      return { status: response.status, contentType, body: fromXml(root, document[root]) };
    }
    return { status: response.status, contentType, body: text };
  }

  private get(path: string, format: Format, params: Record<string, string> = {}): Promise<Open311Response> {
    const query = new URLSearchParams(params);
    if (this.apiKey) query.set('api_key', this.apiKey);
    const suffix = query.size ? `?${query}` : '';
    return fetch(`${this.base}/${path}.${format}${suffix}`).then((r) => this.read(r));
  }

  discovery(format: Format = 'json') {
    return this.get('discovery', format);
  }

  /** GET services: the list of service types. */
  services(format: Format = 'json') {
    return this.get('services', format);
  }

  /** GET service definition: the attributes of one service. */
  serviceDefinition(code: string, format: Format = 'json') {
    return this.get(`services/${encodeURIComponent(code)}`, format);
  }

  /** GET service requests, with the spec's filters (service_request_id, service_code, start_date, end_date, status). */
  requests(filters: Record<string, string> = {}, format: Format = 'json') {
    return this.get('requests', format, filters);
  }

  /** GET service request. */
  request(id: string, format: Format = 'json') {
    return this.get(`requests/${encodeURIComponent(id)}`, format);
  }

  /** POST service request: parameters form-encoded, api_key among them. */
  create(params: Record<string, string>, format: Format = 'json') {
    const body = new URLSearchParams(params);
    if (this.apiKey) body.set('api_key', this.apiKey);
    return fetch(`${this.base}/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }).then((r) => this.read(r));
  }
}
