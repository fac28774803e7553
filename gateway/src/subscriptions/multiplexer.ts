import type { DocumentNode, ExecutionResult } from 'graphql';
import { comparePositions, decodeEventCursor, PushQueue, type EventPosition } from '@civicgraph/platform';
import { CURSOR_ALIAS, type SharingPlan } from './plan.ts';

type Results = AsyncIterable<ExecutionResult>;
/** Starts one upstream execution of `document` (as the access class's representative identity). */
export type StartSubscription = (document: DocumentNode, variables: Record<string, unknown>) => Promise<Results | ExecutionResult>;

/** An event as the gateway resolved it once, with its position in the event log. */
interface Resolved {
  result: ExecutionResult;
  position: EventPosition | undefined;
}

/**
 * Subscribers whose operations would produce the same results — the same document and variables
 * (the resume cursor aside) and the same access class — share one upstream subscription and one
 * resolution of every event; each result is then handed to every member.
 *
 * Live subscribers (no `after`) share a live group. Subscribers with `after` (a feed started from
 * `eventCursor`, or resuming) join a group that still carries every event after their cursor —
 * the last event it passed on, or where it started, is at or before it — as they are. Otherwise
 * they join the live group, once it has passed an event on, with a replay of their own first (then
 * move onto the shared stream at the first event both carry, so they see no gap and no duplicate),
 * or a group started from a cursor, opening one from theirs if there is none: the next such
 * subscribers share it. Live subscribers never join a group started from a cursor: it may still
 * be replaying what came before they subscribed.
 */
export class SubscriptionMultiplexer {
  private readonly opening = new Map<string, Promise<Group | ExecutionResult>>();
  private readonly settled = new Map<string, Group>();

  /** How many shared upstream subscriptions are open, and how many subscribers they serve. */
  get stats(): { groups: number; members: number } {
    let members = 0;
    for (const group of this.settled.values()) members += group.members.size;
    return { groups: this.settled.size, members };
  }

  async subscribe(plan: SharingPlan, accessClass: string, start: StartSubscription): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const keyOf = (kind: 'live' | 'from') => JSON.stringify([plan.key, accessClass, kind]);
    const after = plan.after ? decodeEventCursor(plan.after) : undefined;
    const live = this.settled.get(keyOf('live'));
    const fromKey = keyOf('from');
    const group =
      !after ? await this.join(keyOf('live'), () => start(plan.sharedDocument, plan.sharedVariables), undefined, plan.responseKey)
      : live?.moving && (live.carriesAfter(after) || !this.opening.has(fromKey)) ? live
      : await this.join(fromKey, () => start(plan.ownDocument, plan.ownVariables), after, plan.responseKey);
    if (!(group instanceof Group)) return group;
    const replay = after !== undefined && !group.carriesAfter(after);
    const member = new Member(group, after, replay);
    if (replay) member.replay(await start(plan.ownDocument, plan.ownVariables), plan.responseKey);
    return member.queue;
  }

  /** The group under `key`, opened with `open` (starting at `from`, when given) if there is none. */
  private join(key: string, open: () => ReturnType<StartSubscription>, from: EventPosition | undefined, responseKey: string): Promise<Group | ExecutionResult> {
    let pending = this.opening.get(key);
    if (!pending) {
      pending = this.open(key, open, from, responseKey);
      this.opening.set(key, pending);
    }
    return pending;
  }

  private async open(key: string, open: () => ReturnType<StartSubscription>, from: EventPosition | undefined, responseKey: string): Promise<Group | ExecutionResult> {
    let source: Results | ExecutionResult;
    try {
      source = await open();
    } catch (error) {
      this.opening.delete(key);
      throw error;
    }
    if (!(Symbol.asyncIterator in source)) {
      // Refused (an error result): every subscriber of this class would be refused alike; the next one asks again.
      this.opening.delete(key);
      return source;
    }
    const group = new Group(source, responseKey, from, () => {
      this.opening.delete(key);
      this.settled.delete(key);
    });
    this.settled.set(key, group);
    return group;
  }
}

class Group {
  readonly members = new Set<Member>();
  private readonly iterator: AsyncIterator<ExecutionResult>;
  /** The last event passed on to the members. */
  private passed: EventPosition | undefined;

