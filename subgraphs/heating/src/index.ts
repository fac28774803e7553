import { runStandalone } from '@civicgraph/platform';
import { SUBGRAPHS } from '@civicgraph/schema';
import { subgraph } from './server.ts';

/** The port in the composition list once heating is in it; 4106 until then. */
const port = (SUBGRAPHS as readonly { name: string; port: number }[]).find((s) => s.name === subgraph.name)?.port ?? 4106;
await runStandalone(subgraph, port);
