import { useState } from 'preact/hooks';
import { Field } from '../Modal.tsx';
import { Section } from './forms.tsx';

/** Downloads of the daily report; the files are made by the server. */
export function ReportsPage() {
  const [date, setDate] = useState(() => new Date().toLocaleDateString('sv-SE'));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const url = (format: 'csv' | 'pdf') => `/api/reports/daily?date=${date}&format=${format}`;
  return (
    <Section title="Raport dzienny">
      <div class="form inline-form">
        <Field label="Dzień" error={valid ? null : 'Wybierz datę.'}>
          {(f) => (
            <input
              id={f.id}
              type="date"
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={date}
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          )}
        </Field>
        {valid && (
          <p class="row-actions">
            <a class="btn" href={url('pdf')} download>
              Pobierz PDF
            </a>
            <a class="btn" href={url('csv')} download>
              Pobierz CSV
            </a>
          </p>
        )}
      </div>
    </Section>
  );
}
