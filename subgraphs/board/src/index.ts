import { runStandalone } from '@civicgraph/platform';
import { SUBGRAPHS } from '@civicgraph/schema';
import { subgraph } from './server.ts';

await runStandalone(subgraph, SUBGRAPHS.find((s) => s.name === subgraph.name)!.port);
