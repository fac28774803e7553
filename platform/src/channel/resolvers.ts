import type { RequestContext } from '../server/subgraph.ts';

type DirectoryColumns = { regionCode: string; assigneeId: string | null; dispatcherId: string | null };

/**
 * The directory references every channel's appeal type resolves the same way: its region, the
 * agency handling it and the office that dispatched it (null when the directory no longer has them).
 */
export const appealDirectoryFields = {
  region: (row: DirectoryColumns, _: unknown, ctx: RequestContext) => ctx.directory.region(row.regionCode),
  assignee: (row: DirectoryColumns, _: unknown, ctx: RequestContext) => ctx.directory.agency(row.assigneeId),
  dispatcher: (row: DirectoryColumns, _: unknown, ctx: RequestContext) => ctx.directory.agency(row.dispatcherId),
};
