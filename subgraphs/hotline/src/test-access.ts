import { sql } from 'drizzle-orm';
import { ANONYMOUS, rowsOf, type Identity, type Role } from '@civicgraph/platform';
import { testIdentity, type GraphQLResponse, type TestSubgraph } from '@civicgraph/platform/testing';
import { callInput, hotlineClient, writtenRows } from './test-support.ts';

/*
 * The cast and the tickets the access tests share. Agencies and parents are the seeded directory's:
 * ls-county-gov (220322) over ls-liujiaguanzi; jl-gov-office (220000) over jl-governor-hotline (96118);
 * cc-nanguan-housing (220102); sp-mayor-hotline (220300) runs Siping's line.
 */

const as = (role: Role, agency: string | null = null) => testIdentity(role, { agency });
/** The same person with an extra scope, to show that the role (not the token's scopes) is what refuses. */
export const withScopes = (who: Identity, ...scopes: string[]): Identity => ({ ...who, scopes: [...who.scopes, ...scopes] });

export const WHO = {
  anonymous: ANONYMOUS,
  citizen: testIdentity('citizen', { subject: 'citizen:13800000000' }),
  admin: as('admin'),
  supervisor: as('supervisor', 'jl-gov-supervision'),
  dashboard: as('dashboard'),
  integrator: as('integrator'),
  agent96118: as('hotline_agent', 'jl-governor-hotline'),
  agentGovOffice: as('hotline_agent', 'jl-gov-office'),
  agentSiping: as('hotline_agent', 'sp-mayor-hotline'),
  handlerLishu: as('handler', 'ls-county-gov'),
  handlerLiujia: as('handler', 'ls-liujiaguanzi'),
  handlerNanguan: as('handler', 'cc-nanguan-housing'),
  reviewerLishu: as('reviewer', 'ls-county-gov'),
  reviewer96118: as('reviewer', 'jl-governor-hotline'),
  reviewerNanguan: as('reviewer', 'cc-nanguan-housing'),
} satisfies Record<string, Identity>;

/** The callers behind the scenario's calls: none of these values may appear unmasked or in an event. */
export const CALLERS = {
  lishu: { phone: '13943412345', name: '孙先生', masked: { phone: '139****2345', name: '孙**' } },
  nanguan: { phone: '13812345678', name: '王女士', masked: { phone: '138****5678', name: '王**' } },
  unassigned: { phone: '13600001111', name: '李大爷', masked: { phone: '136****1111', name: '李**' } },
  info: { phone: '13700002222', name: '赵桂英', masked: { phone: '137****2222', name: '赵**' } },
  siping: { phone: '13900003333', name: '钱女士', masked: { phone: '139****3333', name: '钱**' } },
};

export interface Scenario {
  /** Lishu farmland ticket, assigned to ls-liujiaguanzi (a sub-agency of ls-county-gov). */
  lishu: { id: string; number: string; callId: string };
  /** Nanguan water ticket, assigned to cc-nanguan-housing. */
  nanguan: { id: string; number: string; callId: string };
  /** Lishu ticket not yet accepted: unassigned, in 220322. */
  unassigned: { id: string; number: string; callId: string };
  /** An information call on 96118, without a ticket. */
  infoCallId: string;
  /** An information call on Siping's line, without a ticket. */
  sipingCallId: string;
}

/** Writes the scenario as an administrator, through the API. */
export async function seedScenario(sg: TestSubgraph): Promise<Scenario> {
  const { act, recordCall, open } = hotlineClient(() => sg);
  const ticketOf = async (caller: keyof typeof CALLERS, ticket: Record<string, unknown>) => {
    const t = await open({ callerPhone: CALLERS[caller].phone, callerName: CALLERS[caller].name }, ticket);
    const [call] = rowsOf<{ id: string }>(await sg.services.database.db.execute(sql`select id from hotline.calls where ticket_id = ${t.id}`));
    return { id: t.id as string, number: t.number as string, callId: call!.id };
  };
  const lishu = await ticketOf('lishu', { categoryId: 'agriculture.farmland-water', regionCode: '220322', title: '农田被淹' });
  await act('acceptTicket(id: $id)', { id: lishu.id });
  await act('assignTicket(id: $id)', { id: lishu.id });
  const nanguan = await ticketOf('nanguan', {});
  await act('acceptTicket(id: $id)', { id: nanguan.id });
  await act('assignTicket(id: $id, agencyId: $agency)', { id: nanguan.id, agency: 'cc-nanguan-housing' });
  const unassigned = await ticketOf('unassigned', { categoryId: 'agriculture.farmland-water', regionCode: '220322', title: '排水沟堵塞' });
  const callId = async (overrides: Record<string, unknown>) => {
    const response = await recordCall(callInput({ outcome: 'INFORMATION_ONLY', ...overrides }, null), 'id');
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.recordCall.id as string;
  };
  const infoCallId = await callId({ callerPhone: CALLERS.info.phone, callerName: CALLERS.info.name });
  const sipingCallId = await callId({ hotlineId: 'sp-mayor-hotline', seatId: 'sp-mayor-hotline-01', callerPhone: CALLERS.siping.phone, callerName: CALLERS.siping.name });
  return { lishu, nanguan, unassigned, infoCallId, sipingCallId };
}

export const codeOf = (response: GraphQLResponse<any>) => response.errors?.[0]?.extensions?.code as string | undefined;

/** Everything a refused request could have written: the hotline's rows, events, and reveal audit rows. */
export async function everythingWritten(sg: TestSubgraph) {
  const [audit] = rowsOf<{ n: number }>(await sg.services.database.db.execute(sql`select count(*)::int as n from access.personal_data_reveals`));
  return { ...(await writtenRows(sg)), reveals: audit!.n };
}

export interface RevealRow {
  subject: string;
  agency_id: string | null;
  roles: string[];
  subgraph: string;
  record_type: string;
  record_id: string;
  fields: string[];
  reason: string;
}

export async function revealRows(sg: TestSubgraph): Promise<RevealRow[]> {
  return rowsOf<RevealRow>(
    await sg.services.database.db.execute(sql`
      select subject, agency_id, roles, subgraph, record_type, record_id, fields, reason from access.personal_data_reveals order by id`),
  );
}
