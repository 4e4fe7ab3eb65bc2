import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError } from '../../platform/http/errors.js';
import { markItemUsed, readFramework } from '../frameworks/service.js';
import type { AnswersInput } from './schemas.js';
import { nameRoles } from './conference-roles.js';
import { contentRefusal } from './fgc-guard.js';
import { openMeeting, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';

// The facilitation guide: the partnership's question sets, in order, one question at a time,
// with each participant's answer in their own words. The questions are copied into the meeting
// the first time the guide is opened, so the record keeps what was asked (and the positions
// stay put) even if the framework is changed later. A circle's rounds are its question sets.

/** The active questions of the framework, in order, with the set and category each is in. */
async function frameworkQuestions(tx: Db, ctx: ServiceContext) {
  // On the meeting's transaction: the embedded database has one connection.
  const tree = await readFramework({ ...ctx, db: tx });
  return tree.questionSets.flatMap((set) =>
    set.children
      .filter((c) => c.kind === 'category')
      .flatMap((category) =>
        category.children
          .filter((q) => q.kind === 'question')
          .map((q) => ({
            questionItemId: q.id,
            setName: set.name,
            categoryName: category.name,
            question: q.name,
          })),
      ),
  );
}

async function questionsOf(tx: Db, ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  const existing = await store.listQuestions(tx, partnershipId, meetingId);
  if (existing.length) return existing;
  const fresh = await frameworkQuestions(tx, ctx);
  await store.insertQuestions(
    tx,
    fresh.map((q, i) => ({ ...q, partnershipId, meetingId, position: i + 1 })),
  );
  if (fresh.length)
    await audit(tx, ctx, {
      action: 'meeting.guide_prepared',
      recordType: 'meeting',
      recordId: meetingId,
    });
  return store.listQuestions(tx, partnershipId, meetingId);
}

const NO_CONSENT_REFUSAL =
  'The people taking part have not agreed that what they say can be recorded, so their answers cannot be written down. If they agree later, change the meeting’s consent to record first.';

/**
 * Why no answers may be written down in this meeting now, or null if they may. People's own
 * words are kept only with their consent; a refusal outlasts private family time, so it comes
 * first. Consent not asked yet is allowed (the page warns): it is often asked at the start.
 */
async function answersRefusal(tx: Db, meeting: Meeting): Promise<string | null> {
  if (meeting.consentToRecord === false) return NO_CONSENT_REFUSAL;
  return contentRefusal(tx, meeting, 'answers');
}

const clamp = (n: number, max: number) => Math.min(Math.max(1, n), Math.max(1, max));

/** The rounds (question sets) in order, with where each starts, for the guide's overview. */
function roundsOf(questions: { setName: string; position: number }[]) {
  const rounds: { name: string; first: number; count: number }[] = [];
  for (const q of questions) {
    const last = rounds.at(-1);
    if (last && last.name === q.setName) last.count++;
    else rounds.push({ name: q.setName, first: q.position, count: 1 });
  }
  return rounds;
}

/**
 * One screen of the guide: the question at `position` (or where the guide was left), the people
 * taking part, and what each has said so far.
 */
export async function openGuide(ctx: ServiceContext, meetingId: string, position?: number) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.guide_viewed');
    const questions = await questionsOf(tx, ctx, meeting.id);
    const at = clamp(position ?? meeting.guidePosition, questions.length);
    const question = questions[at - 1] ?? null;
    const participants = await store
      .listParticipants(tx, partnershipId, meeting.id)
      .then((p) => nameRoles(tx, partnershipId, meeting.kind, p));
    const answers = await store.listAnswers(tx, partnershipId, meeting.id);
    const said = new Map(
      answers.filter((a) => a.questionId === question?.id).map((a) => [a.participantId, a.answer]),
    );
    return {
      meeting,
      family,
      // Why no answers can be written down now (no consent to record, or a conference's private
      // family time), or null: the page then says so instead of offering boxes that cannot be saved.
      closed: await answersRefusal(tx, meeting),
      position: at,
      total: questions.length,
      question,
      rounds: roundsOf(questions),
      participants: participants.map((p) => ({ ...p, answer: said.get(p.id) ?? '' })),
    };
  });
}

export type GuideSaved = Saved & { position?: number };

/**
 * Saves what each participant said to one question, exactly as typed, and moves the guide on
 * (or back). Called on every Next and Previous and by the page's autosave.
 */
export async function saveAnswers(
  ctx: ServiceContext,
  meetingId: string,
  input: AnswersInput,
): Promise<{ ok: true; id: string; position: number; total: number }> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting } = await openMeeting(tx, ctx, meetingId, 'meeting.answers_saved');
    // Not without consent to record, nor during a conference's private family time.
    const refusal = await answersRefusal(tx, meeting);
    if (refusal) throw new HttpError(409, refusal);
    const questions = await questionsOf(tx, ctx, meeting.id);
    const question = questions[input.position - 1];
    if (!question) throw new HttpError(400, 'There is no such question in this meeting’s guide');
    const participants = await store.listParticipants(tx, partnershipId, meeting.id, {
      lock: true,
    });
    const answers = await store.listAnswers(tx, partnershipId, meeting.id);
    const present = new Set(participants.map((p) => p.id));
    const before = new Map(
      answers.filter((a) => a.questionId === question.id).map((a) => [a.participantId, a.answer]),
    );
    let answered = false;
    for (const { participantId, answer } of input.answers) {
      if (!present.has(participantId)) continue;
      if (answer.trim()) answered = true;
      const was = before.get(participantId);
      if (was === answer || (was === undefined && answer === '')) continue;
      await store.upsertAnswer(tx, {
        partnershipId,
        meetingId: meeting.id,
        questionId: question.id,
        participantId,
        answer,
        recordedBy: personIdOf(ctx.actor),
        updatedAt: ctx.now,
      });
    }
    if (answered) await markUsed(tx, ctx, question.questionItemId);
    const step = input.go === 'next' ? 1 : input.go === 'previous' ? -1 : 0;
    const position = clamp(input.position + step, questions.length);
    await store.updateMeeting(tx, partnershipId, meeting.id, {
      guidePosition: position,
      updatedAt: ctx.now,
    });
    return { ok: true as const, id: meeting.id, position, total: questions.length };
  });
}

/** The framework keeps an asked question for good (retired, never deleted). */
async function markUsed(tx: Db, ctx: ServiceContext, itemId: string) {
  try {
    await markItemUsed(tx, ctx, itemId);
  } catch (error) {
    // Removed from the framework before anyone answered it: the meeting keeps its own copy.
    if (!(error instanceof HttpError && error.statusCode === 404)) throw error;
  }
}

/** Every answer, question by question, attributed: for the meeting's record and the API. */
export async function meetingAnswers(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting } = await openMeeting(tx, ctx, meetingId, 'meeting.answers_viewed');
    const questions = await store.listQuestions(tx, partnershipId, meeting.id);
    const participants = await store.listParticipants(tx, partnershipId, meeting.id);
    const answers = await store.listAnswers(tx, partnershipId, meeting.id);
    const names = new Map(participants.map((p) => [p.id, p.name]));
    return questions.map((q) => ({
      position: q.position,
      setName: q.setName,
      categoryName: q.categoryName,
      question: q.question,
      answers: answers
        .filter((a) => a.questionId === q.id && a.answer !== '')
        .map((a) => ({
          participantId: a.participantId,
          name: names.get(a.participantId) ?? '',
          answer: a.answer,
        })),
    }));
  });
}
