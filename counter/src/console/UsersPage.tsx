import type { Me, Role, User } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import {
  CheckField,
  FormFooter,
  Section,
  SelectField,
  TextField,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';

export const ROLE_NAMES: Record<Role, string> = {
  clerk: 'urzędnik',
  supervisor: 'kierownik',
  admin: 'administrator',
};
const ROLE_OPTIONS = (Object.keys(ROLE_NAMES) as Role[]).map((r) => [r, ROLE_NAMES[r]] as const);

export function UsersPage(props: { me: Me }) {
  const users = useResource<User[]>('/api/admin/users');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  return (
    <>
      <Section title="Lista użytkowników">
        {users.error && <p class="error">{users.error}</p>}
        <DataTable label="Użytkownicy" columns={['Login', 'Imię i nazwisko', 'Rola', 'Stan', 'Czynności']}>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.username}</th>
              <td>{u.displayName}</td>
              <td>{ROLE_NAMES[u.role]}</td>
              <td>{u.active ? 'aktywny' : 'wyłączony'}</td>
              <td>
                <button type="button" class="btn small" onClick={() => setEditing(u)}>
                  Edytuj <span class="visually-hidden">{u.username}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>
          Dodaj użytkownika
        </button>
      </Section>
      {editing && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          self={editing !== 'new' && editing.id === props.me.id}
          onSaved={users.reload}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function UserForm(props: { user: User | null; self: boolean; onSaved: () => void; onClose: () => void }) {
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
    if (!u && !/^[a-z0-9._-]{2,64}$/.test(username))
      errors.username = 'Login: 2–64 znaki — małe litery, cyfry, „.”, „_” lub „-”.';
    if ((!u || password) && password.length < 8) errors.password = 'Hasło: co najmniej 8 znaków.';
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
          return password
            ? props.self
              ? `Zapisano ${u.username}; nowe hasło obowiązuje od teraz.`
              : `Zapisano ${u.username}. Przekaż hasło osobiście; przy logowaniu trzeba będzie ustawić własne.`
            : `Zapisano ${u.username}.`;
        }
        await api('POST', '/api/admin/users', {
          username,
          password,
          role,
          ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        });
        setPassword('');
        return `Dodano ${username}. Przekaż hasło osobiście; przy pierwszym logowaniu trzeba będzie ustawić własne.`;
      })
      .then((ok) => ok && props.onSaved());
  };
  return (
    <Section title={u ? `Edycja: ${u.username}` : 'Nowy użytkownik'} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        {!u && (
          <TextField label="Login" name="username" value={username} onInput={setUsername} errors={f.errors} />
        )}
        <TextField
          label="Imię i nazwisko"
          name="displayName"
          value={displayName}
          onInput={setDisplayName}
          errors={f.errors}
        />
        <SelectField
          label="Rola"
          name="role"
          value={role}
          onChange={(v) => setRole(v as Role)}
          errors={f.errors}
          options={ROLE_OPTIONS}
        />
        <TextField
          label={u ? 'Nowe hasło (reset; puste = bez zmiany)' : 'Hasło'}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onInput={setPassword}
          errors={f.errors}
          hint="co najmniej 8 znaków"
        />
        {u && !props.self && (
          <CheckField
            label="Aktywny (wyłączony nie może się zalogować; jego sesje kończą się)"
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
