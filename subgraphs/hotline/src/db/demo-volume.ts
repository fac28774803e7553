import { randomUUID } from 'node:crypto';
import { chinaDate, isDissatisfied, type AppealAction, type SeededRandom as Random } from '@civicgraph/platform';
import { deadlineClassFor, dueAtFor, type DeadlineClass, type DeadlineRule } from '../domain/deadlines.ts';
import { resolveOnCall } from '../domain/first-contact.ts';
import { changes, openedRow, TicketHistory, type CategoryLabel, type TicketChanges } from '../domain/ticket-model.ts';
import { ANSWERS, agentName, callerName, complaint, COMPLAINTS, phoneNumber, placeOf, PRAISE, REPLIES } from './demo-text.ts';
import { HOUR, type TicketPlan } from './demo-plans.ts';
import type { CallRow, CategoryRow, HotlineRow, SeatRow, ShiftRow } from './tables.ts';

/*
 * Turns plans into rows: the shifts the calls were taken on, the calls, and each ticket's full
 * history built step by step under the lifecycle rules (TicketHistory), with the same timeline rows
 * and AppealTransitioned payloads the live mutations write.
 */

const MINUTE = 60_000;
/**
 * A ticket resolved on the call opens this long before the call ends (its seven steps a second
 * apart): the earliest any ticket's events start, counted from its plan's time.
 */
export const FIRST_CONTACT_LEAD_MS = 7 * 1000;
const SHIFT_HOURS = 8;
/** Each seat is worked by four crews in turn, three eight-hour shifts a day (24×7). */
const CREWS = 4;

export interface VolumeContext {
  rnd: Random;
  hotlines: ReadonlyMap<string, HotlineRow>;
  seatsByHotline: ReadonlyMap<string, readonly SeatRow[]>;
  categories: ReadonlyMap<string, CategoryRow>;
  deadlineRules: ReadonlyMap<string, DeadlineRule>;
}

export class VolumeBuilder {
  /** Every shift so far, by seat, day and slot: later calls are taken on the same shifts. */
  private readonly shifts = new Map<string, ShiftRow>();
  // What was built since the last take(), in the order built: written, then let go.
  private newShifts: ShiftRow[] = [];
  private calls: CallRow[] = [];
  private histories: TicketHistory[] = [];
  private readonly agents = new Map<string, { handle: string; name: string }[]>();

  constructor(private readonly ctx: VolumeContext) {}

  /** The shifts, calls and ticket histories built since the last take, each in the order built. */
  take(): { shifts: ShiftRow[]; calls: CallRow[]; histories: TicketHistory[] } {
    const built = { shifts: this.newShifts, calls: this.calls, histories: this.histories };
    this.newShifts = [];
    this.calls = [];
    this.histories = [];
    return built;
  }

  /** The agent on a seat at an instant, and the shift they were on (created when first needed). */
  private onShift(hotlineId: string, at: Date) {
    const seats = this.ctx.seatsByHotline.get(hotlineId)!;
    const seatIndex = this.ctx.rnd.int(0, seats.length - 1);
    const seat = seats[seatIndex]!;
    const cstHour = Number(new Date(at.getTime() + 8 * HOUR).toISOString().slice(11, 13));
    const slot = Math.floor(cstHour / SHIFT_HOURS);
    const date = chinaDate(at);
    const dayNumber = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    const pool = this.agentsOf(hotlineId, seats.length);
    const agent = pool[((dayNumber + slot) % CREWS) * seats.length + seatIndex]!;
    const key = `${seat.id}|${date}|${slot}`;
    let shift = this.shifts.get(key);
    if (!shift) {
      const startsAt = new Date(Date.parse(`${date}T00:00:00+08:00`) + slot * SHIFT_HOURS * HOUR);
      shift = { id: randomUUID(), seatId: seat.id, agentHandle: agent.handle, agentName: agent.name, startsAt, endsAt: new Date(startsAt.getTime() + SHIFT_HOURS * HOUR) };
      this.shifts.set(key, shift);
      this.newShifts.push(shift);
    }
    return { seat, shift };
  }

