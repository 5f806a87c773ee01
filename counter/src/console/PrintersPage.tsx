import type {
  CodePage,
  CutMode,
  CyrillicMode,
  Printer,
  PrinterCreate,
  PrintOutcome,
  Role,
} from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import {
  FormFooter,
  Section,
  SelectField,
  TextField,
  fmtTime,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';

// Records keyed by the protocol's unions: the compiler checks every code page and mode is offered.
const CODE_PAGE_NAMES: Record<CodePage, string> = {
  cp852: 'cp852 (Epson PC852)',
  cp1250: 'cp1250 (Epson WPC1250)',
  'cp1250-72': 'cp1250-72 (klony, ESC t 72)',
  'star-cp852': 'star-cp852 (Star)',
  'star-cp1250': 'star-cp1250 (Star)',
};
const CYRILLIC_NAMES: Record<CyrillicMode, string> = {
  cp866: 'cp866',
  wpc1251: 'wpc1251',
  raster: 'jako obraz (raster)',
};
const CUT_NAMES: Record<CutMode, string> = { full: 'pełne', partial: 'częściowe', none: 'bez cięcia' };
const options = <K extends string>(r: Record<K, string>) =>
  (Object.keys(r) as K[]).map((k) => [k, r[k]] as const);

export const PRINTER_STATE_NAMES: Record<Printer['status'], string> = {
  ok: 'gotowa',
  paper_near_end: 'papier się kończy',
  paper_out: 'brak papieru',
  cover_open: 'otwarta pokrywa',
  offline: 'wyłączona lub odłączona',
  no_answer: 'nie odpowiada',
};

export function PrintersPage(props: { version: number; role: Role }) {
  // Where a printer connects is an administrator's choice (the server opens that device or address).
  const admin = props.role === 'admin';
  const printers = useResource<Printer[]>('/api/admin/printers', props.version);
  const [editing, setEditing] = useState<Printer | 'new' | null>(null);
  const [status, setStatus] = useState('');

  const test = async (p: Printer) => {
    setStatus(`Drukuję próbny bilet na „${p.name}”…`);
    try {
      const r = await api<PrintOutcome>('POST', `/api/admin/printers/${p.id}/test`);
      setStatus(
        r.state === 'printed'
          ? `„${p.name}”: wydrukowano próbny bilet.`
          : `„${p.name}”: nie wydrukowano (${r.reason ? (PRINTER_STATE_NAMES[r.reason as Printer['status']] ?? r.reason) : r.state}).`,
      );
    } catch (e) {
      setStatus(messageOf(e));
    }
    printers.reload();
  };

  const remove = async (p: Printer) => {
    if (!confirm(`Usunąć drukarkę „${p.name}”?`)) return;
    try {
      await api('DELETE', `/api/admin/printers/${p.id}`);
      setStatus(`Usunięto „${p.name}”.`);
    } catch (e) {
      setStatus(messageOf(e));
    }
    printers.reload();
  };

  return (
    <>
      <Section title="Drukarki biletów">
        <p class="result" role="status">
          {status || printers.error}
        </p>
        {printers.data?.length === 0 && <p>Brak drukarek. Dodaj pierwszą poniżej.</p>}
        <DataTable
          label="Drukarki"
          columns={['Nazwa', 'Połączenie', 'Papier', 'Stan', 'Sprawdzono', 'Czynności']}
        >
          {(printers.data ?? []).map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>
                <code>{p.connection}</code>
              </td>
              <td>{p.paperWidth} mm</td>
              <td class={p.status === 'ok' ? '' : 'warn-text'}>
                {p.status === 'ok' ? '' : '⚠ '}
                {PRINTER_STATE_NAMES[p.status]}
              </td>
              <td>{fmtTime(p.statusAt)}</td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => void test(p)}>
                  Wydruk próbny <span class="visually-hidden">{p.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => setEditing(p)}>
                  Edytuj <span class="visually-hidden">{p.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void remove(p)}>
                  Usuń <span class="visually-hidden">{p.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        {admin ? (
          <button type="button" class="btn primary" onClick={() => setEditing('new')}>
            Dodaj drukarkę
          </button>
        ) : (
          <p>Drukarki dodaje i podłącza administrator.</p>
        )}
      </Section>
      {editing && (
        <PrinterForm
          key={editing === 'new' ? 'new' : editing.id}
          printer={editing === 'new' ? null : editing}
          admin={admin}
          onSaved={printers.reload}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function PrinterForm(props: {
  printer: Printer | null;
  admin: boolean;
  onSaved: () => void;
  onClose: () => void;
}) {
  const p = props.printer;
  const [name, setName] = useState(p?.name ?? '');
  const [connection, setConnection] = useState(p?.connection ?? 'tcp://192.168.1.50:9100');
  const [codePage, setCodePage] = useState<CodePage>(p?.codePage ?? 'cp852');
  const [paperWidth, setPaperWidth] = useState<'58' | '80'>(p?.paperWidth === 58 ? '58' : '80');
  const [cyrillic, setCyrillic] = useState<CyrillicMode>(p?.cyrillic ?? 'raster');
  const [cut, setCut] = useState<CutMode>(p?.cut ?? 'partial');
  const [maxAge, setMaxAge] = useState(String(p?.maxJobAgeSeconds ?? 30));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!name.trim()) errors.name = 'Podaj nazwę drukarki.';
    if (!/^(tcp:\/\/.+:\d{1,5}|usb:\/dev\/.+|serial:\/dev\/.+|virtual)$/.test(connection))
      errors.connection =
        'Połączenie: „tcp://adres:9100”, „usb:/dev/usb/lp0”, „serial:/dev/ttyUSB0?baud=19200” lub „virtual”.';
    const age = Number(maxAge);
    if (!Number.isInteger(age) || age < 5 || age > 600) errors.maxJobAgeSeconds = 'Od 5 do 600 sekund.';
    void f
      .submit(errors, async () => {
        const body: PrinterCreate = {
          name: name.trim(),
          connection: props.admin ? connection : (p?.connection ?? connection),
          codePage,
          paperWidth: paperWidth === '58' ? 58 : 80,
          cyrillic,
          cut,
          maxJobAgeSeconds: age,
        };
        if (p) await api('PATCH', `/api/admin/printers/${p.id}`, body);
        else await api('POST', '/api/admin/printers', body);
        return `Zapisano „${body.name}”.`;
      })
      .then((ok) => ok && props.onSaved());
  };
  return (
    <Section title={p ? `Edycja: ${p.name}` : 'Nowa drukarka'} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField label="Nazwa" name="name" value={name} onInput={setName} errors={f.errors} />
        <TextField
          label="Połączenie"
          name="connection"
          value={connection}
          onInput={setConnection}
          errors={f.errors}
          readOnly={!props.admin}
          hint={props.admin ? 'np. tcp://192.168.1.50:9100' : 'Zmienia je tylko administrator.'}
        />
        <SelectField
          label="Strona kodowa (polskie znaki)"
          name="codePage"
          value={codePage}
          onChange={(v) => setCodePage(v as CodePage)}
          errors={f.errors}
          options={options(CODE_PAGE_NAMES)}
        />
        <SelectField
          label="Szerokość papieru"
          name="paperWidth"
          value={paperWidth}
          onChange={(v) => setPaperWidth(v === '58' ? '58' : '80')}
          errors={f.errors}
          options={[
            ['80', '80 mm'],
            ['58', '58 mm'],
          ]}
        />
        <SelectField
          label="Cyrylica (bilety po ukraińsku)"
          name="cyrillic"
          value={cyrillic}
          onChange={(v) => setCyrillic(v as CyrillicMode)}
          errors={f.errors}
          options={options(CYRILLIC_NAMES)}
        />
        <SelectField
          label="Cięcie"
          name="cut"
          value={cut}
          onChange={(v) => setCut(v as CutMode)}
          errors={f.errors}
          options={options(CUT_NAMES)}
        />
        <TextField
          label="Maksymalny wiek zadania (sekundy)"
          name="maxJobAgeSeconds"
          value={maxAge}
          onInput={setMaxAge}
          errors={f.errors}
          hint="bilet niewydrukowany w tym czasie jest porzucany, nigdy drukowany z opóźnieniem"
        />
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}
