import { appealOfChannel } from '../appeal-references.ts';

/**
 * Resolvers every department order type shares: the appeal it answers, as the `message`, `ticket`
 * or `clue` of its channel (null for the others, and for one the caller may not read), and its region.
 */
export const orderAppealFields = {
  message: appealOfChannel('BOARD'),
  ticket: appealOfChannel('HOTLINE'),
  clue: appealOfChannel('SUPERVISION'),
  region: (order: { regionCode: string }) => ({ __typename: 'Region', code: order.regionCode }),
};

/** An order timeline entry's `from` and `to` (the columns are fromStatus and toStatus). */
export const orderTransitionFields = {
  from: (t: { fromStatus: string | null }) => t.fromStatus,
  to: (t: { toStatus: string }) => t.toStatus,
};

/** The same field on the appeal type of every channel and on the ledger's Case (the orders answering them). */
export const onEveryAppeal = <Field>(field: Field) => ({ Message: field, Ticket: field, Clue: field, Case: field });
