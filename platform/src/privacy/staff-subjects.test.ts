import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { Role, type Identity } from '../auth/identity.ts';
import { actorFor, actorsFor, STAFF_ACTOR, type ActorView } from './staff-subjects.ts';

const names = new DataLoader<string, string | null>(async (ids) => ids.map((id) => (id === 'th-housing' ? '通化市住建局' : null)));
const as = (roles: Role[], subject: string | null = 'someone'): ActorView => ({ identity: { subject, agency: null, roles, scopes: [] } as Identity, names });

describe('staff subjects as each caller sees them', () => {
  it('keeps the subject for the roles that work on appeals', async () => {
    for (const role of [Role.HOTLINE_AGENT, Role.HANDLER, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN]) {
      expect(await actorFor(as([role]), 'handler:wang', 'th-housing')).toBe('handler:wang');
    }
  });

  it('shows anonymous callers, citizens, dashboards and integrators the agency, or "staff" without one', async () => {
    for (const view of [as([], null), as([Role.CITIZEN]), as([Role.DASHBOARD]), as([Role.INTEGRATOR])]) {
      expect(await actorFor(view, 'handler:wang', 'th-housing')).toBe('通化市住建局');
      expect(await actorFor(view, 'handler:wang', null)).toBe(STAFF_ACTOR);
      expect(await actorFor(view, 'handler:wang', 'no-such-agency')).toBe(STAFF_ACTOR);
      expect(await actorFor(view, 'citizen', 'th-housing')).toBe('citizen');
    }
  });

  it('maps a whole timeline, leaving the other fields alone', async () => {
    const timeline = [{ actor: 'citizen', agencyId: null, note: 'a' }, { actor: 'staff:th', agencyId: 'th-housing', note: 'b' }];
    expect(await actorsFor(as([Role.CITIZEN]), timeline)).toEqual([{ actor: 'citizen', agencyId: null, note: 'a' }, { actor: '通化市住建局', agencyId: 'th-housing', note: 'b' }]);
  });
});
