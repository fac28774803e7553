/**
 * The composition list. Adding a department subgraph = copying a folder under subgraphs/ and adding
 * one line here. Order matters only for start-up: migrations and demo data run top to bottom, so
 * the agency directory comes first.
 */
export const SUBGRAPHS = [
  { name: 'agencies', port: 4101 },
  { name: 'board', port: 4102 },
  { name: 'hotline', port: 4103 },
  { name: 'supervision', port: 4104 },
  { name: 'housing', port: 4105 },
  { name: 'heating', port: 4106 },
] as const satisfies readonly { name: string; port: number }[];

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
