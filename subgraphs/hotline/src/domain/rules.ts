import { eq } from 'drizzle-orm';
import { invalidInput, notFound, type Executor } from '@civicgraph/platform';
import { categories, deadlineRules, type CategoryRow, type DeadlineRuleRow } from '../db/tables.ts';
import { DEADLINE_UNITS, isDeadlineClass, type DeadlineUnit } from './deadlines.ts';

const MAX_AMOUNT: Record<DeadlineUnit, number> = { HOURS: 720, WORKING_DAYS: 60 };

/** Changes how long a deadline class gives; tickets assigned from now on get the new deadline. */
export async function setDeadlineRule(db: Executor, deadlineClass: string, unit: string, amount: number): Promise<DeadlineRuleRow> {
  if (!isDeadlineClass(deadlineClass)) throw invalidInput('deadlineClass', 'is not a deadline class');
  if (!(DEADLINE_UNITS as readonly string[]).includes(unit)) throw invalidInput('unit', `must be one of ${DEADLINE_UNITS.join(', ')}`);
  const max = MAX_AMOUNT[unit as DeadlineUnit];
  if (!Number.isInteger(amount) || amount < 1 || amount > max) throw invalidInput('amount', `must be a whole number from 1 to ${max}`);
  const [row] = await db.update(deadlineRules).set({ unit, amount }).where(eq(deadlineRules.deadlineClass, deadlineClass)).returning();
  if (!row) throw notFound('DeadlineRule', deadlineClass);
  return row;
}

/** Moves a category (or a domain, as the default of its new categories) to another deadline class. */
export async function setCategoryDeadlineClass(db: Executor, categoryId: string, deadlineClass: string): Promise<CategoryRow> {
  if (!isDeadlineClass(deadlineClass)) throw invalidInput('deadlineClass', 'is not a deadline class');
  const [row] = await db.update(categories).set({ deadlineClass }).where(eq(categories.id, categoryId)).returning();
  if (!row) throw notFound('Category', categoryId);
  return row;
}
