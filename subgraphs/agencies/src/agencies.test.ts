import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSubgraph, type GraphQLResponse, type TestSubgraph } from '@civicgraph/platform/testing';
import { DEMO_AGENCIES, DEMO_AGENCY_IDS, DEMO_REGIONS, seedAgencies } from './db/seed.ts';
import { subgraph } from './server.ts';

const PREFECTURES = ['220100', '220200', '220300', '220400', '220500', '220600', '220700', '220800', '222400'];

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(subgraph, { seedDemo: true });
});
afterAll(async () => {
  await sg?.stop();
});

/** Statements sent through the request handle while `work` runs (background readers are not counted). */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const before = sg.services.database.statementCount();
  await work();
  return sg.services.database.statementCount() - before;
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Agency { id name kind region { code name } parent { id } children { id } }
      ... on Region { code name parent { code } }
    }
  }
`;
const agencyRefs = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'Agency', id }));

describe('regions', () => {
  it('returns the province with exactly its nine prefectures, in code order', async () => {
    const res = await sg.query(`{ region(code: "220000") { code name level parent { code } children { code level parent { code } } } }`);
    expect(res.errors).toBeUndefined();
    const region = res.data!.region;
    expect(region).toMatchObject({ code: '220000', name: '吉林省', level: 'PROVINCE', parent: null });
    expect(region.children.map((c: { code: string }) => c.code)).toEqual(PREFECTURES);
    expect(region.children.every((c: { level: string; parent: { code: string } }) => c.level === 'PREFECTURE' && c.parent.code === '220000')).toBe(true);
  });

  it('lists the top level and the divisions below a parent', async () => {
    const res = await sg.query(`{ top: regions { code } tonghua: regions(parentCode: "220500") { code level } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.top).toEqual([{ code: '220000' }]);
    expect(res.data!.tonghua).toEqual([
      { code: '220502', level: 'COUNTY' },
      { code: '220581', level: 'COUNTY' },
    ]);
  });

  it('gives a region its own agencies, or its whole subtree on request', async () => {
    const res = await sg.query(`{
      region(code: "220100") {
        own: agencies { id }
        all: agencies(includeSubregions: true) { id region { code } }
        companies: agencies(includeSubregions: true, kind: COMPANY) { id }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const { own, all, companies } = res.data!.region;
    expect(own.map((a: { id: string }) => a.id)).toEqual(['cc-gov-office', 'cc-housing', 'cc-mayor-hotline']);
    expect(all).toHaveLength(DEMO_AGENCIES.filter((a) => a.regionCode.startsWith('2201')).length);
    expect(all.map((a: { id: string }) => a.id)).toContain('cc-heating-co');
    expect(all.every((a: { region: { code: string } }) => a.region.code.startsWith('2201'))).toBe(true);
    expect(companies).toEqual([{ id: 'cc-heating-co' }]);
  });

  it('returns null for an unknown code and INVALID_INPUT for a malformed one', async () => {
    const unknown = await sg.query(`{ region(code: "229900") { code } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.region).toBeNull();

    const malformed = await sg.query(`{ region(code: "2205") { code } }`);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(malformed.errors?.[0]?.extensions?.field).toBe('code');
  });
});

