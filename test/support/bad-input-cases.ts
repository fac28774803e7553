/*
 * The bad-input corpus as data: each case is a request body, the caller it goes as, and the HTTP
 * status, extensions.code (and field) it must get. None may change a row. Text and reference cases
 * are generated from the tables below across every subgraph's mutations.
 */
export type Caller = 'anonymous' | 'citizen' | 'agent' | 'handler' | 'heatingBureau' | 'supervisor' | 'admin';

export interface BadInputCase {
  name: string;
  as: Caller;
  body: string | { query: string; variables?: unknown };
  contentType?: string;
  status: number;
  code: string;
  field?: string;
}

const UNKNOWN_APPEAL = '00000000-0000-4000-8000-000000000000';
const POST = 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }';
const CALL = 'mutation($input: RecordCallInput!) { recordCall(input: $input) { id } }';
const CLUE = 'mutation($input: SubmitClueInput!) { submitClue(input: $input) { id } }';
const WORK = 'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }';
const HEAT = 'mutation($input: CreateHeatingOrderInput!) { createHeatingOrder(input: $input) { id } }';
const SHIFT = 'mutation($input: ScheduleShiftInput!) { scheduleShift(input: $input) { id } }';
const CAMPAIGN = 'mutation($input: CreateInspectionCampaignInput!) { createInspectionCampaign(input: $input) { id } }';
const RULE = 'mutation($input: RoutingRuleInput!) { setRoutingRule(input: $input) { id } }';

const message = { boardId: 'cc-mayor', title: '路灯不亮', content: '小区路灯坏了一周。', regionCode: '220104' };
const ticket = { title: '东昌区停水', content: '小区停水一天', categoryId: 'water.outage', regionCode: '220502' };
const call = { hotlineId: 'th-mayor-hotline', seatId: 'th-mayor-hotline-01', agentHandle: 'agent:th-01', durationSeconds: 120, callerPhone: '13904351234', outcome: 'TICKET_OPENED', ticket };
const clue = { title: '违规收费', content: '某单位违规收取费用。', regionCode: '220104' };
/** The appeal is checked after the text and the directory: a case refused earlier never reaches it. */
const work = (appealId: string) => ({
  appealChannel: 'BOARD', appealId, responsibleAgencyId: 'th-housing', title: '人行道恢复工程', regionCode: '220502',
  location: '育红小学门前', plannedStart: '2022-07-25', plannedEnd: '2022-08-23',
});
const heat = (appealId: string) => ({
  appealChannel: 'BOARD', appealId, companyId: 'cc-heating-co', supervisingAgencyId: 'cc-chaoyang-housing', regionCode: '220104', address: '长春市朝阳区某小区',
});
const shift = { seatId: 'th-mayor-hotline-02', agentHandle: 'agent:th-02', agentName: '王芳', startsAt: '2030-01-01T08:00:00+08:00', endsAt: '2030-01-01T16:00:00+08:00' };
const campaign = { name: '专项巡查', organizerAgencyId: 'jl-gov-supervision', team: [{ name: '张三', role: '组长' }], regionCodes: ['220100'], startsAt: '2022-07-01T00:00:00Z', endsAt: '2022-07-31T00:00:00Z' };

