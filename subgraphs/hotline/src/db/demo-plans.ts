import type { Satisfaction } from '@civicgraph/platform';
import { pickRule } from '../domain/routing.ts';
import { DISSATISFIED_LEVELS, SATISFIED_LEVELS, type Random } from './demo-text.ts';
import { GOVERNOR_HOTLINE, PREFECTURES } from './reference.ts';
import type { CategoryRow, RoutingRuleRow } from './tables.ts';

/*
 * What the demo volume is made of, before any row is built: which hotline took each call, about
 * what and where, when, and how far its ticket gets. Deterministic for a given seed.
 */

const DAY = 86_400_000;
export const HOUR = 3_600_000;
const YEAR_START = Date.parse('2022-01-01T00:00:00+08:00');

/** The article: the Changchun mayor's hotline office was assigned 6,347 messages in 2022. */
export const CHANGCHUN_2022 = 6347;
export const CHANGCHUN_HOTLINE = 'cc-mayor-hotline';
/** Final dissatisfied share of Changchun's tickets: 12%, so satisfaction stays above 85% however it is counted. */
const CHANGCHUN_DISSATISFIED = 762;
const CHANGCHUN_REOPENED_STILL_DISSATISFIED = 40;
const CHANGCHUN_REOPENED_THEN_SATISFIED = 60;

export interface TicketPlan {
  hotlineId: string;
  regionCode: string;
  categoryId: string;
  urgent: boolean;
  submittedAt: Date;
  /** The agency it is assigned to; wrongAgencyFirst: assigned there first, returned, then reassigned here. */
  agencyId: string;
  wrongAgencyFirst: string | null;
  firstContactResolution: boolean;
  rejected: boolean;
  /** Merged as a repeated request into the plan at this index (an earlier one, same category and place). */
  mergeInto: number | null;
  sentBack: boolean;
  lateReply: boolean;
  /** Satisfaction at each return visit: a dissatisfied one that is not the last means it was reopened. */
  visits: Satisfaction[];
  /** Steps after opening that happen (null: all): recent tickets are still on their way. */
  stopAfter: number | null;
}

const SEASONAL: Record<string, (month: number) => number> = {
  heating: (m) => (m <= 3 || m >= 10 ? 12 : 0.3),
  agriculture: (m) => (m >= 5 && m <= 9 ? 6 : 1),
  water: (m) => (m >= 6 && m <= 8 ? 5 : 3),
  power: (m) => (m >= 6 && m <= 8 ? 4 : 2),
  health: (m) => (m >= 3 && m <= 5 ? 8 : 3),
  'city-management': (m) => (m <= 2 || m === 12 ? 6 : 3),
};
const BASE_WEIGHT: Record<string, number> = { housing: 6, 'urban-construction': 6, transport: 4, 'social-security': 4, labour: 3, market: 3, environment: 3 };
const HOUSING_DOMAINS = ['heating', 'urban-construction', 'housing'];

export class Planner {
  private readonly leavesByDomain = new Map<string, CategoryRow[]>();
  private readonly domains: string[];

  constructor(
    private readonly rnd: Random,
    categories: readonly CategoryRow[],
    private readonly rules: readonly RoutingRuleRow[],
  ) {
    for (const c of categories) if (c.parentId) this.leavesByDomain.set(c.parentId, [...(this.leavesByDomain.get(c.parentId) ?? []), c]);
    this.domains = [...this.leavesByDomain.keys()];
  }

  /** A category for a call in `month`, weighted by season; only from `domains` when given. */
  category(month: number, domains: readonly string[] = this.domains): CategoryRow {
    const domain = this.rnd.weighted(domains.map((d) => [d, SEASONAL[d]?.(month) ?? BASE_WEIGHT[d] ?? 2] as const));
    return this.rnd.pick(this.leavesByDomain.get(domain)!);
  }

  /** A call time on a day between `fromDay` and `toDay` (days of 2022), mostly in the daytime (CST). */
  callTime(fromDay: number, toDay: number): Date {
    const day = this.rnd.int(fromDay, toDay);
    const hour = this.rnd.weighted([[0, 1], [6, 2], [8, 10], [10, 10], [13, 9], [15, 8], [18, 5], [20, 3], [22, 1]] as const);
    return new Date(YEAR_START + day * DAY + (hour + this.rnd.next() * 2) * HOUR);
  }

  private route(categoryId: string, regionCode: string): string {
    const rule = pickRule(this.rules, categoryId, regionCode);
    if (!rule) throw new Error(`demo data: no routing rule for ${categoryId} in ${regionCode}`);
    return rule.agencyId;
  }

  private satisfied = () => this.rnd.weighted(SATISFIED_LEVELS);
  private dissatisfied = () => this.rnd.weighted(DISSATISFIED_LEVELS);

