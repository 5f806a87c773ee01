import type { User } from '@numerek/shared';
import { useResource, fmtTime, Section } from './forms.tsx';

interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

const ENTITY_NAMES: Record<string, string> = {
  category: 'sprawa',
  counter: 'stanowisko',
  user: 'użytkownik',
  device: 'urządzenie',
  printer: 'drukarka',
  priority_group: 'grupa z pierwszeństwem',
  settings: 'zasady kolejki',
  office: 'urząd',
  ticket: 'bilet',
  backup: 'kopia zapasowa',
};

/** Who changed what and when; every call of a chosen ticket appears here with its reason. */
export function AuditPage() {
  const audit = useResource<AuditEntry[]>('/api/admin/audit?limit=300');
  const users = useResource<User[]>('/api/admin/users');
  const who = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.username ?? id) : 'system');
  return (
    <Section title="Ostatnie zmiany">
      {audit.error && <p class="error">{audit.error}</p>}
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Dziennik zmian (tabela)">
        <table class="table audit">
          <thead>
            <tr>
              <th scope="col">Kiedy</th>
              <th scope="col">Kto</th>
              <th scope="col">Co</th>
              <th scope="col">Czego dotyczy</th>
              <th scope="col">Szczegóły</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((e) => (
              <tr key={e.id}>
                <td>{fmtTime(e.at)}</td>
                <td>{who(e.userId)}</td>
                <td>{e.action}</td>
                <td>
                  {ENTITY_NAMES[e.entity] ?? e.entity}{' '}
                  {e.entity === 'ticket' && e.entityId ? (
                    <a href={`#/console/ticket/${encodeURIComponent(e.entityId)}`}>historia biletu</a>
                  ) : null}
                </td>
                <td class="small-text">
                  <code>{JSON.stringify(e.data)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
