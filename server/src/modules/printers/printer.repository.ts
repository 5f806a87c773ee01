import type { CodePage, CutMode, CyrillicMode, Printer, PrinterState } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

interface Row {
  id: string;
  office_id: string;
  name: string;
  connection: string;
  code_page: CodePage;
  paper_width: number;
  cyrillic: CyrillicMode;
  cut: CutMode;
  max_job_age_seconds: number;
  status: PrinterState;
  status_at: number | null;
}

const toPrinter = (r: Row): Printer => ({
  id: r.id,
  officeId: r.office_id,
  name: r.name,
  connection: r.connection,
  codePage: r.code_page,
  paperWidth: r.paper_width,
  cyrillic: r.cyrillic,
  cut: r.cut,
  maxJobAgeSeconds: r.max_job_age_seconds,
  status: r.status,
  statusAt: r.status_at === null ? null : new Date(r.status_at).toISOString(),
});

export class PrinterRepository extends Repository {
  constructor(db: Db) {
    super(db);
  }

  find(id: string): Printer | null {
    const r = this.sql<[string], Row>('SELECT * FROM printers WHERE id = ?').get(id);
    return r ? toPrinter(r) : null;
  }

  list(officeId: string): Printer[] {
    return this.sql<[string], Row>('SELECT * FROM printers WHERE office_id = ? ORDER BY name')
      .all(officeId)
      .map(toPrinter);
  }

  all(): Printer[] {
    return this.sql<[], Row>('SELECT * FROM printers ORDER BY office_id, name').all().map(toPrinter);
  }

  save(p: Printer, now: number): void {
    this.sql(
      `INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, cyrillic, cut, max_job_age_seconds, status, created_at, updated_at)
       VALUES (@id, @officeId, @name, @connection, @codePage, @paperWidth, @cyrillic, @cut, @maxJobAgeSeconds, @status, @now, @now)
       ON CONFLICT (id) DO UPDATE SET name = @name, connection = @connection, code_page = @codePage, paper_width = @paperWidth,
         cyrillic = @cyrillic, cut = @cut, max_job_age_seconds = @maxJobAgeSeconds, updated_at = @now`,
    ).run({
      id: p.id,
      officeId: p.officeId,
      name: p.name,
      connection: p.connection,
      codePage: p.codePage,
      paperWidth: p.paperWidth,
      cyrillic: p.cyrillic,
      cut: p.cut,
      maxJobAgeSeconds: p.maxJobAgeSeconds,
      status: p.status,
      now,
    });
  }

  saveStatus(id: string, status: PrinterState, at: number): void {
    this.sql('UPDATE printers SET status = ?, status_at = ? WHERE id = ?').run(status, at, id);
  }

  /** Kiosks that print on this printer. */
  kiosksUsing(id: string): number {
    return this.sql('SELECT count(*) FROM devices WHERE printer_id = ?').pluck().get(id) as number;
  }

  delete(id: string): void {
    this.sql('DELETE FROM printers WHERE id = ?').run(id);
  }
}
