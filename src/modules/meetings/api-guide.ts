import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemOut, problems } from '../../platform/http/api.js';
import * as guide from './guide.js';
import { answersSchema, idParamsSchema } from './schemas.js';

// The facilitation guide in the JSON API: one question at a time with what each participant
// has said so far, and saving their answers exactly as given (never trimmed or reworded).
// Same services, schemas, rule and audit as the guide's page (see api.ts).

const member = { policy: 'member' as const };

/** Which question to show; none: where the guide was left. */
const guideQuerySchema = z.object({
  position: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

const screenOut = z.object({
  position: z.number(),
  total: z.number(),
  question: z
    .object({ setName: z.string(), categoryName: z.string(), question: z.string() })
    .nullable(),
  rounds: z.array(z.object({ name: z.string(), first: z.number(), count: z.number() })),
  participants: z.array(
    z.object({ id: z.uuid(), name: z.string(), role: z.string(), answer: z.string() }),
  ),
  /** So a client need not offer boxes that cannot be saved (POST answers is then a 409). */
  answersRefused: z
    .string()
    .nullable()
    .describe('Why answers cannot be saved now (no consent to record, private family time)'),
});

export async function meetingGuideApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/meetings/:id/guide',
    {
      config: member,
      schema: {
        summary: 'One question of the guide, with each participant’s answer so far (audited)',
        params: idParamsSchema,
        querystring: guideQuerySchema,
        response: { 200: screenOut, ...problems },
      },
    },
    async (request) => {
      const screen = await guide.openGuide(request.ctx, request.params.id, request.query.position);
      return {
        position: screen.position,
        total: screen.total,
        question: screen.question && {
          setName: screen.question.setName,
          categoryName: screen.question.categoryName,
          question: screen.question.question,
        },
        rounds: screen.rounds,
        participants: screen.participants.map((p) => ({
          id: p.id,
          name: p.name,
          role: p.role,
          answer: p.answer,
        })),
        answersRefused: screen.closed,
      };
    },
  );

  api.post(
    '/meetings/:id/answers',
    {
      config: member,
      schema: {
        summary:
          'Save answers to question q as "answer-<participant id>": "their words"; go moves the guide on',
        params: idParamsSchema,
        body: answersSchema,
        response: {
          200: z.object({ position: z.number(), total: z.number() }),
          ...problems,
          409: problemOut,
        },
      },
    },
    async (request) => {
      const saved = await guide.saveAnswers(request.ctx, request.params.id, request.body);
      return { position: saved.position, total: saved.total };
    },
  );
}