  private agentsOf(hotlineId: string, seats: number) {
    let pool = this.agents.get(hotlineId);
    if (!pool) {
      const short = hotlineId === 'jl-governor-hotline' ? '96118' : hotlineId.slice(0, 2);
      pool = Array.from({ length: seats * CREWS }, (_, i) => ({ handle: `agent:${short}-${String(i + 1).padStart(3, '0')}`, name: agentName(this.ctx.rnd) }));
      this.agents.set(hotlineId, pool);
    }
    return pool;
  }

  /** A call that ended at `endedAt`; returns its row (not yet linked to a ticket). */
  call(hotlineId: string, endedAt: Date, outcome: string, summary: string | null, ticketId: string | null): CallRow {
    const durationSeconds = outcome === 'DROPPED' ? this.ctx.rnd.int(3, 20) : this.ctx.rnd.int(90, 900);
    const startedAt = new Date(endedAt.getTime() - durationSeconds * 1000);
    const { seat, shift } = this.onShift(hotlineId, startedAt);
    const row: CallRow = {
      id: randomUUID(),
      hotlineId,
      seatId: seat.id,
      shiftId: shift.id,
      agentHandle: shift.agentHandle,
      startedAt,
      durationSeconds,
      callerPhone: phoneNumber(this.ctx.rnd),
      callerName: callerName(this.ctx.rnd),
      outcome,
      summary,
      ticketId,
    };
    this.calls.push(row);
    return row;
  }

  /** A ticket from its plan: the call that opened it and every step its plan reaches. */
  ticket(plan: TicketPlan, number: string, mergeTarget: { id: string; number: string } | null): TicketHistory {
    const { rnd } = this.ctx;
    const category = this.ctx.categories.get(plan.categoryId)!;
    const domain = this.ctx.categories.get(category.parentId!)!;
    const label: CategoryLabel = { id: category.id, path: `${domain.name}/${category.name}` };
    const text = complaint(rnd, domain.id, placeOf(rnd, domain.id), category.name);
    const ticketId = randomUUID();
    const call = this.call(plan.hotlineId, plan.submittedAt, plan.firstContactResolution ? 'RESOLVED_ON_CALL' : 'TICKET_OPENED', null, ticketId);
    const deadlineClass = deadlineClassFor(category.deadlineClass as DeadlineClass, plan.urgent ? 'URGENT' : 'NORMAL');
    const rule = this.ctx.deadlineRules.get(deadlineClass)!;
    const lead = plan.firstContactResolution ? FIRST_CONTACT_LEAD_MS : 0;
    const row = openedRow({
      id: ticketId,
      number,
      hotlineId: plan.hotlineId,
      callId: call.id,
      ...text,
      categoryId: category.id,
      regionCode: plan.regionCode,
      urgency: plan.urgent ? 'URGENT' : 'NORMAL',
      deadlineClass,
      submittedAt: new Date(plan.submittedAt.getTime() - lead),
      firstContactResolution: plan.firstContactResolution,
    });
    const history = new TicketHistory(row, label, call.agentHandle);
    this.histories.push(history);
    if (plan.firstContactResolution) {
      const satisfaction = plan.visits[0]!;
      return resolveOnCall(history, { actor: call.agentHandle, agencyId: plan.agencyId, answer: rnd.pick(ANSWERS), satisfaction, rule, stepMs: 1000 });
    }
    try {
      new Script(history, plan, rnd, rule, mergeTarget).play();
    } catch (stop) {
      if (stop !== STOP) throw stop;
    }
    return history;
  }
}

const STOP = Symbol('the plan stops here');
/** The province's Internet + Supervision division, whose staff are supervisors (as in the supervision demo). */
const SUPERVISION_DIVISION = 'staff:jl-gov-supervision';