/** Every free-text input of every subgraph: where it goes, as whom, and the field its error names. */
const TEXT_FIELDS: { label: string; as: Caller; query: string; input: (text: string) => unknown; field: string; multiline: boolean }[] = [
  { label: 'message title', as: 'citizen', query: POST, input: (t) => ({ ...message, title: t }), field: 'title', multiline: false },
  { label: 'message content', as: 'citizen', query: POST, input: (t) => ({ ...message, content: t }), field: 'content', multiline: true },
  { label: 'poster name', as: 'citizen', query: POST, input: (t) => ({ ...message, contact: { name: t } }), field: 'contact.name', multiline: false },
  { label: 'ticket title', as: 'agent', query: CALL, input: (t) => ({ ...call, ticket: { ...ticket, title: t } }), field: 'ticket.title', multiline: false },
  { label: 'ticket content', as: 'agent', query: CALL, input: (t) => ({ ...call, ticket: { ...ticket, content: t } }), field: 'ticket.content', multiline: true },
  { label: 'call summary', as: 'agent', query: CALL, input: (t) => ({ ...call, summary: t }), field: 'summary', multiline: true },
  { label: 'clue title', as: 'citizen', query: CLUE, input: (t) => ({ ...clue, title: t }), field: 'title', multiline: false },
  { label: 'clue content', as: 'citizen', query: CLUE, input: (t) => ({ ...clue, content: t }), field: 'content', multiline: true },
  { label: 'work order title', as: 'handler', query: WORK, input: (t) => ({ ...work(UNKNOWN_APPEAL), title: t }), field: 'title', multiline: false },
  { label: 'work order location', as: 'handler', query: WORK, input: (t) => ({ ...work(UNKNOWN_APPEAL), location: t }), field: 'location', multiline: false },
  { label: 'heating order address', as: 'heatingBureau', query: HEAT, input: (t) => ({ ...heat(UNKNOWN_APPEAL), address: t }), field: 'address', multiline: false },
  { label: 'shift agent name', as: 'agent', query: SHIFT, input: (t) => ({ ...shift, agentName: t }), field: 'agentName', multiline: false },
  { label: 'campaign name', as: 'supervisor', query: CAMPAIGN, input: (t) => ({ ...campaign, name: t }), field: 'input.name', multiline: false },
];

