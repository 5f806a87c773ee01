import type { BackupFile, BackupResult, CentralRole, Role, StorageInfo } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, num, type Strings } from '../i18n.ts';
import { dateTime, useWords } from './words.ts';
import { FormMessages, Section, useResource, DataTable } from './forms.tsx';

const fmtSize = (t: Strings, bytes: number) =>
  bytes < 1024 * 1024
    ? `${num(t, Math.max(1, Math.round(bytes / 1024)))} KB`
    : `${num(t, bytes / 1024 / 1024)} MB`;

/**
 * Backups of the whole database, made while the office keeps working (administrators only; the
 * server refuses everyone else, and with several offices every office's administrator: then the
 * central administrator makes them). The outcome is announced: success as a status, failure as an alert.
 */
export function BackupPage(props: { role: Role | CentralRole }) {
  const { c } = useWords();
  if (props.role !== 'admin' && props.role !== 'central') {
    return (
      <Section title={c.refusedTitle}>
        <p role="alert">{c.backup.adminOnly}</p>
      </Section>
    );
  }
  return <Storage />;
}

/** On PostgreSQL the database's own tools make the backups; the page says so and offers none. */
function Storage() {
  const { c } = useWords();
  const storage = useResource<StorageInfo>('/api/admin/storage');
  if (!storage.data) return storage.error ? <p class="error">{storage.error}</p> : null;
  if (storage.data.engine === 'sqlite') return <Backups />;
  return (
    <Section title={c.backup.byDatabase}>
      <p data-storage="postgres">
        {restoreParts(c.backup.byDatabaseText).map((part) =>
          part.startsWith('{') ? (
            <code key={part} data-any-language>
              docs/operations/postgresql.md
            </code>
          ) : (
            part
          ),
        )}
      </p>
    </Section>
  );
}

function Backups() {
  const { lang, t, c } = useWords();
  const w = c.backup;
  const list = useResource<BackupFile[]>('/api/admin/backups');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [failed, setFailed] = useState('');

  const create = async () => {
    setBusy(true);
    setDone('');
    setFailed('');
    try {
      const made = await api<BackupResult>('POST', '/api/admin/backups', {});
      if (made.integrity === 'ok') {
        setDone(
          fmt(w.made, { name: made.name, size: fmtSize(t, made.sizeBytes), tickets: num(t, made.tickets) }),
        );
      } else {
        setFailed(fmt(w.madeBroken, { name: made.name, integrity: made.integrity }));
      }
    } catch (e) {
      // The server could not write the backup (its folder, its disk): say what to check.
      setFailed(
        e instanceof ApiError && e.code === 'INTERNAL'
          ? w.failedCheck
          : fmt(w.failed, { why: errorText(t, e) }),
      );
    } finally {
      setBusy(false);
      list.reload();
    }
  };

  const backups = list.data ?? [];
  return (
    <>
      <Section title={w.create}>
        <p>{w.intro}</p>
        <button type="button" class="btn primary" onClick={() => void create()} disabled={busy}>
          {busy ? w.creating : w.createNow}
        </button>
        <FormMessages formError={failed} done={done} />
      </Section>
      <Section title={w.onServer}>
        {list.error && <p class="error">{list.error}</p>}
        {list.data && !backups.length ? (
          <p>{w.none}</p>
        ) : (
          <DataTable label={w.table} columns={w.columns}>
            {backups.map((b) => (
              <tr key={b.name}>
                <td>{dateTime(lang, b.createdAt)}</td>
                <th scope="row">
                  <code data-any-language>{b.name}</code>
                </th>
                <td>{fmtSize(t, b.sizeBytes)}</td>
                <td>
                  <a href={`/api/admin/backups/${encodeURIComponent(b.name)}`} download={b.name}>
                    {w.download}{' '}
                    <span class="visually-hidden">
                      {fmt(w.downloadWhich, { at: dateTime(lang, b.createdAt) })}
                    </span>
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <p class="small-text">
          {restoreParts(w.restore).map((part) =>
            part.startsWith('{') ? (
              <code key={part} data-any-language>
                {RESTORE_FILES[part] ?? part}
              </code>
            ) : (
              part
            ),
          )}
        </p>
      </Section>
    </>
  );
}

const RESTORE_FILES: Record<string, string> = {
  '{db}': 'numerek.sqlite',
  '{wal}': 'numerek.sqlite-wal',
  '{shm}': 'numerek.sqlite-shm',
  '{doc}': 'docs/operations/backup-and-restore.md',
};

/** The restore sentence cut around its file names, which are shown as code. */
function restoreParts(sentence: string): string[] {
  return sentence.split(/(\{\w+\})/).filter(Boolean);
}
