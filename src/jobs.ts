import type { JobDefinition } from './platform/jobs/index.js';
import { deliverMail } from './platform/mail/jobs.js';
import { planReminders } from './modules/plans/reminders.js';
import { actionPlanFollowUps } from './modules/training/action-plans.js';
import { trainingApprovalLapse } from './modules/training/approval-lapse.js';
import { trainingOfferExpiry, trainingReminders } from './modules/training/jobs.js';

/** Every background job, like app.ts is every route: capabilities add theirs here. */
export const jobs: JobDefinition[] = [
  deliverMail,
  planReminders,
  trainingReminders,
  trainingOfferExpiry,
  actionPlanFollowUps,
  trainingApprovalLapse,
];
