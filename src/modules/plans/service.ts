// The plans capability's service: what its pages, its API and other capabilities call.
// Family-led plans and the words in them; each responsibility lives in its own file.

export { type Conflict, type Saved } from './refusal.js';
export {
  createPlan,
  listPlans,
  newPlanForm,
  planForRetire,
  planHistory,
  retirePlan,
} from './plan-records.js';
export { viewPlan } from './plan-view.js';
export { addEntry, editEntry, entryForEdit, isSomeoneElses } from './entries.js';
export { openPlansOf, type OpenPlanSummary } from './family-summary.js';
