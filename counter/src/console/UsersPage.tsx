import type { Me, Role, User } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../i18n.ts';
import {
  CheckField,
  FormFooter,
  Section,
  SelectField,
  TextField,
  useAdded,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';
import { PASSWORD_SECTION } from './sections.ts';
import { useWords } from './words.ts';

export function UsersPage(props: { me: Me }) {
  const { c } = useWords();
  const w = c.users;
  const users = useResource<User[]>('/api/admin/users');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const { addButton, added } = useAdded(
    () => setEditing(null),
    setStatus,
    () => users.reload(),
  );
  return (
    <>
      <Section title={w.list}>
        <p class="result" role="status">
          {status || users.error}
        </p>
        <DataTable label={w.table} columns={w.columns}>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.username}</th>
              <td>{u.displayName}</td>
              <td>{w.roles[u.role]}</td>
              <td>{u.active ? w.active : w.inactive}</td>
              <td>
                <button type="button" class="btn small" onClick={() => setEditing(u)}>
                  {c.edit} <span class="visually-hidden">{u.username}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" ref={addButton} onClick={() => setEditing('new')}>
          {w.add}
        </button>
      </Section>
      {editing && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          self={editing !== 'new' && editing.id === props.me.id}
          onSaved={users.reload}
          onCreated={added}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function UserForm(props: {
  user: User | null;
  self: boolean;
  onSaved: () => void;
  /** After a new user is added, with the sentence that says so. */
  onCreated: (said: string) => void;
  onClose: () => void;
}) {
  const { t, c } = useWords();
  const w = c.users;
  const u = props.user;
  const [username, setUsername] = useState(u?.username ?? '');
  const [displayName, setDisplayName] = useState(u?.displayName ?? '');
  const [role, setRole] = useState<Role>(u?.role ?? 'clerk');
  const [password, setPassword] = useState('');
  const [active, setActive] = useState(u?.active ?? true);
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!u && !/^[a-z0-9._-]{2,64}$/.test(username)) errors.username = w.errUsername;
    if ((!u || password) && password.length < 8) errors.password = w.errPassword;
    let said = '';
    void f
      .submit(errors, async () => {
        if (u) {
          await api('PATCH', `/api/admin/users/${u.id}`, {
            role,
            ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
            active,
            ...(password ? { password } : {}),
          });
          setPassword('');
          return fmt(password ? w.savedPassword : w.saved, {
            name: u.username,
          });
        }
        await api('POST', '/api/admin/users', {
          username,
          password,
          role,
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        });
        setPassword('');
        said = fmt(w.added, { name: username });
        return said;
      })
      .then((ok) => {
        if (ok && u) props.onSaved();
        else if (ok) props.onCreated(said);
      });
  };
  return (
    <Section title={u ? fmt(c.editing, { name: u.username }) : w.new} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        {!u && (
          <TextField
            label={w.username}
            name="username"
            value={username}
            onInput={setUsername}
            errors={f.errors}
            maxLength={TEXT_LIMITS.username}
          />
        )}
        <TextField
          label={w.displayName}
          name="displayName"
          value={displayName}
          onInput={setDisplayName}
          errors={f.errors}
          maxLength={TEXT_LIMITS.displayName}
        />
        <SelectField
          label={w.role}
          name="role"
          value={role}
          onChange={(v) => setRole(v as Role)}
          errors={f.errors}
          options={(Object.keys(w.roles) as Role[]).map((r) => [r, w.roles[r]] as const)}
        />
        {props.self ? (
          // One's own password is changed with the current one, and keeps this session open.
          <p class="hint">
            {w.ownPasswordElsewhere} <a href={`#/console/${PASSWORD_SECTION}`}>{t.changePassword.open}</a>
          </p>
        ) : (
          <TextField
            label={u ? w.newPassword : w.password}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={setPassword}
            errors={f.errors}
            maxLength={TEXT_LIMITS.password}
            hint={w.passwordHint}
          />
        )}
        {u && !props.self && (
          <CheckField
            label={w.activeField}
            name="active"
            checked={active}
            onChange={setActive}
            errors={f.errors}
          />
        )}
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}
