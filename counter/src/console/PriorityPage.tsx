import type { OfficePolicySettings, PriorityGroup, PriorityGroupCreate } from '@numerek/shared';
// The constants alone: the package's index would bring the schemas into the bundle.
import { DEFAULT_PRIORITY_WEIGHT } from '@numerek/shared/constants';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt, nameIn } from '../i18n.ts';
import {
  CheckField,
  FormFooter,
  NameFields,
  FormMessages,
  Section,
  TextField,
  optionalInt,
  useDraft,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';
import { useWords, type ConsoleStrings } from './words.ts';

interface Draft {
  pl: string;
  en: string;
  uk: string;
  pictogram: string;
  legalBasis: string;
  active: boolean;
}

const toDraft = (g: PriorityGroup | null): Draft => ({
  pl: g?.names.pl ?? '',
  en: g?.names.en ?? '',
  uk: g?.names.uk ?? '',
  pictogram: g?.pictogram ?? '',
  legalBasis: g?.legalBasis ?? '',
  active: g?.active ?? true,
});

function check(d: Draft, w: ConsoleStrings['priority']): FieldErrors {
  const e: FieldErrors = {};
  if (!d.pl.trim()) e['names.pl'] = w.errName;
  if (d.pictogram && !/^[a-z0-9-]+$/.test(d.pictogram)) e.pictogram = w.errPictogram;
  return e;
}

export function PriorityPage() {
  const { lang, c } = useWords();
  const w = c.priority;
  const groups = useResource<PriorityGroup[]>('/api/admin/priority-groups');
  const [editing, setEditing] = useState<PriorityGroup | 'new' | null>(null);
  return (
    <>
      <PolicyForm />
      <Section title={w.groups}>
        <p class="hint">{w.groupsHint}</p>
        {groups.error && <p class="error">{groups.error}</p>}
        <DataTable label={w.groups} columns={w.columns}>
          {(groups.data ?? []).map((g) => (
            <tr key={g.id}>
              <th scope="row">{nameIn(g.names, lang)}</th>
              <td>{g.active ? w.active : w.inactive}</td>
              <td class="small-text" data-any-language>
                {g.legalBasis || '—'}
              </td>
              <td>
                <button type="button" class="btn small" onClick={() => setEditing(g)}>
                  {c.edit} <span class="visually-hidden">{nameIn(g.names, lang)}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>
          {w.add}
        </button>
      </Section>
      {editing && (
        <GroupForm
          key={editing === 'new' ? 'new' : editing.id}
          group={editing === 'new' ? null : editing}
          onSaved={groups.reload}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function GroupForm(props: { group: PriorityGroup | null; onSaved: () => void; onClose: () => void }) {
  const { lang, c } = useWords();
  const w = c.priority;
  const { d, set } = useDraft<Draft>(() => toDraft(props.group));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    void f
      .submit(check(d, w), async () => {
        const body: PriorityGroupCreate = {
          names: {
            pl: d.pl.trim(),
            ...(d.en.trim() ? { en: d.en.trim() } : {}),
            ...(d.uk.trim() ? { uk: d.uk.trim() } : {}),
          },
          ...(d.pictogram ? { pictogram: d.pictogram } : {}),
          legalBasis: d.legalBasis,
          active: d.active,
        };
        if (props.group) await api('PATCH', `/api/admin/priority-groups/${props.group.id}`, body);
        else await api('POST', '/api/admin/priority-groups', body);
        return fmt(w.saved, { name: nameIn(body.names, lang) });
      })
      .then((ok) => ok && props.onSaved());
  };
  return (
    <Section title={props.group ? fmt(c.editing, { name: nameIn(props.group.names, lang) }) : w.new} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <NameFields values={d} onInput={set} errors={f.errors} />
        <TextField
          label={w.pictogram}
          name="pictogram"
          value={d.pictogram}
          onInput={set('pictogram')}
          errors={f.errors}
          hint={w.pictogramHint}
        />
        <TextField
          label={w.legalBasis}
          name="legalBasis"
          value={d.legalBasis}
          onInput={set('legalBasis')}
          errors={f.errors}
          multiline
        />
        <CheckField
          label={w.activeField}
          name="active"
          checked={d.active}
          onChange={set('active')}
          errors={f.errors}
        />
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}

function PolicyForm() {
  const { t, c } = useWords();
  const settings = useResource<OfficePolicySettings>('/api/admin/settings');
  // The form appears once the settings are known, so nothing typed is overwritten by their arrival.
  if (!settings.data)
    return (
      <Section title={c.priority.policy}>
        <p role="status">{settings.error || t.loading}</p>
      </Section>
    );
  return <PolicyFields initial={settings.data} />;
}

function PolicyFields(props: { initial: OfficePolicySettings }) {
  const w = useWords().c.priority;
  const weightVars = { weight: DEFAULT_PRIORITY_WEIGHT };
  const [weight, setWeight] = useState(String(props.initial.priorityWeight));
  const [cap, setCap] = useState(props.initial.consecutivePriorityCap?.toString() ?? '');
  const [strict, setStrict] = useState(props.initial.strictPriority);
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const n = optionalInt(cap);
    const value = Number(weight.replace(',', '.'));
    const errors: FieldErrors = {};
    if (!(value >= 1 && value <= 10)) errors.priorityWeight = fmt(w.errWeight, weightVars);
    if (n !== null && !(n >= 1 && n <= 20)) errors.consecutivePriorityCap = w.errCap;
    void f.submit(errors, async () => {
      await api('PATCH', '/api/admin/settings', {
        priorityWeight: value,
        consecutivePriorityCap: n,
        strictPriority: strict,
      });
      return w.policySaved;
    });
  };
  return (
    <Section title={w.policy}>
      <div class="explain">
        <p>
          <strong>{w.howTitle}</strong> {fmt(w.how, weightVars)}
        </p>
        <p>
          <strong>{w.maxWaitTitle}</strong> {w.maxWait}
        </p>
      </div>
      <form class="form" onSubmit={save} noValidate>
        <TextField
          label={w.weight}
          name="priorityWeight"
          value={weight}
          onInput={setWeight}
          errors={f.errors}
          hint={fmt(w.weightHint, weightVars)}
        />
        <TextField
          label={w.cap}
          name="consecutivePriorityCap"
          value={cap}
          onInput={setCap}
          errors={f.errors}
          hint={w.capHint}
        />
        <CheckField
          label={w.strict}
          name="strictPriority"
          checked={strict}
          onChange={setStrict}
          errors={f.errors}
        />
        <p class="hint">{w.strictHint}</p>
        <FormMessages formError={f.formError} done={f.done} />
        <button type="submit" class="btn primary" disabled={f.busy}>
          {w.savePolicy}
        </button>
      </form>
    </Section>
  );
}
