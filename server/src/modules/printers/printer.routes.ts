import { IdParams, Printer, PrinterCreate, PrinterPatch, PrintOutcome } from '@numerek/shared';
import { ADMINS, SUPERVISORS } from '../../http/actor.ts';
import { userOf } from '../../http/auth-hooks.ts';
import { ok } from '../../http/route-helpers.ts';
import { adminCrudRoutes } from '../../http/admin-crud.ts';
import type { App } from '../../http/types.ts';
import type { OfficeService } from '../offices/office.service.ts';
import type { PrinterService } from './printer.service.ts';

export function printerRoutes(app: App, printers: PrinterService, offices: OfficeService): void {
  const tags = ['printers'];
  const access = { config: { access: SUPERVISORS } };
  adminCrudRoutes(
    app,
    'printers',
    {
      item: Printer,
      create: PrinterCreate,
      patch: PrinterPatch,
      tags,
      summaries: { create: 'Add a ticket printer (administrators: it decides where the server writes)' },
      createAccess: ADMINS,
    },
    printers,
  );
  app.post(
    '/api/admin/printers/:id/test',
    {
      ...access,
      schema: { tags, summary: 'Print a sample ticket', params: IdParams, response: ok(PrintOutcome) },
    },
    async (req) => {
      const actor = userOf(req.actor);
      const office = await offices.resolve(undefined, actor.officeId);
      return printers.testPrint(actor, req.params.id, office.name, office.timeZone);
    },
  );
}
