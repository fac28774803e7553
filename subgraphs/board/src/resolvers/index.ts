import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { eq, like } from 'drizzle-orm';
import { appealDirectoryFields, actorFor, actorsFor, actorView, invalidInput, maskAddress, maskFreeText, maskName, maskNotes, maskPhone, pageSize, regionSubtree, type AppealStatus, type RequestContext } from '@civicgraph/platform';
import { seesThroughScope, visible, visibleMessages } from '../access.ts';
import { frequentPhrases } from '../domain/feedback-words.ts';
import type { BoardContext } from '../context.ts';
import { boards, messages, type BoardRow, type MessageRow, type TransitionRow } from '../db/tables.ts';
import { listMessages, type MessageFilter } from '../domain/queries.ts';
import { mutations } from './mutations.ts';
import { MessageEvent, subscriptions } from './subscriptions.ts';


type PageArgs = { filter?: MessageFilter | null; first?: number | null; after?: string | null };

/** A personal field: masked for callers who see the message through their row scope, null for the public. */
/** The names a message's free text may repeat: its poster's. */
const namesOf = (message: MessageRow) => [message.posterName];

/** A free-text field: masked for every caller (the original only through revealMessagePoster). */
const freeText = (column: (m: MessageRow) => string | null) => (message: MessageRow) => maskFreeText(column(message), namesOf(message));

const personal =
  (mask: (value: string | null) => string | null, column: (m: MessageRow) => string | null) =>
  async (message: MessageRow, _: unknown, ctx: BoardContext) =>
    (await seesThroughScope(ctx.access, message)) ? mask(column(message)) : null;

export const resolvers: GraphQLResolverMap<BoardContext> = {
  Query: {
    boards: async (_: unknown, { regionCode }: { regionCode?: string | null }, ctx: BoardContext) => {
      const where = regionCode ? like(boards.regionCode, regionSubtree(regionCode)) : undefined;
      return ctx.database.db.select().from(boards).where(where).orderBy(boards.regionCode, boards.id);
    },
    board: (_: unknown, { id }: { id: string }, ctx: BoardContext) => ctx.loaders.boardById.load(id),
    message: async (_: unknown, { id }: { id: string }, ctx: BoardContext) =>
      visible(ctx.access, await ctx.loaders.messageById.load(id)),
    messageByNumber: async (_: unknown, { number }: { number: string }, ctx: BoardContext) => {
      const [row] = await ctx.database.db.select().from(messages).where(eq(messages.number, number.trim()));
      return visible(ctx.access, row);
    },
    messages: async (_: unknown, { filter, first, after }: PageArgs, ctx: BoardContext) =>
      listMessages(ctx.database.db, filter ?? {}, first, after, await visibleMessages(ctx.access)),
  },
  Mutation: mutations,
  Subscription: subscriptions,
  Board: {
    __resolveReference: (ref: { id: string }, ctx: BoardContext) => ctx.loaders.boardById.load(ref.id),
    region: (board: BoardRow, _: unknown, ctx: RequestContext) => ctx.directory.region(board.regionCode),
    office: (board: BoardRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(board.officeId),
    messages: async (board: BoardRow, { filter, first, after }: PageArgs, ctx: BoardContext) =>
      listMessages(ctx.database.db, { ...filter, boardId: board.id }, first, after, await visibleMessages(ctx.access)),
    feedbackWords: async (board: BoardRow, args: { from: Date; to: Date; first?: number | null }, ctx: BoardContext) => {
      const first = pageSize(args.first, { fallback: 10, max: 100 });
      if (args.from >= args.to) throw invalidInput('to', 'must be after from');
      const key = JSON.stringify([board.id, args.from.toISOString(), args.to.toISOString()]);
      return frequentPhrases(await ctx.loaders.returnVisitComments.load(key), first);
    },
  },
  Message: {
    __resolveReference: async (ref: { id: string }, ctx: BoardContext) =>
      visible(ctx.access, await ctx.loaders.messageById.load(ref.id)),
    channel: () => 'BOARD',
    board: (message: MessageRow, _: unknown, ctx: BoardContext) => ctx.loaders.boardById.load(message.boardId),
    ...appealDirectoryFields,
    title: freeText((m) => m.title),
    content: freeText((m) => m.content),
    reply: (message: MessageRow, _: unknown, ctx: RequestContext) =>
      message.replyContent
        ? {
            content: maskFreeText(message.replyContent, namesOf(message)),
            agency: ctx.directory.agency(message.replyAgencyId),
            submittedAt: message.replySubmittedAt,
            publishedAt: message.replyPublishedAt,
          }
        : null,
    returnVisit: async (message: MessageRow, _: unknown, ctx: BoardContext) =>
      message.satisfaction
        ? {
            satisfaction: message.satisfaction,
            comment: maskFreeText(message.returnVisitComment, namesOf(message)),
            at: message.returnVisitAt,
            // The return visit's step names the agency handling the message (the timeline's rule).
            by: await actorFor(actorView(ctx), message.returnVisitBy!, message.assigneeId),
          }
        : null,
    mergedInto: async (message: MessageRow, _: unknown, ctx: BoardContext) =>
      message.mergedIntoId ? visible(ctx.access, await ctx.loaders.messageById.load(message.mergedIntoId)) : null,
    posterName: personal(maskName, (m) => m.posterName),
    posterPhone: personal(maskPhone, (m) => m.posterPhone),
    posterAddress: personal(maskAddress, (m) => m.posterAddress),
    timeline: async (message: MessageRow, _: unknown, ctx: BoardContext) =>
      actorsFor(actorView(ctx), maskNotes(await ctx.loaders.timelineByMessage.load(message.id), namesOf(message))),
  },
  MessageEvent,
  Transition: {
    from: (t: TransitionRow) => t.fromStatus as AppealStatus | null,
    to: (t: TransitionRow) => t.toStatus as AppealStatus,
    agency: (t: TransitionRow, _: unknown, ctx: RequestContext) => ctx.directory.agency(t.agencyId),
  },
};