/** Walks one ticket through its plan, one step at a time, each a little after the one before. */
class Script {
  private at: number;
  private dueAt = 0;
  private left: number;
  private readonly office: string;

  constructor(
    private readonly h: TicketHistory,
    private readonly plan: TicketPlan,
    private readonly rnd: Random,
    private readonly rule: DeadlineRule,
    private readonly mergeTarget: { id: string; number: string } | null,
  ) {
    this.at = h.row.submittedAt.getTime();
    this.left = plan.stopAfter ?? Number.POSITIVE_INFINITY;
    this.office = `staff:${plan.hotlineId}`;
  }

  private step(action: AppealAction, minutes: readonly [number, number], actor: string, note: string | null = null, change?: (at: Date) => TicketChanges) {
    if (this.left-- <= 0) throw STOP;
    this.at += Math.max(1, Math.round(this.rnd.between(minutes[0], minutes[1]))) * MINUTE;
    const at = new Date(this.at);
    this.h.apply(action, { actor, at, note }, change?.(at) ?? {});
  }

  play() {
    const { plan, rnd } = this;
    if (plan.rejected) return this.step('reject', [10, 120], this.office, '经核实，不属于政府职能范围，已向来电人解释');
    this.step('accept', [10, 90], this.office);
    if (this.mergeTarget) return this.step('merge', [5, 60], this.office, `重复来电，合并至 ${this.mergeTarget.number}`, () => changes.merge(this.mergeTarget!.id));
    if (plan.wrongAgencyFirst) {
      this.step('assign', [5, 60], this.office, '请核实办理', (at) => changes.assign(plan.wrongAgencyFirst!, this.due(at), plan.hotlineId));
      this.step('return', [60, 600], `staff:${plan.wrongAgencyFirst}`, '不属于本单位职责，请重新分办');
      this.step('reassign', [10, 120], this.office, null, () => changes.reassign());
    }
    const agencyStaff = `staff:${plan.agencyId}`;
    // The hotline office forwards, and so becomes the ticket's dispatching office, as assignTicket records it.
    this.step('assign', [5, 60], this.office, null, (at) => changes.assign(plan.agencyId, this.due(at), plan.hotlineId));
    this.step('acknowledge', [30, 360], agencyStaff);
    plan.visits.forEach((satisfaction, visit) => {
      if (visit > 0) this.step('reopen', [60, 240], this.office, '回访不满意，重新办理', (at) => changes.reopen(this.h.row, this.due(at)));
      this.reply(agencyStaff, visit === 0 && plan.lateReply);
      if (visit === 0 && plan.sentBack) {
        this.step('sendBackReply', [60, 480], this.office, '答复内容不完整，请补充办理情况');
        this.reply(agencyStaff, false);
      }
      this.step('approveReply', [60, 480], this.office, null, (at) => changes.approveReply(at));
      const unhappy = isDissatisfied(satisfaction);
      this.step('followUp', [720, 4320], this.office, unhappy ? rnd.pick(COMPLAINTS) : rnd.pick(PRAISE), () => changes.followUp(satisfaction));
    });
    // Still dissatisfied at the last visit: escalated, a supervisor closes it (the office may not).
    this.step('close', [10, 120], isDissatisfied(plan.visits.at(-1)) ? SUPERVISION_DIVISION : this.office);
  }

  /** The deadline of an assignment (or reopening) at `at`, remembered for the reply that follows. */
  private due(at: Date): Date {
    const due = dueAtFor(this.rule, at);
    this.dueAt = due.getTime();
    return due;
  }

  /** The agency's reply: comfortably before the deadline, or (late) some hours after it. */
  private reply(actor: string, late: boolean) {
    const before = (this.dueAt - this.at) / MINUTE;
    const minutes: [number, number] = late ? [before + 60, before + 4320] : before > 120 ? [60, before * 0.9] : [5, Math.max(6, before - 1)];
    this.step('submitReply', minutes, actor, null, (at) => changes.submitReply(this.h.row, this.rnd.pick(REPLIES), at));
  }
}
