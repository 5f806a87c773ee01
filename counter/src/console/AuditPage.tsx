import type { AuditEntry, User } from '@numerek/shared';
import { Fragment } from 'preact';
import { useResource, fmtTime, Section, DataTable } from './forms.tsx';
import { auditDetails } from './event-details.ts';
import { labelOf } from './labels.ts';
import { useNames } from './use-names.ts';
import { useWords } from './words.ts';

/** Who changed what and when; every call of a chosen ticket appears here with its reason. */
export function AuditPage() {
  const words = useWords();
  const { lang, c } = words;
  const w = c.audit;
  const names = useNames();
  const audit = useResource<AuditEntry[]>('/api/admin/audit?limit=300');
  const users = useResource<User[]>('/api/admin/users');
  const who = (e: AuditEntry) =>
    e.userId
      ? (users.data?.find((u) => u.id === e.userId)?.username ?? '—')
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
            <td data-any-language={Object.hasOwn(w.actions, e.action) ? undefined : ''}>
              {labelOf(w.actions, e.action)}
            </td>
            <td>
              {labelOf(w.entities, e.entity)}{' '}
              {e.entity === 'ticket' && e.entityId ? (
                <a href={`#/console/ticket/${encodeURIComponent(e.entityId)}`}>{w.ticketHistory}</a>
              ) : null}
            </td>
            <td class="small-text">
              {auditDetails(words, e, names).map((p, i) => (
                <Fragment key={i}>
                  {i > 0 && '; '}
                  <span data-any-language={p.nameRecorded ? '' : undefined}>{p.name}</span>:{' '}
                  <span data-any-language={p.valueRecorded ? '' : undefined}>{p.value}</span>
                </Fragment>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
