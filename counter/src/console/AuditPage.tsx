import type { AuditEntry, ConfigEntity, User } from '@numerek/shared';
import { useResource, fmtTime, Section, DataTable } from './forms.tsx';
import { labelOf } from './labels.ts';

/** What the audit log records changes of: the configuration, tickets and backups. */
type AuditedEntity = ConfigEntity | 'ticket' | 'backup';

const ENTITY_NAMES: Record<AuditedEntity, string> = {
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
  const who = (e: AuditEntry) =>
    e.userId
      ? (users.data?.find((u) => u.id === e.userId)?.username ?? e.userId)
      : // A device using (or trying) its pairing link has no user.
        e.action.startsWith('pair')
        ? 'link parowania'
        : 'system';
  return (
    <Section title="Ostatnie zmiany">
      {audit.error && <p class="error">{audit.error}</p>}
      <DataTable
        label="Dziennik zmian"
        columns={['Kiedy', 'Kto', 'Co', 'Czego dotyczy', 'Szczegóły']}
        class="audit"
      >
        {(audit.data ?? []).map((e) => (
          <tr key={e.id}>
            <td>{fmtTime(e.at)}</td>
            <td>{who(e)}</td>
            <td>{e.action}</td>
            <td>
              {labelOf(ENTITY_NAMES, e.entity)}{' '}
              {e.entity === 'ticket' && e.entityId ? (
                <a href={`#/console/ticket/${encodeURIComponent(e.entityId)}`}>historia biletu</a>
              ) : null}
            </td>
            <td class="small-text">
              <code>{JSON.stringify(e.data)}</code>
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