  /**
   * Changchun's 6,347: all assigned to the mayor's hotline office (which coordinates the bureaus
   * itself), all closed after a return visit; exactly 762 end dissatisfied (40 of them after a
   * reopening), 60 more were reopened and then satisfied.
   */
  changchun(): TicketPlan[] {
    const fates = this.rnd.shuffle(Array.from({ length: CHANGCHUN_2022 }, (_, i) => i));
    const fateOf = new Map<number, Satisfaction[]>();
    fates.forEach((ticket, rank) => {
      if (rank < CHANGCHUN_DISSATISFIED - CHANGCHUN_REOPENED_STILL_DISSATISFIED) fateOf.set(ticket, [this.dissatisfied()]);
      else if (rank < CHANGCHUN_DISSATISFIED) fateOf.set(ticket, [this.dissatisfied(), this.dissatisfied()]);
      else if (rank < CHANGCHUN_DISSATISFIED + CHANGCHUN_REOPENED_THEN_SATISFIED) fateOf.set(ticket, [this.dissatisfied(), this.satisfied()]);
      else fateOf.set(ticket, [this.satisfied()]);
    });
    const changchun = PREFECTURES.find((p) => p.prefix === 'cc')!;
    return Array.from({ length: CHANGCHUN_2022 }, (_, i) => {
      const submittedAt = this.callTime(0, 352);
      const visits = fateOf.get(i)!;
      const category = this.category(submittedAt.getUTCMonth() + 1);
      return {
        hotlineId: CHANGCHUN_HOTLINE,
        regionCode: this.rnd.chance(0.85) ? this.rnd.pick(changchun.counties) : changchun.code,
        categoryId: category.id,
        urgent: this.rnd.chance(0.03),
        submittedAt,
        agencyId: CHANGCHUN_HOTLINE,
        wrongAgencyFirst: null,
        firstContactResolution: visits.length === 1 && !this.isDissatisfiedVisit(visits[0]!) && this.rnd.chance(0.08),
        rejected: false,
        mergeInto: null,
        sentBack: this.rnd.chance(0.03),
        lateReply: this.rnd.chance(0.05),
        visits,
        stopAfter: null,
      };
    });
  }

  private isDissatisfiedVisit = (s: Satisfaction) => s === 'DISSATISFIED' || s === 'VERY_DISSATISFIED';

  /**
   * Everything else: 96118 and the other mayors' hotlines over all of 2022, across prefectures,
   * categories and states. Changchun places appear only with housing matters here, which route to
   * the housing bureaus, so the mayor's hotline office's 2022 count stays the article's.
   */
  others(total: number): TicketPlan[] {
    const plans: TicketPlan[] = [];
    const recentByPlace = new Map<string, number[]>();
    const mayors = PREFECTURES.filter((p) => p.prefix !== 'cc');
    for (let i = 0; i < total; i++) {
      const governor = this.rnd.chance(0.6);
      const prefecture = governor ? this.rnd.pick(PREFECTURES) : this.rnd.pick(mayors);
      const hotlineId = governor ? GOVERNOR_HOTLINE : `${prefecture.prefix}-mayor-hotline`;
      const provinceWide = governor && this.rnd.chance(0.05);
      const regionCode = provinceWide ? '220000' : this.rnd.chance(0.7) ? this.rnd.pick(prefecture.counties) : prefecture.code;
      const submittedAt = this.callTime(0, 361);
      const month = submittedAt.getUTCMonth() + 1;
      const category = this.category(month, prefecture.prefix === 'cc' && !provinceWide ? HOUSING_DOMAINS : undefined);
      const agencyId = this.route(category.id, regionCode);
      const recent = submittedAt.getTime() > Date.parse('2022-12-12T00:00:00+08:00');
      const fcr = this.rnd.chance(0.1);
      const roll = this.rnd.next();
      const place = `${category.id}|${regionCode}`;
      const earlier = (recentByPlace.get(place) ?? []).filter((j) => submittedAt.getTime() - plans[j]!.submittedAt.getTime() < 30 * DAY && plans[j]!.submittedAt < submittedAt);
      const mergeInto = !fcr && roll < 0.04 && earlier.length ? earlier[earlier.length - 1]! : null;
      const reopened = this.rnd.chance(0.06);
      plans.push({
        hotlineId,
        regionCode,
        categoryId: category.id,
        urgent: this.rnd.chance(0.04),
        submittedAt,
        agencyId: fcr ? hotlineId : agencyId,
        wrongAgencyFirst: !fcr && this.rnd.chance(0.04) ? (prefecture.prefix === 'cc' || provinceWide ? 'jl-drc' : `${prefecture.prefix}-gov-office`) : null,
        firstContactResolution: fcr,
        rejected: !fcr && mergeInto === null && roll > 0.975,
        mergeInto,
        sentBack: this.rnd.chance(0.04),
        lateReply: this.rnd.chance(0.1),
        visits: fcr ? [this.satisfied()] : reopened ? [this.dissatisfied(), this.rnd.chance(0.7) ? this.satisfied() : this.dissatisfied()] : [this.rnd.chance(0.9) ? this.satisfied() : this.dissatisfied()],
        // Recent tickets stop anywhere along the way; a few older ones got stuck with the agency (overdue).
        stopAfter: fcr ? null : recent ? this.rnd.int(0, 8) : this.rnd.chance(0.03) ? this.rnd.int(2, 3) : null,
      });
      recentByPlace.set(place, [...(recentByPlace.get(place) ?? []), i]);
    }
    return plans;
  }
}
