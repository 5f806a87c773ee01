import type { Device, DeviceKind, DeviceWithPairingLink, Printer } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
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

const KIND_NAMES: Record<DeviceKind, string> = { kiosk: 'biletomat', display: 'monitor w hali' };

/** Until when a pairing link works, e.g. "wtorek, 14 maja 2025, 09:30". */
const fmtUntil = (iso: string) =>
  new Date(iso).toLocaleString('pl-PL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

function stateOf(d: Device): string {
  if (d.revoked) return 'unieważnione';
  return d.pairedAt ? 'aktywne' : 'czeka na sparowanie';
}

export function DevicesPage() {
  const devices = useResource<Device[]>('/api/admin/devices');
  const printers = useResource<Printer[]>('/api/admin/printers');
  const [created, setCreated] = useState<DeviceWithPairingLink | null>(null);
  const [status, setStatus] = useState('');

  const patch = async (d: Device, body: object, done: string) => {
    try {
      await api('PATCH', `/api/admin/devices/${d.id}`, body);
      setStatus(done);
    } catch (e) {
      setStatus(messageOf(e));
    }
    devices.reload();
  };

  const newLink = async (d: Device) => {
    try {
      setCreated(await api<DeviceWithPairingLink>('POST', `/api/admin/devices/${d.id}/pairing`, {}));
      setStatus('');
    } catch (e) {
      setStatus(messageOf(e));
    }
  };

  return (
    <>
      {created && (
        <Section key={created.pairingUrl} title="Link parowania — pokazywany tylko teraz" focus>
          <p>
            Otwórz ten link raz w przeglądarce urządzenia „{created.name}”. Link działa tylko raz i tylko do
            czasu podanego niżej; urządzenie dostaje wtedy własny klucz, który zachowuje. Jeśli link wygaśnie
            albo go zgubisz, utwórz nowy przyciskiem „Nowy link parowania” w tabeli.
          </p>
          <p data-testid="pairing-expires">
            Ważny do: <strong>{fmtUntil(created.pairingExpiresAt)}</strong>
          </p>
          <label class="field">
            <span>Link parowania</span>
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
            alt={`Kod QR linku parowania urządzenia „${created.name}”`}
            width={200}
            height={200}
            data-testid="pairing-qr"
          />
          <p>
            <a href={created.pairingUrl} target="_blank" rel="noreferrer">
              Otwórz link w nowej karcie
            </a>
          </p>
          <button type="button" class="btn" onClick={() => setCreated(null)}>
            Zapisałem link — ukryj
          </button>
        </Section>
      )}
      <Section title="Biletomaty i monitory">
        <p>
          „Nowy link parowania” niczego nie wyłącza: urządzenie działa dalej, dopóki nowy link nie zostanie
          użyty; wtedy jego dotychczasowy klucz przestaje działać.
        </p>
        <p class="result" role="status">
          {status || devices.error}
        </p>
        <DataTable
          label="Urządzenia"
          columns={['Nazwa', 'Rodzaj', 'Ostatnio widziane', 'Drukarka', 'Stan', 'Czynności']}
        >
          {(devices.data ?? []).map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.name}</th>
              <td>{KIND_NAMES[d.kind]}</td>
              <td>{fmtTime(d.lastSeenAt)}</td>
              <td>
                {d.kind === 'kiosk' ? (
                  <select
                    aria-label={`Drukarka biletomatu ${d.name}`}
                    value={d.printerId ?? ''}
                    onChange={(e) =>
                      void patch(
                        d,
                        { printerId: e.currentTarget.value || null },
                        `Zmieniono drukarkę: ${d.name}.`,
                      )
                    }
                  >
                    <option value="">— brak —</option>
                    {(printers.data ?? []).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  '—'
                )}
              </td>
              <td>{stateOf(d)}</td>
              <td>
                {!d.revoked && (
                  <button type="button" class="btn small" onClick={() => void newLink(d)}>
                    Nowy link parowania <span class="visually-hidden">{d.name}</span>
                  </button>
                )}{' '}
                {!d.revoked && (
                  <button
                    type="button"
                    class="btn small"
                    onClick={() =>
                      confirm(`Unieważnić „${d.name}”? Urządzenie od razu przestanie działać.`) &&
                      void patch(d, { revoked: true }, `Unieważniono „${d.name}”.`)
                    }
                  >
                    Unieważnij <span class="visually-hidden">{d.name}</span>
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
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [name, setName] = useState('');
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = name.trim() ? {} : { name: 'Podaj nazwę, np. „Biletomat – parter”.' };
    void f.submit(errors, async () => {
      props.onCreated(
        await api<DeviceWithPairingLink>('POST', '/api/admin/devices', { kind, name: name.trim() }),
      );
      setName('');
      return 'Dodano urządzenie. Link parowania jest powyżej.';
    });
  };
  return (
    <Section title="Dodaj urządzenie">
      <form class="form grid-form" onSubmit={save} noValidate>
        <SelectField
          label="Rodzaj"
          name="kind"
          value={kind}
          onChange={(v) => setKind(v as DeviceKind)}
          errors={f.errors}
          options={[
            ['kiosk', KIND_NAMES.kiosk],
            ['display', KIND_NAMES.display],
          ]}
        />
        <TextField label="Nazwa" name="name" value={name} onInput={setName} errors={f.errors} />
        <FormMessages formError={f.formError} done={f.done} />
        <button type="submit" class="btn primary" disabled={f.busy}>
          Dodaj i pokaż link parowania
        </button>
      </form>
    </Section>
  );
}
