import type { AuditEntry, User } from '@numerek/shared';
import { useResource, fmtTime, Section, DataTable } from './forms.tsx';
import { labelOf } from './labels.ts';
import { useWords } from './words.ts';

/** Who changed what and when; every call of a chosen ticket appears here with its reason. */
export function AuditPage() {
  const { lang, c } = useWords();
  const w = c.audit;
  const audit = useResource<AuditEntry[]>('/api/admin/audit?limit=300');
  const users = useResource<User[]>('/api/admin/users');
  const who = (e: AuditEntry) =>
    e.userId
      ? (users.data?.find((u) => u.id === e.userId)?.username ?? e.userId)
      : // A device using (or trying) its pairing link has no user.
        e.action.startsWith('pair')
        ? w.pairingLink
        : w.system;
  return (
    <Section title={w.title}>
      {audit.error && <p class="error">{audit.error}</p>}
      <DataTable label={w.table} columns={w.columns} class="audit">
        {(audit.data ?? []).map((e) => (
          <tr key={e.id}>
            <td>{fmtTime(lang, e.at)}</td>
            <td>{who(e)}</td>
            {/* The action's code and its data as recorded: the same in every language. */}
            <td data-any-language>
              <code>{e.action}</code>
            </td>
            <td>
              {labelOf(w.entities, e.entity)}{' '}
              {e.entity === 'ticket' && e.entityId ? (
                <a href={`#/console/ticket/${encodeURIComponent(e.entityId)}`}>{w.ticketHistory}</a>
              ) : null}
            </td>
            <td class="small-text" data-any-language>
              <code>{JSON.stringify(e.data)}</code>
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
