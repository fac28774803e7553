import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizationOf, readBody, requestUrl, type Graph, type Surface } from '../surfaces.ts';
import { badRequest, notFound, Open311Error, send, sendError, type Format } from './format.ts';
import { CHANGESET, SPECIFICATION } from './mapping.ts';
import { catalogOf, createRequest, listRequests, oneRequest } from './requests.ts';

export const OPEN311_PATH = '/open311/v2';
/** This hub serves one jurisdiction, Jilin province; a request naming another is refused. */
export const JURISDICTION_ID = '220000';

const ROUTE = /^\/open311\/v2\/(discovery|services|requests)(?:\/([^/]+?))?\.(json|xml)$/;

/**
 * Open311 GeoReport v2 at /open311/v2 for third-party integrators. Every answer comes from the
 * graph, called through the gateway's own /graphql with the caller's token (the `api_key`
 * parameter or the Authorization header), so the same access rules and masks apply.
 */
export function open311Surface(graph: Graph, { maxBodyBytes }: { maxBodyBytes: number }): Surface {
  return (req, res) => {
    const url = requestUrl(req);
    if (url.pathname !== OPEN311_PATH && !url.pathname.startsWith(`${OPEN311_PATH}/`)) return false;
    const format: Format = url.pathname.endsWith('.xml') ? 'xml' : 'json';
    answer(graph, req, res, url, maxBodyBytes).catch((error: unknown) => {
      if (!(error instanceof Open311Error)) console.error('open311: failed', error);
      const refusal = error instanceof Open311Error ? error : new Open311Error(500, 'The hub could not answer; try again later');
      if (!res.headersSent) sendError(res, format, refusal);
      else res.destroy();
    });
    return true;
  };
}

async function answer(graph: Graph, req: IncomingMessage, res: ServerResponse, url: URL, maxBodyBytes: number): Promise<void> {
  const match = ROUTE.exec(url.pathname);
  if (!match) throw notFound(`No such resource: ${url.pathname} (see ${OPEN311_PATH}/discovery.json)`);
  const [, resource, id, format] = match as unknown as [string, 'discovery' | 'services' | 'requests', string | undefined, Format];
  const post = req.method === 'POST';
  if (req.method !== 'GET' && !(post && resource === 'requests' && !id)) {
    res.setHeader('allow', resource === 'requests' && !id ? 'GET, POST' : 'GET');
    throw new Open311Error(405, `${req.method} is not allowed here`);
  }
  const params = post ? await formOf(req, maxBodyBytes) : url.searchParams;
  const jurisdiction = params.get('jurisdiction_id');
  if (jurisdiction && jurisdiction !== JURISDICTION_ID) throw notFound(`jurisdiction_id ${jurisdiction} is not served here (only ${JURISDICTION_ID})`);
  const session = graph(req, authorizationOf(req, params.get('api_key')));

  if (resource === 'discovery') {
    if (id) throw notFound(`No such resource: ${url.pathname}`);
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    return send(res, format, 200, discovery(`${origin}${OPEN311_PATH}`), 'discovery');
  }
  if (resource === 'services') {
    const catalog = await catalogOf(session);
    if (!id) return send(res, format, 200, catalog.services, 'services', 'service');
    const code = decodeURIComponent(id);
    if (!catalog.has(code)) throw notFound(`service_code not found: ${code}`);
    return send(res, format, 200, catalog.attributesOf(code), 'service_definition');
  }
  if (post) return send(res, format, 201, await createRequest(session, params), 'service_requests', 'request');
  const requests = id ? await oneRequest(session, decodeURIComponent(id)) : await listRequests(session, params);
  return send(res, format, 200, requests, 'service_requests', 'request');
}

/** A POST's parameters: the spec sends them form-encoded. */
async function formOf(req: IncomingMessage, maxBodyBytes: number): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw badRequest('Send the parameters as application/x-www-form-urlencoded');
  }
  return new URLSearchParams(await readBody(req, maxBodyBytes));
}

function discovery(url: string) {
  return {
    changeset: CHANGESET,
    contact: 'civicgraph hub operators: see the hub README, section Integrators',
    key_service: 'api_key is a bearer token (role integrator) issued by the hub operators; the Authorization header works too',
    endpoints: [{ specification: SPECIFICATION, url, changeset: CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
  };
}