  constructor(
    source: Results,
    private readonly responseKey: string,
    /** Where the upstream subscription started (its `after`); unknown for a live one. */
    private readonly from: EventPosition | undefined,
    private readonly onEnd: () => void,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    void this.pump();
  }

  /**
   * Whether every event after `position` is still to come through this group: the last event it
   * passed on (or, before any, where it started) is at or before `position`. A live group that has
   * passed nothing on does not know where it stands.
   */
  /** Whether it has passed an event on (so a subscriber replaying on it meets the shared stream soon). */
  get moving(): boolean {
    return this.passed !== undefined;
  }

  carriesAfter(position: EventPosition): boolean {
    const frontier = this.passed ?? this.from;
    return frontier !== undefined && comparePositions(frontier, position) <= 0;
  }

  add(member: Member): void {
    // The upstream subscription may have ended while this member was on its way in.
    if (this.ended) return void member.queue.return();
    this.members.add(member);
  }

  remove(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) this.end();
  }

  private ended = false;
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    void this.iterator.return?.();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.iterator.next();
        if (next.done || this.ended) break;
        const resolved = takeCursor(next.value, this.responseKey);
        if (resolved.position) this.passed = resolved.position;
        for (const member of this.members) member.fromShared(resolved);
      }
      for (const member of this.members) member.queue.return();
    } catch (error) {
      for (const member of this.members) member.queue.fail(error);
    } finally {
      this.end();
    }
  }
}

class Member {
  readonly queue: PushQueue<ExecutionResult>;
  /** The last event delivered (or the resume point): shared events at or before it are not delivered again. */
  private last: EventPosition | undefined;
  /** Shared events held while the member's own replay catches up. */
  private held: Resolved[] | undefined;
  private own: AsyncIterator<ExecutionResult> | undefined;

  /** `replay`: the group does not carry everything after `after`, so the member's own replay comes first. */
  constructor(private readonly group: Group, after: EventPosition | undefined, replay: boolean) {
    this.last = after;
    this.held = replay ? [] : undefined;
    this.queue = new PushQueue<ExecutionResult>(() => {
      void this.own?.return?.();
      group.remove(this);
    });
    group.add(this);
  }

  fromShared(event: Resolved): void {
    if (event.position && this.last && comparePositions(event.position, this.last) <= 0) return;
    if (this.held) return void this.held.push(event);
    this.deliver(event);
  }

  /** Delivers the member's own replay until it reaches the first shared event held, or the group carries what follows; then switches. */
  replay(source: Results | ExecutionResult, responseKey: string): void {
    if (!(Symbol.asyncIterator in source)) {
      this.queue.push(source);
      void this.queue.return();
      return;
    }
    const own = source[Symbol.asyncIterator]();
    this.own = own;
    void (async () => {
      try {
        while (this.held && !this.queue.closed) {
          const next = await own.next();
          if (next.done) return void this.queue.return();
          const event = takeCursor(next.value, responseKey);
          if (event.position && this.last && comparePositions(event.position, this.last) <= 0) continue;
          this.deliver(event);
          // Caught up with what the group holds for it, or the group has passed on nothing past this
          // event (what the shared stream sent meanwhile was dropped as delivered): the rest comes shared.
          const first = this.held[0];
          const caughtUp = first?.position && event.position && comparePositions(event.position, first.position) >= 0;
          if (caughtUp || (this.last && this.group.carriesAfter(this.last))) this.switchToShared();
        }
      } catch (error) {
        this.queue.fail(error);
      }
    })();
  }

  private switchToShared(): void {
    const held = this.held ?? [];
    this.held = undefined;
    void this.own?.return?.();
    this.own = undefined;
    for (const event of held) this.fromShared(event);
  }

  private deliver(event: Resolved): void {
    if (event.position) this.last = event.position;
    this.queue.push(event.result);
  }
}

/** Reads and removes the cursor alias from a result (a new object: the result is shared by every member). */
function takeCursor(result: ExecutionResult, responseKey: string): Resolved {
  const root = result.data?.[responseKey] as Record<string, unknown> | null | undefined;
  if (!root || typeof root[CURSOR_ALIAS] !== 'string') return { result, position: undefined };
  const { [CURSOR_ALIAS]: cursor, ...rest } = root;
  return { result: { ...result, data: { ...result.data, [responseKey]: rest } }, position: decodeEventCursor(cursor as string) };
}
