import { runStandalone } from '@civicgraph/platform';
import { SUBGRAPHS } from '@civicgraph/schema';
import { subgraph } from './server.ts';

const listed = (SUBGRAPHS as readonly { name: string; port: number }[]).find((s) => s.name === subgraph.name);
await runStandalone(subgraph, listed?.port ?? 4104);
