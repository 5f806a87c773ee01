import type { OfficePolicySettings, PriorityGroup, PriorityGroupCreate } from '@numerek/shared';
// The constants alone: the package's index would bring the schemas into the bundle.
import { DEFAULT_PRIORITY_WEIGHT } from '@numerek/shared/constants';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
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

function check(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.pl.trim()) e['names.pl'] = 'Podaj nazwę po polsku.';
  if (d.pictogram && !/^[a-z0-9-]+$/.test(d.pictogram)) e.pictogram = 'Piktogram: małe litery, cyfry i „-”.';
  return e;
}

export function PriorityPage() {
  const groups = useResource<PriorityGroup[]>('/api/admin/priority-groups');
  const [editing, setEditing] = useState<PriorityGroup | 'new' | null>(null);
  return (
    <>
      <PolicyForm />
      <Section title="Grupy z pierwszeństwem">
        <p class="hint">
          Klient sam deklaruje grupę na biletomacie. Bilet zapamiętuje tylko „pierwszeństwo: tak” — nigdy
          grupę ani powód. Wszystkie grupy mają tę samą wagę (ustawioną wyżej), więc nic na bilecie nie
          zdradza, którą grupę wybrano. Urzędnik widzi wyłącznie słowo „pierwszeństwo”.
        </p>
        {groups.error && <p class="error">{groups.error}</p>}
        <DataTable label="Grupy z pierwszeństwem" columns={['Grupa', 'Stan', 'Podstawa', 'Czynności']}>
          {(groups.data ?? []).map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.names.pl}</th>
              <td>{g.active ? 'aktywna' : 'wyłączona'}</td>
              <td class="small-text">{g.legalBasis || '—'}</td>
              <td>
                <button type="button" class="btn small" onClick={() => setEditing(g)}>
                  Edytuj <span class="visually-hidden">{g.names.pl}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>
          Dodaj grupę
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
  const { d, set } = useDraft<Draft>(() => toDraft(props.group));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    void f
      .submit(check(d), async () => {
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
        return `Zapisano „${body.names.pl}”.`;
      })
      .then((ok) => ok && props.onSaved());
  };
  return (
    <Section title={props.group ? `Edycja: ${props.group.names.pl}` : 'Nowa grupa'} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <NameFields values={d} onInput={set} errors={f.errors} />
        <TextField
          label="Piktogram (klucz)"
          name="pictogram"
          value={d.pictogram}
          onInput={set('pictogram')}
          errors={f.errors}
          hint="np. disability, pregnancy, senior"
        />
        <TextField
          label="Podstawa prawna (notatka)"
          name="legalBasis"
          value={d.legalBasis}
          onInput={set('legalBasis')}
          errors={f.errors}
          multiline
        />
        <CheckField
          label="Aktywna (widoczna na biletomacie)"
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
  const settings = useResource<OfficePolicySettings>('/api/admin/settings');
  // The form appears once the settings are known, so nothing typed is overwritten by their arrival.
  if (!settings.data)
    return (
      <Section title="Zasady kolejki">
        <p role="status">{settings.error || 'Wczytywanie…'}</p>
      </Section>
    );
  return <PolicyFields initial={settings.data} />;
}

function PolicyFields(props: { initial: OfficePolicySettings }) {
  const [weight, setWeight] = useState(String(props.initial.priorityWeight));
  const [cap, setCap] = useState(props.initial.consecutivePriorityCap?.toString() ?? '');
  const [strict, setStrict] = useState(props.initial.strictPriority);
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const n = optionalInt(cap);
    const w = Number(weight.replace(',', '.'));
    const errors: FieldErrors = {};
    if (!(w >= 1 && w <= 10))
      errors.priorityWeight = `Waga: liczba od 1 do 10 (domyślnie ${DEFAULT_PRIORITY_WEIGHT}).`;
    if (n !== null && !(n >= 1 && n <= 20))
      errors.consecutivePriorityCap = 'Od 1 do 20 albo puste (wyłączone).';
    void f.submit(errors, async () => {
      await api('PATCH', '/api/admin/settings', {
        priorityWeight: w,
        consecutivePriorityCap: n,
        strictPriority: strict,
      });
      return 'Zapisano zasady kolejki. Obowiązują od następnego wywołania.';
    });
  };
  return (
    <Section title="Zasady kolejki">
      <div class="explain">
        <p>
          <strong>Jak wybierany jest następny klient.</strong> Każdy bilet zbiera punkty: waga × minuty
          oczekiwania. Zwykły bilet ma wagę 1, bilet z pierwszeństwem — wagę ustawioną niżej (domyślnie{' '}
          {DEFAULT_PRIORITY_WEIGHT}), tę samą dla każdej grupy. Wywoływany jest bilet z największą liczbą
          punktów. Przy wadze 4 osoba z pierwszeństwem wyprzedza tych, którzy czekają krócej niż
          czterokrotność jej czasu, ale nikt nie czeka bez końca: punkty zwykłych klientów też rosną.
        </p>
        <p>
          <strong>Maksymalne oczekiwanie</strong> (ustawiane w każdej sprawie): bilet czekający dłużej jest
          wywoływany pierwszy, a pulpit pokazuje alert.
        </p>
      </div>
      <form class="form" onSubmit={save} noValidate>
        <TextField
          label="Waga pierwszeństwa"
          name="priorityWeight"
          value={weight}
          onInput={setWeight}
          errors={f.errors}
          hint={`Ile razy szybciej liczy się czas oczekiwania osoby z pierwszeństwem niż zwykłego klienta (1–10, domyślnie ${DEFAULT_PRIORITY_WEIGHT}). Jedna dla wszystkich grup.`}
        />
        <TextField
          label="Limit kolejnych wywołań z pierwszeństwem na jednym stanowisku"
          name="consecutivePriorityCap"
          value={cap}
          onInput={setCap}
          errors={f.errors}
          hint="Np. 2: po dwóch klientach z pierwszeństwem z rzędu stanowisko wywoła klienta zwykłego, jeśli ktoś taki czeka. Puste = bez limitu."
        />
        <CheckField
          label="Tryb ścisły: klienci z pierwszeństwem zawsze przed pozostałymi (każda grupa w kolejności przyjścia)"
          name="strictPriority"
          checked={strict}
          onChange={setStrict}
          errors={f.errors}
        />
        <p class="hint">
          Tryb ścisły jest dla urzędów, których zarządzenie każe obsługiwać takie osoby natychmiast. W dzień
          dużego ruchu zwykli klienci mogą wtedy czekać bardzo długo.
        </p>
        <FormMessages formError={f.formError} done={f.done} />
        <button type="submit" class="btn primary" disabled={f.busy}>
          Zapisz zasady
        </button>
      </form>
    </Section>
  );
}