describe('agencies', () => {
  it('filters by region subtree: Changchun includes the heating company and nothing from Tonghua', async () => {
    const res = await sg.query(`{ agencies(regionCode: "220100") { id region { code } } }`);
    expect(res.errors).toBeUndefined();
    const ids: string[] = res.data!.agencies.map((a: { id: string }) => a.id);
    expect(ids).toContain('cc-heating-co');
    expect(ids).toContain('cc-nanguan-mingzhu');
    expect(ids.some((id) => id.startsWith('th-'))).toBe(false);
    expect(ids).toHaveLength(DEMO_AGENCIES.filter((a) => a.regionCode.startsWith('2201')).length);
  });

  it('filters by the region alone when includeSubregions is false', async () => {
    const res = await sg.query(`{ agencies(regionCode: "220322", includeSubregions: false) { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.agencies.map((a: { id: string }) => a.id)).toEqual(['ls-agriculture', 'ls-county-gov', 'ls-liujiaguanzi']);
  });

  it('filters by kind, alone and together with a region', async () => {
    const res = await sg.query(`{
      townships: agencies(kind: TOWNSHIP) { id kind region { code } }
      siping: agencies(regionCode: "220300", kind: TOWNSHIP) { id }
      institutions: agencies(kind: INSTITUTION) { id }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.townships).toEqual([
      { id: 'cc-nanguan-mingzhu', kind: 'TOWNSHIP', region: { code: '220102' } },
      { id: 'ls-liujiaguanzi', kind: 'TOWNSHIP', region: { code: '220322' } },
    ]);
    expect(res.data!.siping).toEqual([{ id: 'ls-liujiaguanzi' }]);
    expect(res.data!.institutions).toEqual([{ id: 'th-municipal-eng' }]);
  });

  it('returns every seeded agency without filters, and a routing target in every prefecture', async () => {
    const res = await sg.query(`{ agencies { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.agencies.map((a: { id: string }) => a.id).sort()).toEqual([...DEMO_AGENCY_IDS].sort());
    for (const prefix of ['cc', 'jc', 'sp', 'ly', 'th', 'bs', 'sy', 'bc', 'yb']) {
      expect(DEMO_AGENCY_IDS).toContain(`${prefix}-mayor-hotline`);
      expect(DEMO_AGENCY_IDS).toContain(`${prefix}-housing`);
    }
  });

  it('walks the agency tree both ways', async () => {
    const res = await sg.query(`{
      eng: agency(id: "th-municipal-eng") { name kind region { code } parent { id name children { id } } }
      office: agency(id: "jl-party-office") { parent { id } children { id name } }
      heating: agency(id: "cc-heating-co") { kind region { code } parent { id parent { id } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.eng).toEqual({
      name: '通化市市政工程管理处',
      kind: 'INSTITUTION',
      region: { code: '220500' },
      parent: { id: 'th-housing', name: '通化市住建局', children: [{ id: 'th-dongchang-housing' }, { id: 'th-municipal-eng' }] },
    });
    expect(res.data!.office).toEqual({ parent: null, children: [{ id: 'jl-party-office-opinion', name: '吉林省委办公厅网络舆情处' }] });
    expect(res.data!.heating).toEqual({ kind: 'COMPANY', region: { code: '220104' }, parent: { id: 'cc-chaoyang-housing', parent: { id: 'cc-housing' } } });
  });

  it('returns null for an unknown id and INVALID_INPUT for a malformed region code', async () => {
    const unknown = await sg.query(`{ agency(id: "no-such-agency") { id } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.agency).toBeNull();

    const malformed = await sg.query(`{ agencies(regionCode: "22010") { id } }`);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(malformed.errors?.[0]?.extensions?.field).toBe('regionCode');
    expect(malformed.data).toBeNull();
  });
});

describe('federation', () => {
  it('resolves 50 agency references in order with as many statements as 5', async () => {
    const ids = DEMO_AGENCY_IDS.slice(0, 50);
    expect(ids).toHaveLength(50);
    const reversed = [...ids].reverse();
    // Parents are among the references in both requests, so both find them in the loader's cache.
    const five = ['jl-gov-office', 'jl-governor-hotline', 'jl-gov-supervision', 'cc-gov-office', 'cc-mayor-hotline'];

    let many: GraphQLResponse<Record<string, any>> = {};
    const manyStatements = await statementsDuring(async () => {
      many = await sg.query(ENTITIES, { representations: agencyRefs(reversed) });
    });
    let few: GraphQLResponse<Record<string, any>> = {};
    const fewStatements = await statementsDuring(async () => {
      few = await sg.query(ENTITIES, { representations: agencyRefs(five) });
    });

    expect(many.errors).toBeUndefined();
    expect(many.data!._entities.map((e: { id: string }) => e.id)).toEqual(reversed);
    const heating = many.data!._entities.find((e: { id: string }) => e.id === 'cc-heating-co');
    expect(heating).toMatchObject({ kind: 'COMPANY', region: { code: '220104', name: '朝阳区' }, parent: { id: 'cc-chaoyang-housing' } });
    expect(few.data!._entities.map((e: { id: string }) => e.id)).toEqual(five);
    expect(few.data!._entities[0].children.map((c: { id: string }) => c.id)).toEqual(['jl-gov-supervision', 'jl-governor-hotline']);
    // One statement for the agencies, then one each for their regions and their children.
    expect(manyStatements).toBe(3);
    expect(fewStatements).toBe(manyStatements);
  });

  it('resolves region references in one batch and unknown references to null, keeping positions', async () => {
    const representations = [
      ...DEMO_REGIONS.map((r) => ({ __typename: 'Region', code: r.code })),
      { __typename: 'Region', code: '229999' },
      { __typename: 'Agency', id: 'no-such-agency' },
      { __typename: 'Agency', id: 'jl-drc' },
    ];
    let res: GraphQLResponse<Record<string, any>> = {};
    const statements = await statementsDuring(async () => {
      res = await sg.query(ENTITIES, { representations });
    });
    expect(res.errors).toBeUndefined();
    const entities = res.data!._entities;
    expect(entities).toHaveLength(representations.length);
    expect(entities.slice(0, DEMO_REGIONS.length).map((e: { code: string }) => e.code)).toEqual(DEMO_REGIONS.map((r) => r.code));
    expect(entities[DEMO_REGIONS.length]).toBeNull();
    expect(entities[DEMO_REGIONS.length + 1]).toBeNull();
    expect(entities[DEMO_REGIONS.length + 2]).toMatchObject({ id: 'jl-drc', kind: 'COMMISSION', region: { code: '220000' } });
    // Regions and agencies in one statement each (region parents are among them, so cached), then
    // one for jl-drc's children.
    expect(statements).toBe(3);
  });
});

describe('demo data', () => {
  it('is written only once', async () => {
    const statements = await statementsDuring(() => seedAgencies(sg.services.database.db));
    const res = await sg.query(`{ agencies { id } regions(parentCode: "220000") { code } }`);
    expect(res.data!.agencies).toHaveLength(DEMO_AGENCIES.length);
    expect(res.data!.regions).toHaveLength(9);
    // Only the emptiness check: no inserts the second time.
    expect(statements).toBe(1);
  });
});
