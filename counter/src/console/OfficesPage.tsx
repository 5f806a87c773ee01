import type { Office, OfficeAdminCreate, OfficeCreate, OfficePatch, User } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../i18n.ts';
import {
  DataTable,
  FormFooter,
  Section,
  SelectField,
  TextField,
  useFormState,
  useResource,
  type FieldErrors,
} from './forms.tsx';
import { useWords } from './words.ts';

/** The time zones this browser knows, Europe/Warsaw first (where Numerek's offices usually are). */
const TIME_ZONES = [
  'Europe/Warsaw',
  ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'Europe/Warsaw'),
];

type Editing =
  | { kind: 'new' }
  | { kind: 'rename'; office: Office }
  /** `created`: the office was made a moment ago, and this says so. */
  | { kind: 'admins'; office: Office; created?: boolean };

/**
 * The central administrator's offices: the list, a new office with its time zone, renaming one,
 * and each office's administrators, where its first administrator is made.
 */
export function OfficesPage() {
  const { c } = useWords();
  const w = c.central.offices;
  const offices = useResource<Office[]>('/api/admin/offices');
  const [editing, setEditing] = useState<Editing | null>(null);
  const key = editing === null ? '' : editing.kind === 'new' ? 'new' : `${editing.kind}-${editing.office.id}`;
  return (
    <>
      <Section title={w.list}>
        <p>{w.intro}</p>
        {offices.error && <p class="error">{offices.error}</p>}
        {offices.data?.length === 0 ? (
          <p>{w.none}</p>
        ) : (
          <DataTable label={w.table} columns={w.columns}>
            {(offices.data ?? []).map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td data-any-language>{o.timeZone}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => setEditing({ kind: 'rename', office: o })}
                  >
                    {w.rename} <span class="visually-hidden">{o.name}</span>
                  </button>
                  <button
                    type="button"
                    class="btn small"
                    onClick={() => setEditing({ kind: 'admins', office: o })}
                  >
                    {w.admins} <span class="visually-hidden">{o.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <button type="button" class="btn primary" onClick={() => setEditing({ kind: 'new' })}>
          {w.add}
        </button>
      </Section>
      {editing?.kind === 'admins' ? (
        <AdminsOf
          key={key}
          office={editing.office}
          created={editing.created === true}
          onClose={() => setEditing(null)}
        />
      ) : editing ? (
        <OfficeForm
          key={key}
          office={editing.kind === 'rename' ? editing.office : null}
          onSaved={(saved) => {
            offices.reload();
            // A new office is made to be run: its administrators come next.
            if (editing.kind === 'new') setEditing({ kind: 'admins', office: saved, created: true });
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function OfficeForm(props: { office: Office | null; onSaved: (o: Office) => void; onClose: () => void }) {
  const { c } = useWords();
  const w = c.central.offices;
  const o = props.office;
  const [name, setName] = useState(o?.name ?? '');
  const [timeZone, setTimeZone] = useState(o?.timeZone ?? 'Europe/Warsaw');
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!name.trim()) errors.name = w.errName;
    const out: { saved: Office | null } = { saved: null };
    void f
      .submit(errors, async () => {
        if (o) {
          const patch: OfficePatch = { name: name.trim(), timeZone };
          out.saved = await api<Office>('PATCH', `/api/admin/offices/${encodeURIComponent(o.id)}`, patch);
          return fmt(w.saved, { name: out.saved.name });
        }
        const body: OfficeCreate = { name: name.trim(), timeZone };
        out.saved = await api<Office>('POST', '/api/admin/offices', body);
        return fmt(w.added, { name: out.saved.name });
      })
      .then((ok) => {
        if (ok && out.saved) props.onSaved(out.saved);
      });
  };
  return (
    <Section title={o ? fmt(c.editing, { name: o.name }) : w.new} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField label={w.name} name="name" value={name} onInput={setName} errors={f.errors} required />
        <SelectField
          label={w.timeZone}
          name="timeZone"
          value={timeZone}
          onChange={setTimeZone}
          errors={f.errors}
          hint={w.timeZoneHint}
          options={TIME_ZONES.map((z) => [z, z] as const)}
        />
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}

/** An office's administrators, and a form for another (the first, when there is none). */
function AdminsOf(props: { office: Office; created: boolean; onClose: () => void }) {
  const { c } = useWords();
  const w = c.central.admins;
  const u = c.users;
  const admins = useResource<User[]>(`/api/admin/offices/${encodeURIComponent(props.office.id)}/admins`);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!/^[a-z0-9._-]{2,64}$/.test(username)) errors.username = u.errUsername;
    if (password.length < 8) errors.password = u.errPassword;
    void f
      .submit(errors, async () => {
        const body: OfficeAdminCreate = {
          username,
          password,
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        };
        await api('POST', `/api/admin/offices/${encodeURIComponent(props.office.id)}/admins`, body);
        setUsername('');
        setDisplayName('');
        setPassword('');
        return fmt(w.added, { name: body.username, office: props.office.name });
      })
      .then((ok) => ok && admins.reload());
  };
  return (
    <Section title={fmt(w.title, { name: props.office.name })} focus>
      {props.created && <p class="result">{fmt(c.central.offices.added, { name: props.office.name })}</p>}
      {admins.error && <p class="error">{admins.error}</p>}
      {admins.data?.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <DataTable label={w.table} columns={w.columns}>
          {(admins.data ?? []).map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.username}</th>
              <td>{a.displayName}</td>
              <td>{a.active ? u.active : u.inactive}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>{w.add}</h3>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField
          label={u.username}
          name="username"
          value={username}
          onInput={setUsername}
          errors={f.errors}
        />
        <TextField
          label={u.displayName}
          name="displayName"
          value={displayName}
          onInput={setDisplayName}
          errors={f.errors}
        />
        <TextField
          label={u.password}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onInput={setPassword}
          errors={f.errors}
          hint={u.passwordHint}
        />
        <FormFooter f={f} onClose={props.onClose} saveLabel={w.add} />
      </form>
    </Section>
  );
}
