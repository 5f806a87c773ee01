import type { Counter, Device, DeviceKind, DeviceWithPairingLink, Language, Printer } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { officeTime } from '@numerek/shared/office-time';
import { useState } from 'preact/hooks';
import { currentOfficeZone } from './office-day.ts';
import { api } from '../api.ts';
import { DisplaySettingsForm } from './DisplaySettingsForm.tsx';
import { errorText } from '../error-text.ts';
import { fmt } from '../i18n.ts';
import {
  FormMessages,
  Section,
  SelectField,
  TextField,
  fmtTime,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';
import { useWords, type ConsoleStrings } from './words.ts';

/** Until when a pairing link works, e.g. "wtorek, 14 maja 2025, 09:30", on the office's clock. */
const fmtUntil = (lang: Language, iso: string) => officeTime(lang, iso, currentOfficeZone(), 'longDateTime');

function stateOf(d: Device, w: ConsoleStrings['devices']): string {
  if (d.revoked) return w.revoked;
  return d.pairedAt ? w.paired : w.unpaired;
}

export function DevicesPage() {
  const { lang, t, c } = useWords();
  const w = c.devices;
  const devices = useResource<Device[]>('/api/admin/devices');
  const printers = useResource<Printer[]>('/api/admin/printers');
  const counters = useResource<Counter[]>('/api/admin/counters');
  const [created, setCreated] = useState<DeviceWithPairingLink | null>(null);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const edited = (devices.data ?? []).find((d) => d.id === editing && d.kind === 'display' && d.settings);

  const patch = async (d: Device, body: object, done: string) => {
    try {
      await api('PATCH', `/api/admin/devices/${d.id}`, body);
      setStatus(done);
    } catch (e) {
      setStatus(errorText(t, e));
    }
    devices.reload();
  };

  const newLink = async (d: Device) => {
    try {
      setCreated(await api<DeviceWithPairingLink>('POST', `/api/admin/devices/${d.id}/pairing`, {}));
      setStatus('');
    } catch (e) {
      setStatus(errorText(t, e));
    }
  };

  return (
    <>
      {created?.kind === 'print-agent' && (
        <Section key={created.pairingUrl} title={w.linkTitle} focus>
          <p>{fmt(w.agentIntro, { name: created.name })}</p>
          <p data-testid="pairing-expires">
            {w.validUntil} <strong>{fmtUntil(lang, created.pairingExpiresAt)}</strong>
          </p>
          <label class="field">
            <span>{w.agentCommand}</span>
            <input
              readOnly
              value={`NUMEREK_PAIRING='${created.pairingUrl}' npm run print-agent`}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="pairing-command"
              data-any-language
            />
          </label>
          <button type="button" class="btn" onClick={() => setCreated(null)}>
            {w.hideLink}
          </button>
        </Section>
      )}
      {created && created.kind !== 'print-agent' && (
        <Section key={created.pairingUrl} title={w.linkTitle} focus>
          <p>{fmt(created.kind === 'portal' ? w.portalIntro : w.linkIntro, { name: created.name })}</p>
          <p data-testid="pairing-expires">
            {w.validUntil} <strong>{fmtUntil(lang, created.pairingExpiresAt)}</strong>
          </p>
          <label class="field">
            <span>{w.link}</span>
            <input
              readOnly
              value={created.pairingUrl}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="pairing-url"
            />
          </label>
          <img
            class="pairing-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(created.pairingQrSvg)}`}
            alt={fmt(w.qr, { name: created.name })}
            width={200}
            height={200}
            data-testid="pairing-qr"
          />
          <p>
            <a href={created.pairingUrl} target="_blank" rel="noreferrer">
              {w.openLink}
            </a>
          </p>
          <button type="button" class="btn" onClick={() => setCreated(null)}>
            {w.hideLink}
          </button>
        </Section>
      )}
      {edited?.settings && (
        <Section key={edited.id} title={fmt(c.displaySettings.title, { name: edited.name })} focus>
          <DisplaySettingsForm
            device={{ ...edited, settings: edited.settings }}
            onSaved={() => devices.reload()}
            onClose={() => setEditing(null)}
          />
        </Section>
      )}
      <Section title={w.list}>
        <p>{w.newLinkHint}</p>
        <p class="result" role="status">
          {status || devices.error}
        </p>
        <DataTable label={w.table} columns={w.columns}>
          {(devices.data ?? []).map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th>
              <td>{w.kinds[d.kind]}</td>
              <td>{fmtTime(lang, d.lastSeenAt)}</td>
              <td>
                {d.kind === 'kiosk' ? (
                  <select
                    aria-label={fmt(w.printerOf, { name: d.name })}
                    value={d.printerId ?? ''}
                    onChange={(e) =>
                      void patch(
                        d,
                        { printerId: e.currentTarget.value || null },
                        fmt(w.printerChanged, { name: d.name }),
                      )
                    }
                  >
                    <option value="">{w.noPrinter}</option>
                    {(printers.data ?? []).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                ) : d.kind === 'feedback' ? (
                  <select
                    aria-label={fmt(w.counterOf, { name: d.name })}
                    value={d.counterId ?? ''}
                    onChange={(e) =>
                      void patch(
                        d,
                        { counterId: e.currentTarget.value || null },
                        fmt(w.counterChanged, { name: d.name }),
                      )
                    }
                  >
                    <option value="">{w.noPrinter}</option>
                    {(counters.data ?? []).map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  '—'
                )}
              </td>
              <td>{stateOf(d, w)}</td>
              <td>
                {d.kind === 'display' && !d.revoked && (
                  <button type="button" class="btn small" onClick={() => setEditing(d.id)}>
                    {c.displaySettings.open} <span class="visually-hidden">{d.name}</span>
                  </button>
                )}{' '}
                {!d.revoked && (
                  <button type="button" class="btn small" onClick={() => void newLink(d)}>
                    {w.newLink} <span class="visually-hidden">{d.name}</span>
                  </button>
                )}{' '}
                {!d.revoked && (
                  <button
                    type="button"
                    class="btn small"
                    onClick={() =>
                      confirm(fmt(w.confirmRevoke, { name: d.name })) &&
                      void patch(d, { revoked: true }, fmt(w.revokedDone, { name: d.name }))
                    }
                  >
                    {w.revoke} <span class="visually-hidden">{d.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </Section>
      <NewDevice
        onCreated={(d) => {
          setCreated(d);
          devices.reload();
        }}
      />
    </>
  );
}

function NewDevice(props: { onCreated: (d: DeviceWithPairingLink) => void }) {
  const w = useWords().c.devices;
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [name, setName] = useState('');
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = name.trim() ? {} : { name: w.errName };
    void f.submit(errors, async () => {
      props.onCreated(
        await api<DeviceWithPairingLink>('POST', '/api/admin/devices', { kind, name: name.trim() }),
      );
      setName('');
      return w.added;
    });
  };
  return (
    <Section title={w.add}>
      <form class="form grid-form" onSubmit={save} noValidate>
        <SelectField
          label={w.kind}
          name="kind"
          value={kind}
          onChange={(v) => setKind(v as DeviceKind)}
          errors={f.errors}
          options={(Object.keys(w.kinds) as DeviceKind[]).map((k) => [k, w.kinds[k]] as const)}
        />
        <TextField
          label={w.name}
          name="name"
          value={name}
          onInput={setName}
          errors={f.errors}
          maxLength={TEXT_LIMITS.deviceName}
        />
        <FormMessages formError={f.formError} done={f.done} />
        <button type="submit" class="btn primary" disabled={f.busy}>
          {w.addAndShow}
        </button>
      </form>
    </Section>
  );
}
