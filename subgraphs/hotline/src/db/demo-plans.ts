import type { Satisfaction, SeededRandom as Random } from '@civicgraph/platform';
import { pickRule } from '../domain/routing.ts';
import { DISSATISFIED_LEVELS, SATISFIED_LEVELS } from './demo-text.ts';
import { GOVERNOR_HOTLINE, PREFECTURES } from './reference.ts';
import type { CategoryRow, RoutingRuleRow } from './tables.ts';

/*
 * What the demo volume is made of, before any row is built: which hotline took each call, about
 * what and where, when, and how far its ticket gets. Deterministic for a given seed.
 */

const DAY = 86_400_000;
export const HOUR = 3_600_000;
const YEAR_START = Date.parse('2022-01-01T00:00:00+08:00');
const LAST_CALL = Date.parse('2022-12-30T20:00:00+08:00');
/** Share of calls about a problem just called in by someone else (the digest's repeated complaints). */
const ECHO_SHARE = 0.12;

/**
 * The Changchun mayor's hotline (12345): its tickets are routed by the rules to Changchun's
 * departments like any other. The office's own 2022 assignments in the demo are the article's 6,347
 * Internet + Supervision messages (the supervision subgraph), so it resolves no call itself here.
 */
export const CHANGCHUN_HOTLINE = 'cc-mayor-hotline';

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

export class Planner {
  private readonly leavesByDomain = new Map<string, CategoryRow[]>();
  private readonly categories: Map<string, CategoryRow>;
  private readonly domains: string[];

  constructor(
    private readonly rnd: Random,
    categories: readonly CategoryRow[],
    private readonly rules: readonly RoutingRuleRow[],
  ) {
    this.categories = new Map(categories.map((c) => [c.id, c]));
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
   * The year's tickets: `changchun` on the Changchun mayor's hotline, then `others` on 96118 and the
   * other mayors' hotlines, across prefectures, categories and states. Merge targets are indexes
   * into the returned list.
   */
  year(changchun: number, others: number): TicketPlan[] {
    const plans: TicketPlan[] = [];
    const recentByPlace = new Map<string, number[]>();
    const cc = PREFECTURES.find((p) => p.prefix === 'cc')!;
    const mayors = PREFECTURES.filter((p) => p !== cc);
    for (let i = 0; i < changchun; i++) plans.push(this.plan(plans, recentByPlace, { hotlineId: CHANGCHUN_HOTLINE, prefecture: cc, provinceWide: false, resolvesCalls: false }));
    for (let i = 0; i < others; i++) {
      const governor = this.rnd.chance(0.6);
      const prefecture = governor ? this.rnd.pick(PREFECTURES) : this.rnd.pick(mayors);
      const hotlineId = governor ? GOVERNOR_HOTLINE : `${prefecture.prefix}-mayor-hotline`;
      plans.push(this.plan(plans, recentByPlace, { hotlineId, prefecture, provinceWide: governor && this.rnd.chance(0.05), resolvesCalls: true }));
    }
    return plans;
  }

  /** One ticket's plan; `resolvesCalls`: the hotline's own office may resolve it on the call (assigned to itself). */
  private plan(
    plans: readonly TicketPlan[],
    recentByPlace: Map<string, number[]>,
    o: { hotlineId: string; prefecture: (typeof PREFECTURES)[number]; provinceWide: boolean; resolvesCalls: boolean },
  ): TicketPlan {
    const { hotlineId, prefecture, provinceWide } = o;
    // Some calls are about a problem someone else has just called in about: same category, same place, days later.
    const echoed = this.rnd.chance(ECHO_SHARE) ? this.recentOn(plans, hotlineId) : null;
    const regionCode = echoed?.regionCode ?? (provinceWide ? '220000' : this.rnd.chance(0.7) ? this.rnd.pick(prefecture.counties) : prefecture.code);
    const submittedAt = echoed ? new Date(Math.min(echoed.submittedAt.getTime() + this.rnd.between(2, 96) * HOUR, LAST_CALL)) : this.callTime(0, 361);
    const month = submittedAt.getUTCMonth() + 1;
    const category = echoed ? this.categories.get(echoed.categoryId)! : this.category(month);
    const agencyId = this.route(category.id, regionCode);
    const recent = submittedAt.getTime() > Date.parse('2022-12-12T00:00:00+08:00');
    const fcr = o.resolvesCalls && this.rnd.chance(0.1);
    const roll = this.rnd.next();
    const place = `${category.id}|${regionCode}`;
    const earlier = (recentByPlace.get(place) ?? []).filter((j) => submittedAt.getTime() - plans[j]!.submittedAt.getTime() < 30 * DAY && plans[j]!.submittedAt < submittedAt);
    const mergeInto = !fcr && roll < 0.04 && earlier.length ? earlier[earlier.length - 1]! : null;
    const reopened = this.rnd.chance(0.06);
    recentByPlace.set(place, [...(recentByPlace.get(place) ?? []), plans.length]);
    return {
      hotlineId,
      regionCode,
      categoryId: category.id,
      urgent: this.rnd.chance(0.04),
      submittedAt,
      agencyId: fcr ? hotlineId : agencyId,
      wrongAgencyFirst: !fcr && this.rnd.chance(0.04) ? this.wrongAgency(prefecture.prefix, provinceWide, agencyId) : null,
      firstContactResolution: fcr,
      rejected: !fcr && mergeInto === null && roll > 0.975,
      mergeInto,
      sentBack: this.rnd.chance(0.04),
      lateReply: this.rnd.chance(0.1),
      visits: fcr ? [this.satisfied()] : reopened ? [this.dissatisfied(), this.rnd.chance(0.7) ? this.satisfied() : this.dissatisfied()] : [this.rnd.chance(0.9) ? this.satisfied() : this.dissatisfied()],
      // Recent tickets stop anywhere along the way; a few older ones got stuck with the agency (overdue).
      stopAfter: fcr ? null : recent ? this.rnd.int(0, 8) : this.rnd.chance(0.03) ? this.rnd.int(2, 3) : null,
    };
  }

  /** One of the latest plans on this hotline, if any. */
  private recentOn(plans: readonly TicketPlan[], hotlineId: string): TicketPlan | null {
    const recent = plans.slice(-60).filter((p) => p.hotlineId === hotlineId);
    return recent.length ? this.rnd.pick(recent) : null;
  }

  /** Where a ticket first goes by mistake, to come back as not that agency's remit; never a mayor's hotline office. */
  private wrongAgency(prefix: string, provinceWide: boolean, rightAgency: string): string {
    if (provinceWide) return 'jl-drc';
    const office = `${prefix}-gov-office`;
    return rightAgency === office ? `${prefix}-housing` : office;
  }
}
