import { count } from 'drizzle-orm';
import type { Services } from '@civicgraph/platform';
import { seedGeneratedClues } from './demo-bulk.ts';
import { seedCampaigns, seedStories } from './demo-stories.ts';
import { clues } from './tables.ts';

/**
 * Demo data, written once while there are no clues: ~1,500 generated clues (set-based), the
 * article's Changchun heating clue and an important clue with a supervision order (through the
 * domain functions, so their timelines and events are real), and the July–August 2022 inspections.
 */
export async function seedDemoSupervision(services: Services, { generated = 1500 } = {}): Promise<void> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(clues);
  if (Number(existing?.n) > 0) return;
  await db.transaction(async (tx) => {
    await seedGeneratedClues(tx, { count: generated });
    await seedStories(tx);
    await seedCampaigns(tx);
  });
}
