import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { invalidInput, isRegionCode, notFound, regionPrefix, requireDirectory, requireText } from '@civicgraph/platform';
import { inspectionCampaigns, inspectionFindings, type CampaignRow, type FindingRow, type TeamMember } from '../db/tables.ts';
import { isUuid, LIMITS, type Actor } from './common.ts';

export interface CampaignInput {
  name: string;
  organizerAgencyId: string;
  team: { name: string; role: string; agencyId?: string | null }[];
  regionCodes: string[];
  startsAt: Date;
  endsAt: Date;
}

export interface FindingInput {
  regionCode: string;
  agencyId?: string | null;
  summary: string;
  rectificationRequired?: boolean | null;
}

const MAX_TEAM = 50;
const MAX_REGIONS = 100;

function validDate(field: string, value: Date): Date {
  if (Number.isNaN(value.getTime())) throw invalidInput(field, 'is not a valid date-time');
  return value;
}

/** Records an inspection campaign; past campaigns can be recorded too, so the period may lie in the past. */
export async function createInspectionCampaign(who: Actor, input: CampaignInput, id: string = randomUUID()): Promise<CampaignRow> {
  const name = requireText('input.name', input.name, { max: LIMITS.title });
  const startsAt = validDate('input.startsAt', input.startsAt);
  const endsAt = validDate('input.endsAt', input.endsAt);
  if (endsAt <= startsAt) throw invalidInput('input.endsAt', 'must be after startsAt');
  if (input.team.length === 0) throw invalidInput('input.team', 'must name at least one member');
  if (input.team.length > MAX_TEAM) throw invalidInput('input.team', `must have at most ${MAX_TEAM} members`);
  const team: TeamMember[] = input.team.map((m, i) => ({
    name: requireText(`input.team[${i}].name`, m.name, { max: LIMITS.name }),
    role: requireText(`input.team[${i}].role`, m.role, { max: LIMITS.name }),
    agencyId: m.agencyId ?? null,
  }));
  const regionCodes = [...new Set(input.regionCodes)];
  if (regionCodes.length === 0) throw invalidInput('input.regionCodes', 'must name at least one region');
  if (regionCodes.length > MAX_REGIONS) throw invalidInput('input.regionCodes', `must name at most ${MAX_REGIONS} regions`);
  const malformed = regionCodes.find((c) => !isRegionCode(c));
  if (malformed) throw invalidInput('input.regionCodes', `${JSON.stringify(malformed)} is not a six-digit administrative code`);
  return who.db.transaction(async (tx) => {
    await requireDirectory(tx, {
      regions: regionCodes.map((code) => ({ field: 'input.regionCodes', code })),
      agencies: [
      { field: 'input.organizerAgencyId', id: input.organizerAgencyId },
        ...team.flatMap((m, i) => (m.agencyId ? [{ field: `input.team[${i}].agencyId`, id: m.agencyId }] : [])),
      ],
    });
    const [row] = await tx
      .insert(inspectionCampaigns)
      .values({
        id, name, organizerAgencyId: input.organizerAgencyId, team, regionCodes, startsAt, endsAt,
        createdAt: who.clock.now(), createdBy: who.actor,
      })
      .returning();
    return row!;
  });
}

/** A finding must be about one of the campaign's regions (or a region below one). */
export async function addInspectionFinding(who: Actor, campaignId: string, input: FindingInput): Promise<FindingRow> {
  const summary = requireText('input.summary', input.summary, { max: LIMITS.content });
  if (!isRegionCode(input.regionCode)) throw invalidInput('input.regionCode', 'must be a six-digit administrative code');
  if (!isUuid(campaignId)) throw notFound('InspectionCampaign', campaignId);
  return who.db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(inspectionCampaigns).where(eq(inspectionCampaigns.id, campaignId));
    if (!campaign) throw notFound('InspectionCampaign', campaignId);
    if (!campaign.regionCodes.some((code) => regionPrefix(input.regionCode).startsWith(regionPrefix(code)))) {
      throw invalidInput('input.regionCode', `region ${input.regionCode} is not covered by campaign "${campaign.name}"`);
    }
    await requireDirectory(tx, {
      regions: [{ field: 'input.regionCode', code: input.regionCode }],
      agencies: input.agencyId ? [{ field: 'input.agencyId', id: input.agencyId }] : [],
    });
    const [row] = await tx
      .insert(inspectionFindings)
      .values({
        id: randomUUID(), campaignId, regionCode: input.regionCode, agencyId: input.agencyId ?? null, summary,
        rectificationRequired: input.rectificationRequired ?? false, recordedAt: who.clock.now(), recordedBy: who.actor,
      })
      .returning();
    return row!;
  });
}
