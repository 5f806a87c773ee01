import type { BackupFile, BackupResult, Role } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import { FormMessages, Section, fmtTime, useResource, DataTable } from './forms.tsx';

const fmtSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('pl-PL', { maximumFractionDigits: 1 })} MB`;

/**
 * Backups of the whole database, made while the office keeps working (administrators only; the
 * server refuses everyone else). The outcome is announced: success as a status, failure as an alert.
 */
export function BackupPage(props: { role: Role }) {
  if (props.role !== 'admin') {
    return (
      <Section title="Brak dostępu">
        <p role="alert">Kopie zapasowe tworzy i pobiera administrator.</p>
      </Section>
    );
  }
  return <Backups />;
}

function Backups() {
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
          `Utworzono kopię ${made.name} (${fmtSize(made.sizeBytes)}, biletów: ${made.tickets}). ` +
            `Sprawdzona — bez błędów. Pobierz ją z listy poniżej i przechowuj poza serwerem.`,
        );
      } else {
        setFailed(
          `Kopia ${made.name} powstała, ale sprawdzenie wykazało błędy: ${made.integrity}. ` +
            `Nie polegaj na niej — spróbuj ponownie i sprawdź dysk serwera.`,
        );
      }
    } catch (e) {
      setFailed(`Nie udało się utworzyć kopii: ${messageOf(e)}`);
    } finally {
      setBusy(false);
      list.reload();
    }
  };

  const backups = list.data ?? [];
  return (
    <>
      <Section title="Utwórz kopię">
        <p>
          Kopia całej bazy — ustawień, użytkowników, urządzeń i biletów — powstaje w trakcie pracy urzędu:
          biletomaty i stanowiska działają dalej. Serwer przechowuje ostatnie kopie w swoim folderze danych;
          przechowuj też kopię poza serwerem.
        </p>
        <button type="button" class="btn primary" onClick={() => void create()} disabled={busy}>
          {busy ? 'Tworzę kopię…' : 'Utwórz kopię teraz'}
        </button>
        <FormMessages formError={failed} done={done} />
      </Section>
      <Section title="Kopie na serwerze">
        {list.error && <p class="error">{list.error}</p>}
        {list.data && !backups.length ? (
          <p>Nie ma jeszcze żadnej kopii.</p>
        ) : (
          <DataTable label="Kopie zapasowe" columns={['Utworzona', 'Plik', 'Rozmiar', 'Pobierz']}>
            {backups.map((b) => (
              <tr key={b.name}>
                <td>{fmtTime(b.createdAt)}</td>
                <th scope="row">
                  <code>{b.name}</code>
                </th>
                <td>{fmtSize(b.sizeBytes)}</td>
                <td>
                  <a href={`/api/admin/backups/${encodeURIComponent(b.name)}`} download={b.name}>
                    Pobierz <span class="visually-hidden">kopię {fmtTime(b.createdAt)}</span>
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <p class="small-text">
          Przywracanie: zatrzymaj Numerka, podmień plik <code>numerek.sqlite</code> w folderze danych na
          kopię, usuń pliki <code>numerek.sqlite-wal</code> i <code>numerek.sqlite-shm</code>, uruchom
          Numerka. Bilety wydane po utworzeniu kopii zostaną utracone. Pełna instrukcja:{' '}
          <code>docs/operations/backup-and-restore.md</code>.
        </p>
      </Section>
    </>
  );
}
