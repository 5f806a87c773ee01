import type { Counter, Device, DeviceKind, DeviceWithPairingLink, Language, Printer } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { officeTime } from '@numerek/shared/office-time';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentOfficeZone } from './office-day.ts';
import { api, ApiError } from '../api.ts';
import { DisplaySettingsForm } from './DisplaySettingsForm.tsx';
import { errorText } from '../error-text.ts';
import { fmt } from '../i18n.ts';
import {
  FormFooter,
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
import { useWords, type ConsoleStrings, type Words } from './words.ts';

/** Until when a pairing link works, e.g. "wtorek, 14 maja 2025, 09:30", on the office's clock. */
const fmtUntil = (lang: Language, iso: string) => officeTime(lang, iso, currentOfficeZone(), 'longDateTime');

function stateOf(d: Device, w: ConsoleStrings['devices']): string {
  if (d.revoked) return w.revoked;
  return d.pairedAt ? w.paired : w.unpaired;
}

/** What the list's status line says, put in words when shown, so that it follows a change of language. */
type Said = (words: Words) => string;

/** `version` bumps when the office's configuration changes (another console renamed a device). */
export function DevicesPage(props: { version: number }) {
  const words = useWords();
  const { lang, c } = words;
  const w = c.devices;
  const devices = useResource<Device[]>('/api/admin/devices', props.version);
  const printers = useResource<Printer[]>('/api/admin/printers', props.version);
  const counters = useResource<Counter[]>('/api/admin/counters', props.version);
  const [created, setCreated] = useState<DeviceWithPairingLink | null>(null);
  const [status, setStatus] = useState<{ said: Said } | null>(null);
  const say = (said: Said | null) => setStatus(said && { said });
  const failed = (e: unknown) => say(({ t }) => errorText(t, e));
  const [editing, setEditing] = useState<string | null>(null);
  const edited = (devices.data ?? []).find((d) => d.id === editing && d.kind === 'display' && d.settings);
  // The device as it was when its rename form opened: the form stays while the list reloads.
  const [renaming, setRenaming] = useState<Device | null>(null);
  const renameButtons = useRef(new Map<string, HTMLButtonElement>());
  const list = useRef<HTMLDivElement>(null);

  const focusTable = () => list.current?.querySelector<HTMLElement>('.table-wrap')?.focus();
  /** The rename form closes; focus returns to the row's button, or to the table when the row has none now. */
  const closeRename = (id: string) => {
    setRenaming(null);
    const button = renameButtons.current.get(id);
    if (button) button.focus();
    else focusTable();
  };

  const patch = async (d: Device, body: object, done: Said) => {
    try {
      await api('PATCH', `/api/admin/devices/${d.id}`, body);
      say(done);
    } catch (e) {
      failed(e);
    }
    devices.reload();
  };

  const newLink = async (d: Device) => {
    try {
      setCreated(await api<DeviceWithPairingLink>('POST', `/api/admin/devices/${d.id}/pairing`, {}));
      say(null);
    } catch (e) {
      failed(e);
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
      {renaming && (
        <RenameForm
          key={renaming.id}
          device={renaming}
          onRenamed={(to) => {
            const from = renaming.name;
            say(({ c }) => fmt(c.devices.renamed, { from, to }));
            devices.reload();
            closeRename(renaming.id);
          }}
          onStale={() => devices.reload()}
          onClose={() => closeRename(renaming.id)}
        />
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
          {status?.said(words) || devices.error}
        </p>
        <div ref={list}>
          <DataTable label={w.table} columns={w.columns}>
            {(devices.data ?? []).map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>{w.kinds[d.kind]}</td>
                <td>{fmtTime(lang, d.lastSeenAt)}</td>
                <td>
                  {d.revoked ? (
                    '—'
                  ) : d.kind === 'kiosk' ? (
                    <select
                      aria-label={fmt(w.printerOf, { name: d.name })}
                      value={d.printerId ?? ''}
                      onChange={(e) =>
                        void patch(d, { printerId: e.currentTarget.value || null }, ({ c }) =>
                          fmt(c.devices.printerChanged, { name: d.name }),
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
                        void patch(d, { counterId: e.currentTarget.value || null }, ({ c }) =>
                          fmt(c.devices.counterChanged, { name: d.name }),
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
                  {!d.revoked && (
                    <RowButton
                      label={w.rename}
                      device={d}
                      buttons={renameButtons.current}
                      onClick={() => {
                        setEditing(null);
                        setRenaming(d);
                      }}
                      onGone={focusTable}
                    />
                  )}{' '}
                  {d.kind === 'display' && !d.revoked && (
                    <RowButton
                      label={c.displaySettings.open}
                      device={d}
                      onClick={() => {
                        setRenaming(null);
                        setEditing(d.id);
                      }}
                      onGone={focusTable}
                    />
                  )}{' '}
                  {!d.revoked && (
                    <RowButton
                      label={w.newLink}
                      device={d}
                      onClick={() => void newLink(d)}
                      onGone={focusTable}
                    />
                  )}{' '}
                  {!d.revoked && (
                    <RowButton
                      label={w.revoke}
                      device={d}
                      onClick={() =>
                        confirm(fmt(w.confirmRevoke, { name: d.name })) &&
                        void patch(d, { revoked: true }, ({ c }) =>
                          fmt(c.devices.revokedDone, { name: d.name }),
                        )
                      }
                      onGone={focusTable}
                    />
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
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

/**
 * A button of a device's row, named with the device for screen readers. When it goes while
 * focused (the device was revoked, here or in another console), focus moves to the table instead
 * of being lost. With `buttons`, the page can find it by the device's id to give focus back to.
 */
function RowButton(props: {
  label: string;
  device: Device;
  onClick: () => void;
  onGone: () => void;
  buttons?: Map<string, HTMLButtonElement>;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const gone = useRef(props.onGone);
  gone.current = props.onGone;
  const { buttons, device } = props;
  useEffect(() => {
    const el = button.current;
    if (!el) return;
    buttons?.set(device.id, el);
    return () => {
      buttons?.delete(device.id);
      // Still on the page with focus (its hooks cleaned up first), or taken off it already: then
      // its blur, below, saw it go.
      if (el === document.activeElement) gone.current();
    };
  }, [buttons, device.id]);
  return (
    <button
      type="button"
      class="btn small"
      ref={button}
      onClick={props.onClick}
      onBlur={(e) => {
        // A button taken off the page while focused loses focus to nothing.
        const el = e.currentTarget;
        if (e.relatedTarget === null)
          queueMicrotask(() => {
            if (!el.isConnected && (document.activeElement ?? document.body) === document.body)
              gone.current();
          });
      }}
    >
      {props.label} <span class="visually-hidden">{device.name}</span>
    </button>
  );
}

/** What the server says of a device revoked or removed since the list was loaded. */
const STALE = new Set<string>(['NOT_FOUND', 'ILLEGAL_TRANSITION']);

/**
 * A device's new name: the field starts with the name it has. Empty is refused here; too long
 * cannot be typed (`maxlength`) and is refused by the server too; a device revoked or removed
 * meanwhile (in another console) is said next to the field.
 */
function RenameForm(props: {
  device: Device;
  /** With the new name. */
  onRenamed: (name: string) => void;
  /** The server says the device was revoked or removed: the list is out of date. */
  onStale: () => void;
  onClose: () => void;
}) {
  const w = useWords().c.devices;
  const [name, setName] = useState(props.device.name);
  const f = useFormState((field, e) =>
    field !== 'name'
      ? undefined
      : e.code === 'ILLEGAL_TRANSITION'
        ? w.renameRevoked
        : e.code === 'NOT_FOUND'
          ? w.renameGone
          : undefined,
  );
  const save = (e: Event) => {
    e.preventDefault();
    const to = name.trim();
    const errors: FieldErrors = to ? {} : { name: w.errName };
    const said = fmt(w.renamed, { from: props.device.name, to });
    void f
      .submit(errors, async () => {
        try {
          await api('PATCH', `/api/admin/devices/${props.device.id}`, { name: to });
        } catch (error) {
          if (!(error instanceof ApiError) || !STALE.has(error.code)) throw error;
          props.onStale();
          // A device removed meanwhile: the refusal is about the device this field names.
          throw error.code === 'NOT_FOUND'
            ? new ApiError(error.status, error.code, error.message, { ...error.params, field: 'name' })
            : error;
        }
        return said;
      })
      .then((ok) => {
        if (ok) props.onRenamed(to);
      });
  };
  return (
    <Section title={fmt(w.renameTitle, { name: props.device.name })} focus>
      <form class="form grid-form" onSubmit={save} noValidate data-testid="rename-device">
        <TextField
          label={w.newName}
          name="name"
          value={name}
          onInput={setName}
          errors={f.errors}
          required
          maxLength={TEXT_LIMITS.deviceName}
        />
        <FormFooter f={f} onClose={props.onClose} saveLabel={w.saveName} />
      </form>
    </Section>
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
