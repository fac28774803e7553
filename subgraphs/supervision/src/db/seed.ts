import { count } from 'drizzle-orm';
import type { DemoProgress, Services } from '@civicgraph/platform';
import { generateClues, writeGeneratedClues } from './demo-bulk.ts';
import { CHANGCHUN_GENERATED, generateChangchunClues } from './demo-changchun.ts';
import { seedCampaigns, seedStories } from './demo-stories.ts';
import { clues } from './tables.ts';

/**
 * Demo data, written once while there are no clues: ~1,500 generated clues over every state and
 * prefecture plus 6,346 of the article's 6,347 Changchun clues handled by the mayor's hotline office
 * (both set-based, numbered together in time order), the article's Changchun heating clue (the
 * 6,347th, which the office forwards to the district itself) and an important
 * clue with a supervision order (through the domain functions, so their timelines and events are
 * real), and the July–August 2022 inspections.
 */
export async function seedDemoSupervision(
  services: Services,
  { generated = 1500, changchun = CHANGCHUN_GENERATED, progress }: { generated?: number; changchun?: number; progress?: DemoProgress } = {},
): Promise<void> {
  const { db } = services.database;
  const [existing] = await db.select({ n: count() }).from(clues);
  if (Number(existing?.n) > 0) return;
  await db.transaction(async (tx) => {
    await writeGeneratedClues(tx, [...generateClues({ count: generated }), ...generateChangchunClues({ count: changchun })], progress);
    await seedStories(tx);
    await seedCampaigns(tx);
  });
}
