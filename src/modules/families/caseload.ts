import type { ServiceContext } from '../../platform/http/context.js';

// The caseload's extra columns. A caseload row starts as the family (from store.listFamilies);
// other capabilities add what a practitioner needs to see at a glance, for the families of one
// page only (at most 25 ids, so one query each):
//   - meetings: the next meeting (kind, date)        -> row.nextMeeting
//   - plans:    overdue actions and reviews (count)  -> row.overdue
// Add each as a call to that module's service here, and a column in views/caseload.njk
// (marked "Caseload extras"). Keep this file free of SQL: it calls services only.

export interface CaseloadFamily {
  id: string;
  name: string;
  createdAt: Date;
  memberCount: number;
}

export interface CaseloadRow extends CaseloadFamily {
  /** Filled in by the meetings capability. */
  nextMeeting?: { kind: string; startsAt: Date; href: string } | null;
  /** Filled in by the plans capability: overdue actions and reviews. */
  overdue?: { count: number; href: string } | null;
}

export async function withCaseloadDetails(
  _ctx: ServiceContext,
  families: CaseloadFamily[],
): Promise<CaseloadRow[]> {
  return families;
}
