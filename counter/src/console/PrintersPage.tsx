import type {
  CodePage,
  CutMode,
  CyrillicMode,
  Device,
  Printer,
  PrinterCreate,
  PrintOutcome,
  Role,
} from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt } from '../i18n.ts';
import {
  FormFooter,
  Section,
  SelectField,
  TextField,
  fmtTime,
  useAdded,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';
import { labelOf } from './labels.ts';
import { useWords, type ConsoleStrings } from './words.ts';

// Records keyed by the protocol's unions: the compiler checks every code page and mode is offered.
const codePageNames = (w: ConsoleStrings['printers']): Record<CodePage, string> => ({
  cp852: 'cp852 (Epson PC852)',
  cp1250: 'cp1250 (Epson WPC1250)',
  'cp1250-72': `cp1250-72 (${w.clones}, ESC t 72)`,
  'star-cp852': 'star-cp852 (Star)',
  'star-cp1250': 'star-cp1250 (Star)',
});
const cyrillicNames = (w: ConsoleStrings['printers']): Record<CyrillicMode, string> => ({
  cp866: 'cp866',
  wpc1251: 'wpc1251',
  raster: w.raster,
});
const options = <K extends string>(r: Record<K, string>) =>
  (Object.keys(r) as K[]).map((k) => [k, r[k]] as const);
const CONNECTION_EXAMPLES = ['tcp://192.168.1.50:9100', 'usb:/dev/usb/lp0', 'serial:/dev/ttyUSB0?baud=19200'];

export function PrintersPage(props: { version: number; role: Role }) {
  // Where a printer connects is an administrator's choice (the server opens that device or address).
  const admin = props.role === 'admin';
  const { lang, t, c } = useWords();
  const w = c.printers;
  const printers = useResource<Printer[]>('/api/admin/printers', props.version);
  const devices = useResource<Device[]>('/api/admin/devices', props.version);
  const agents = (devices.data ?? []).filter((d) => d.kind === 'print-agent');
  const agentName = (id: string | null) => agents.find((a) => a.id === id)?.name ?? '';
  const [editing, setEditing] = useState<Printer | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const { addButton, added } = useAdded(
    () => setEditing(null),
    setStatus,
    () => printers.reload(),
  );

  const test = async (p: Printer) => {
    setStatus(fmt(w.testing, { name: p.name }));
    try {
      const r = await api<PrintOutcome>('POST', `/api/admin/printers/${p.id}/test`);
      setStatus(
        r.state === 'printed'
          ? fmt(w.printed, { name: p.name })
          : fmt(w.notPrinted, {
              name: p.name,
              why: labelOf({ ...w.states, ...c.printFailures }, r.reason ?? r.state),
            }),
      );
    } catch (e) {
      setStatus(errorText(t, e));
    }
    printers.reload();
  };

  const remove = async (p: Printer) => {
    if (!confirm(fmt(w.confirmRemove, { name: p.name }))) return;
    try {
      await api('DELETE', `/api/admin/printers/${p.id}`);
      setStatus(fmt(w.removed, { name: p.name }));
    } catch (e) {
      setStatus(errorText(t, e));
    }
    printers.reload();
  };

  return (
    <>
      <Section title={w.title}>
        <p class="result" role="status">
          {status || printers.error}
        </p>
        {printers.data?.length === 0 && <p>{w.none}</p>}
        <DataTable label={w.table} columns={w.columns}>
          {(printers.data ?? []).map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>
                <code data-any-language>{p.connection}</code>
                {p.agentId && (
                  <div class="small-text">{fmt(w.throughAgent, { name: agentName(p.agentId) })}</div>
                )}
              </td>
              <td>{p.paperWidth} mm</td>
              <td class={p.status === 'ok' ? '' : 'warn-text'}>
                {p.status === 'ok' ? '' : '⚠ '}
                {w.states[p.status]}
              </td>
              <td>{fmtTime(lang, p.statusAt)}</td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => void test(p)}>
                  {w.testPrint} <span class="visually-hidden">{p.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => setEditing(p)}>
                  {c.edit} <span class="visually-hidden">{p.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void remove(p)}>
                  {c.remove} <span class="visually-hidden">{p.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        {admin ? (
          <button type="button" class="btn primary" ref={addButton} onClick={() => setEditing('new')}>
            {w.add}
          </button>
        ) : (
          <p>{w.adminAdds}</p>
        )}
      </Section>
      {editing && (
        <PrinterForm
          key={editing === 'new' ? 'new' : editing.id}
          printer={editing === 'new' ? null : editing}
          agents={agents}
          admin={admin}
          onSaved={printers.reload}
          onCreated={added}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function PrinterForm(props: {
  printer: Printer | null;
  /** The office's print agents, to print through one of them. */
  agents: Device[];
  admin: boolean;
  onSaved: () => void;
  /** After a new printer is added, with the sentence that says so. */
  onCreated: (said: string) => void;
  onClose: () => void;
}) {
  const { c } = useWords();
  const w = c.printers;
  const p = props.printer;
  const [name, setName] = useState(p?.name ?? '');
  const [connection, setConnection] = useState(p?.connection ?? 'tcp://192.168.1.50:9100');
  const [agentId, setAgentId] = useState(p?.agentId ?? '');
  const [codePage, setCodePage] = useState<CodePage>(p?.codePage ?? 'cp852');
  const [paperWidth, setPaperWidth] = useState<'58' | '80'>(p?.paperWidth === 58 ? '58' : '80');
  const [cyrillic, setCyrillic] = useState<CyrillicMode>(p?.cyrillic ?? 'raster');
  const [cut, setCut] = useState<CutMode>(p?.cut ?? 'partial');
  const [maxAge, setMaxAge] = useState(String(p?.maxJobAgeSeconds ?? 30));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!name.trim()) errors.name = w.errName;
    if (!/^(tcp:\/\/.+:\d{1,5}|usb:\/dev\/.+|serial:\/dev\/.+|virtual)$/.test(connection))
      errors.connection = fmt(w.errConnection, {
        examples: `${CONNECTION_EXAMPLES.join(', ')} ${w.or} virtual`,
      });
    const age = Number(maxAge);
    if (!Number.isInteger(age) || age < 5 || age > 600) errors.maxJobAgeSeconds = w.errMaxAge;
    let said = '';
    void f
      .submit(errors, async () => {
        const body: PrinterCreate = {
          name: name.trim(),
          connection: props.admin ? connection : (p?.connection ?? connection),
          agentId: props.admin ? agentId || null : (p?.agentId ?? null),
          codePage,
          paperWidth: paperWidth === '58' ? 58 : 80,
          cyrillic,
          cut,
          maxJobAgeSeconds: age,
        };
        if (p) await api('PATCH', `/api/admin/printers/${p.id}`, body);
        else await api('POST', '/api/admin/printers', body);
        said = fmt(w.saved, { name: body.name });
        return said;
      })
      .then((ok) => {
        if (ok && p) props.onSaved();
        else if (ok) props.onCreated(said);
      });
  };
  return (
    <Section title={p ? fmt(c.editing, { name: p.name }) : w.new} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField
          label={w.name}
          name="name"
          value={name}
          onInput={setName}
          errors={f.errors}
          maxLength={TEXT_LIMITS.printerName}
        />
        <SelectField
          label={w.agent}
          name="agentId"
          value={agentId}
          onChange={setAgentId}
          errors={f.errors}
          disabled={!props.admin}
          options={[
            ['', w.direct],
            ...props.agents
              .filter((a) => !a.revoked || a.id === agentId)
              .map((a) => [a.id, fmt(w.viaAgent, { name: a.name })] as const),
          ]}
          hint={props.admin ? w.agentHint : w.adminOnly}
        />
        <TextField
          label={w.connection}
          name="connection"
          value={connection}
          onInput={setConnection}
          errors={f.errors}
          readOnly={!props.admin}
          maxLength={TEXT_LIMITS.printerConnection}
          hint={props.admin ? w.connectionHint : w.adminOnly}
        />
        <SelectField
          label={w.codePage}
          name="codePage"
          value={codePage}
          onChange={(v) => setCodePage(v as CodePage)}
          errors={f.errors}
          options={options(codePageNames(w))}
        />
        <SelectField
          label={w.paperWidth}
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
          label={w.cyrillic}
          name="cyrillic"
          value={cyrillic}
          onChange={(v) => setCyrillic(v as CyrillicMode)}
          errors={f.errors}
          options={options(cyrillicNames(w))}
        />
        <SelectField
          label={w.cut}
          name="cut"
          value={cut}
          onChange={(v) => setCut(v as CutMode)}
          errors={f.errors}
          options={options(w.cuts)}
        />
        <TextField
          label={w.maxAge}
          name="maxJobAgeSeconds"
          value={maxAge}
          onInput={setMaxAge}
          errors={f.errors}
          hint={w.maxAgeHint}
        />
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}
