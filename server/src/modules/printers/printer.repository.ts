import type { CodePage, CutMode, CyrillicMode, Printer, PrinterState } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';
import { sortedByName } from '../../lib/names.ts';

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
  agent_id: string | null;
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
  agentId: r.agent_id,
  status: r.status,
  statusAt: r.status_at === null ? null : new Date(r.status_at).toISOString(),
});

export class PrinterRepository extends Repository {
  async find(id: string): Promise<Printer | null> {
    const r = await this.db.get<Row>('SELECT * FROM printers WHERE id = ?', [id]);
    return r ? toPrinter(r) : null;
  }

  async list(officeId: string): Promise<Printer[]> {
    const rows = await this.db.all<Row>('SELECT * FROM printers WHERE office_id = ? ORDER BY id', [officeId]);
    return sortedByName(rows.map(toPrinter), (p) => p.name);
  }

  async all(): Promise<Printer[]> {
    const rows = await this.db.all<Row>('SELECT * FROM printers ORDER BY office_id, id');
    return sortedByName(rows.map(toPrinter), (p) => p.name).sort((a, b) =>
      a.officeId < b.officeId ? -1 : a.officeId > b.officeId ? 1 : 0,
    );
  }

  async save(p: Printer, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, cyrillic, cut, max_job_age_seconds, agent_id, status, created_at, updated_at)
       VALUES (@id, @officeId, @name, @connection, @codePage, @paperWidth, @cyrillic, @cut, @maxJobAgeSeconds, @agentId, @status, @now, @now)
       ON CONFLICT (id) DO UPDATE SET name = @name, connection = @connection, code_page = @codePage, paper_width = @paperWidth,
         cyrillic = @cyrillic, cut = @cut, max_job_age_seconds = @maxJobAgeSeconds, agent_id = @agentId, updated_at = @now`,
      {
        id: p.id,
        officeId: p.officeId,
        name: p.name,
        connection: p.connection,
        codePage: p.codePage,
        paperWidth: p.paperWidth,
        cyrillic: p.cyrillic,
        cut: p.cut,
        maxJobAgeSeconds: p.maxJobAgeSeconds,
        agentId: p.agentId,
        status: p.status,
        now,
      },
    );
  }

  async saveStatus(id: string, status: PrinterState, at: number): Promise<void> {
    await this.db.run('UPDATE printers SET status = ?, status_at = ? WHERE id = ?', [status, at, id]);
  }

  /** Kiosks that print on this printer. */
  async kiosksUsing(id: string): Promise<number> {
    return (await this.db.value<number>('SELECT count(*) FROM devices WHERE printer_id = ?', [id])) ?? 0;
  }

  /** The printers a print agent drives. */
  async forAgent(agentId: string): Promise<Printer[]> {
    const rows = await this.db.all<Row>('SELECT * FROM printers WHERE agent_id = ? ORDER BY id', [agentId]);
    return sortedByName(rows.map(toPrinter), (p) => p.name);
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM printers WHERE id = ?', [id]);
  }
}
