import type { Device, DeviceKind, DeviceWithToken, Printer } from '@numerek/shared';
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

export function DevicesPage() {
  const devices = useResource<Device[]>('/api/admin/devices');
  const printers = useResource<Printer[]>('/api/admin/printers');
  const [created, setCreated] = useState<DeviceWithToken | null>(null);
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

  return (
    <>
      {created && (
        <Section title="Link parowania — pokazywany tylko teraz" focus>
          <p>
            Otwórz ten link raz w przeglądarce urządzenia „{created.name}”. Potem link przestaje być widoczny;
            jeśli go zgubisz, unieważnij urządzenie i dodaj je ponownie.
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
              <td>{d.revoked ? 'unieważnione' : 'aktywne'}</td>
              <td>
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

function NewDevice(props: { onCreated: (d: DeviceWithToken) => void }) {
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [name, setName] = useState('');
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = name.trim() ? {} : { name: 'Podaj nazwę, np. „Biletomat – parter”.' };
    void f.submit(errors, async () => {
      props.onCreated(await api<DeviceWithToken>('POST', '/api/admin/devices', { kind, name: name.trim() }));
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
