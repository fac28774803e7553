import { runStandalone } from '@civicgraph/platform';
import { subgraph } from './server.ts';

/** The hotline's default port; PORT overrides it (see runStandalone). */
const HOTLINE_PORT = 4103;

await runStandalone(subgraph, HOTLINE_PORT);
