/** Entity references to types other subgraphs own; the gateway fetches their fields from the owner. */
export const agencyRef = (id: string | null) => (id ? { __typename: 'Agency', id } : null);
export const regionRef = (code: string) => ({ __typename: 'Region', code });