/** Text no person meant: refused wherever it is typed, never stored in another form. */
const BAD_TEXT: [string, string][] = [
  ['a null byte', 'a\u0000b'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', '\udc00'],
  ['a bell character', '门\u0007口'],
  ['an ANSI escape', '\u001b[31m红色'],
  ['DEL', 'a\u007f'],
  ['a C1 control', 'a\u0085b'],
  ['zero-width characters only', '\u200b\u200c\u200d'],
  ['ideographic spaces and a zero-width space', '\u3000\u200b\u3000'],
  ['a Hangul filler only', '\u3164'],
  ['a right-to-left override only', '\u202e'],
];
/** Allowed in long text (contents, summaries), refused in a single line (titles, names). */
const LINE_BREAK: [string, string] = ['a line break', '第一行\n第二行'];

const textCases = (): BadInputCase[] =>
  TEXT_FIELDS.flatMap((f) =>
    [...BAD_TEXT, ...(f.multiline ? [] : [LINE_BREAK])].map(([what, text]) => ({
      name: `${f.label} with ${what}`, as: f.as, body: { query: f.query, variables: { input: f.input(text) } }, status: 200, code: 'INVALID_INPUT', field: f.field,
    })),
  );

/** References to what the directory does not have, in every mutation that writes one. */
const referenceCases = (appealId: string): BadInputCase[] => {
  const refused = (name: string, as: Caller, query: string, input: unknown, field: string): BadInputCase => ({
    name, as, body: { query, variables: { input } }, status: 200, code: 'INVALID_INPUT', field,
  });
  return [
    refused('a message on an unknown board', 'citizen', POST, { ...message, boardId: 'no-such-board' }, 'boardId'),
    refused('a message on a board named like SQL', 'citizen', POST, { ...message, boardId: "x' or '1'='1" }, 'boardId'),
    refused('a message about an unknown region', 'citizen', POST, { ...message, regionCode: '229999' }, 'regionCode'),
    refused('a message about a region code with script', 'citizen', POST, { ...message, regionCode: '<script>alert(1)</script>' }, 'regionCode'),
    refused('a ticket in an unknown category', 'agent', CALL, { ...call, ticket: { ...ticket, categoryId: 'water.lemonade' } }, 'ticket.categoryId'),
    refused('a ticket about an unknown region', 'agent', CALL, { ...call, ticket: { ...ticket, regionCode: '229999' } }, 'ticket.regionCode'),
    refused('a clue about an unknown region', 'citizen', CLUE, { ...clue, regionCode: '220999' }, 'regionCode'),
    refused('a clue about a region code with SQL', 'citizen', CLUE, { ...clue, regionCode: "1' or 1=1" }, 'regionCode'),
    refused('a work order about an unknown region', 'handler', WORK, { ...work(appealId), regionCode: '229999' }, 'regionCode'),
    refused('a work order for an unknown executing unit', 'handler', WORK, { ...work(appealId), executingAgencyId: 'no-such-office' }, 'executingAgencyId'),
    refused('a heating order about an unknown region', 'heatingBureau', HEAT, { ...heat(appealId), regionCode: '229999' }, 'regionCode'),
    refused('a heating order for an unknown company', 'admin', HEAT, { ...heat(appealId), companyId: 'no-such-company' }, 'companyId'),
    refused('a heating order for a company that is a bureau', 'heatingBureau', HEAT, { ...heat(appealId), companyId: 'cc-chaoyang-housing' }, 'companyId'),
    refused('a routing rule for an unknown region', 'admin', RULE, { regionCode: '229900', agencyId: 'cc-housing' }, 'regionCode'),
    refused('a routing rule for an unknown agency', 'admin', RULE, { regionCode: '220100', agencyId: 'no-such-agency' }, 'agencyId'),
    refused('a routing rule for an unknown category', 'admin', RULE, { categoryId: 'water.lemonade', regionCode: '220100', agencyId: 'cc-housing' }, 'categoryId'),
    refused('a campaign over an unknown region', 'supervisor', CAMPAIGN, { ...campaign, regionCodes: ['220100', '220999'] }, 'input.regionCodes'),
    refused('a campaign organized by an unknown agency', 'supervisor', CAMPAIGN, { ...campaign, organizerAgencyId: 'no-such-agency' }, 'input.organizerAgencyId'),
  ];
};

const nested = (depth: number) => `{ regions { ${'children { '.repeat(depth)}code${' }'.repeat(depth)} } }`;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions { code }`).join(' ')} }`;

/** The protocol, the types, sizes, pagination and the shape of documents. */
const shapeCases = (): BadInputCase[] => {
  const q = (name: string, as: Caller, query: string, variables: unknown, status: number, code: string, field?: string): BadInputCase =>
    ({ name, as, body: { query, variables }, status, code, ...(field ? { field } : {}) });
  const raw = (name: string, body: string, status: number, code: string, contentType?: string): BadInputCase =>
    ({ name, as: 'citizen', body, status, code, ...(contentType ? { contentType } : {}) });
  return [
    raw('malformed JSON', '{"query": "mutation { postMessage(', 400, 'BAD_REQUEST'),
    raw('a JSON array', '[1, 2]', 400, 'BAD_REQUEST'),
    raw('JSON null', 'null', 400, 'BAD_REQUEST'),
    raw('a JSON string', '"query"', 400, 'BAD_REQUEST'),
    raw('an empty body', '', 400, 'BAD_REQUEST'),
    raw('an empty object', '{}', 400, 'QUERY_REQUIRED'),
    raw('a query that is empty', '{"query": ""}', 400, 'QUERY_REQUIRED'),
    raw('a query that is a number', '{"query": 42}', 400, 'BAD_REQUEST'),
    raw('variables that are a string', JSON.stringify({ query: POST, variables: 'x' }), 400, 'BAD_REQUEST'),
    raw('a JSON document nested 5,000 deep', `${'['.repeat(5000)}${']'.repeat(5000)}`, 400, 'BAD_REQUEST'),
    // The CSRF header is asked of anonymous callers only: a bearer token is no cookie a foreign page can send.
    { ...raw('an anonymous form post without the CSRF header', `query=${encodeURIComponent(POST)}`, 403, 'CSRF_HEADER_REQUIRED', 'application/x-www-form-urlencoded'), as: 'anonymous' },
    { ...raw('anonymous text/plain without the CSRF header', JSON.stringify({ query: POST }), 403, 'CSRF_HEADER_REQUIRED', 'text/plain'), as: 'anonymous' },
    raw('a body over 64 KiB', JSON.stringify({ query: POST, variables: { input: { ...message, content: 'x'.repeat(70_000) } } }), 413, 'REQUEST_TOO_LARGE'),
    q('a document that does not parse', 'citizen', 'mutation { postMessage(input: { title: ', undefined, 200, 'GRAPHQL_PARSE_FAILED'),
    q('an unknown field', 'citizen', '{ messagez { id } }', undefined, 200, 'GRAPHQL_VALIDATION_FAILED'),
    q('an unknown enum literal', 'admin', `mutation { recordReturnVisit(id: "${UNKNOWN_APPEAL}", satisfaction: DELIGHTED) { id } }`, undefined, 200, 'GRAPHQL_VALIDATION_FAILED'),
    q('a title that is a number', 'citizen', POST, { input: { ...message, title: 42 } }, 400, 'BAD_USER_INPUT'),
    q('a title that is null', 'citizen', POST, { input: { ...message, title: null } }, 400, 'BAD_USER_INPUT'),
    q('a title that is a list', 'citizen', POST, { input: { ...message, title: ['a'] } }, 400, 'BAD_USER_INPUT'),
    q('a title that is an object', 'citizen', POST, { input: { ...message, title: { $ne: '' } } }, 400, 'BAD_USER_INPUT'),
    q('an input field the schema lacks', 'citizen', POST, { input: { ...message, status: 'CLOSED' } }, 400, 'BAD_USER_INPUT'),
    q('a missing required field', 'citizen', POST, { input: { boardId: 'cc-mayor' } }, 400, 'BAD_USER_INPUT'),
    q('an input that is a list', 'citizen', POST, { input: [message] }, 400, 'BAD_USER_INPUT'),
    q('a duration that is text', 'agent', CALL, { input: { ...call, durationSeconds: 'long' } }, 400, 'BAD_USER_INPUT'),
    q('a duration over 32 bits', 'agent', CALL, { input: { ...call, durationSeconds: 2 ** 40 } }, 400, 'BAD_USER_INPUT'),
    q('a duration with a fraction', 'agent', CALL, { input: { ...call, durationSeconds: 1.5 } }, 400, 'BAD_USER_INPUT'),
    q('an unknown enum value', 'agent', CALL, { input: { ...call, outcome: 'HUNG_UP_ANGRILY' } }, 400, 'BAD_USER_INPUT'),
    q('a date-time that is not one', 'agent', CALL, { input: { ...call, startedAt: 'yesterday' } }, 200, 'BAD_USER_INPUT'),
    q('a negative duration', 'agent', CALL, { input: { ...call, durationSeconds: -5 } }, 200, 'INVALID_INPUT', 'durationSeconds'),
    q('an empty title', 'citizen', POST, { input: { ...message, title: '' } }, 200, 'INVALID_INPUT', 'title'),
    q('a blank content', 'citizen', POST, { input: { ...message, content: ' \t ' } }, 200, 'INVALID_INPUT', 'content'),
    q('a title of 20,000 characters', 'citizen', POST, { input: { ...message, title: '长'.repeat(20_000) } }, 200, 'INVALID_INPUT', 'title'),
    q('a content one over its limit', 'citizen', POST, { input: { ...message, content: '长'.repeat(5001) } }, 200, 'INVALID_INPUT', 'content'),
    q('a phone that is SQL', 'citizen', POST, { input: { ...message, contact: { phone: "1' or 1=1 --" } } }, 200, 'INVALID_INPUT', 'contact.phone'),
    q('a malformed region code', 'citizen', POST, { input: { ...message, regionCode: '2201; drop table board.messages' } }, 200, 'INVALID_INPUT', 'regionCode'),
    q('a work order that ends before it starts', 'handler', WORK, { input: { ...work(UNKNOWN_APPEAL), plannedEnd: '2022-07-01' } }, 200, 'INVALID_INPUT', 'plannedEnd'),
    q('a work order on 30 February', 'handler', WORK, { input: { ...work(UNKNOWN_APPEAL), plannedStart: '2022-02-30' } }, 200, 'INVALID_INPUT', 'Date'),
    q('an id that is SQL', 'admin', 'mutation { acceptMessage(id: "1\' or \'1\'=\'1") { id } }', undefined, 200, 'NOT_FOUND'),
    q('an id that is script', 'admin', 'mutation { acceptTicket(id: "<script>alert(1)</script>") { id } }', undefined, 200, 'NOT_FOUND'),
    q('a work order for an unknown appeal', 'handler', WORK, { input: work(UNKNOWN_APPEAL) }, 200, 'NOT_FOUND'),
    q('a page size of -1', 'citizen', '{ messages(first: -1) { totalCount } }', undefined, 200, 'INVALID_INPUT', 'first'),
    q('a page size of 0', 'citizen', '{ messages(first: 0) { totalCount } }', undefined, 200, 'INVALID_INPUT', 'first'),
    q('a page size of 101', 'supervisor', '{ cases(first: 101) { totalCount } }', undefined, 200, 'INVALID_INPUT', 'first'),
    q('a page size of a million', 'agent', '{ tickets(first: 1000000) { totalCount } }', undefined, 200, 'MAX_COST_EXCEEDED'),
    q('a page size over 32 bits', 'citizen', '{ messages(first: 99999999999) { totalCount } }', undefined, 200, 'MAX_COST_EXCEEDED'),
    q('a malformed cursor', 'citizen', '{ messages(after: "bm90LWEtY3Vyc29y") { totalCount } }', undefined, 200, 'INVALID_CURSOR'),
    q('a cursor that is SQL', 'supervisor', `{ clues(after: "' or 1=1 --") { totalCount } }`, undefined, 200, 'INVALID_CURSOR'),
    q('a region filter with a wildcard', 'citizen', '{ messages(filter: { regionCode: "22%" }) { totalCount } }', undefined, 200, 'INVALID_INPUT', 'filter.regionCode'),
    q('a category filter with a wildcard', 'agent', '{ tickets(filter: { categoryId: "water%" }) { totalCount } }', undefined, 200, 'INVALID_INPUT', 'filter.categoryId'),
    q('a document nested 20 deep', 'citizen', nested(20), undefined, 200, 'MAX_DEPTH_EXCEEDED'),
    q('a document of 50 aliases', 'citizen', aliases(50), undefined, 200, 'MAX_ALIASES_EXCEEDED'),
    q('a document of 4,000 tokens', 'citizen', `{ regions { ${'code '.repeat(4000)}} }`, undefined, 400, 'MAX_TOKENS_EXCEEDED'),
    q('a cycle of fragments', 'citizen', 'query { regions { ...A } } fragment A on Region { children { ...B } } fragment B on Region { children { ...A } }', undefined, 200, 'GRAPHQL_VALIDATION_FAILED'),
    q('an anonymous post', 'anonymous', POST, { input: message }, 401, 'UNAUTHORIZED_FIELD_OR_TYPE'),
    q('a citizen setting a routing rule', 'citizen', RULE, { input: { regionCode: '220100', agencyId: 'cc-housing' } }, 401, 'UNAUTHORIZED_FIELD_OR_TYPE'),
  ];
};

export const badInputCorpus = ({ appealId }: { appealId: string }): BadInputCase[] => [...textCases(), ...referenceCases(appealId), ...shapeCases()];
