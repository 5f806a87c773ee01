import { Type } from 'typebox';
import { IdParams, Printer, PrinterCreate, PrinterPatch, PrintOutcome } from '@numerek/shared';
import { SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { PrinterService } from './printer.service.ts';

export function printerRoutes(app: App, printers: PrinterService, offices: OfficeService): void {
  const tags = ['printers'];
  const access = { config: { access: SUPERVISORS } };
  app.get(
    '/api/admin/printers',
    {
      ...access,
      schema: { tags, summary: 'Printers with their last known status', response: ok(Type.Array(Printer)) },
    },
    (req) => printers.list(userOf(req.actor).officeId),
  );
  app.post(
    '/api/admin/printers',
    { ...access, schema: { tags, body: PrinterCreate, response: created(Printer) } },
    async (req, reply) => reply.status(201).send(await printers.create(userOf(req.actor), req.body)),
  );
  app.patch(
    '/api/admin/printers/:id',
    { ...access, schema: { tags, params: IdParams, body: PrinterPatch, response: ok(Printer) } },
    (req) => printers.update(userOf(req.actor), req.params.id, req.body),
  );
  app.delete(
    '/api/admin/printers/:id',
    { ...access, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await printers.remove(userOf(req.actor), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/admin/printers/:id/test',
    {
      ...access,
      schema: { tags, summary: 'Print a sample ticket', params: IdParams, response: ok(PrintOutcome) },
    },
    (req) => {
      const actor = userOf(req.actor);
      const office = offices.resolve(undefined, actor.officeId);
      return printers.testPrint(actor, req.params.id, office.name, office.timeZone);
    },
  );
}
