import type { FastifyInstance } from 'fastify';
import { certificateFileName, certificateFor, renderCertificate } from './certificates.js';
import { idParam } from './labels.js';

export async function certificateRoutes(app: FastifyInstance) {
  app.get(
    '/training/certificates/:id',
    { config: { policy: 'signedIn' } },
    async (request, reply) => {
      const certificate = await certificateFor(request.ctx, idParam(request));
      const pdf = await renderCertificate(certificate);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${certificateFileName(certificate)}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
