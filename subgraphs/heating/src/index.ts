import { runStandalone } from '@civicgraph/platform';
import { subgraph } from './server.ts';

await runStandalone(subgraph);
