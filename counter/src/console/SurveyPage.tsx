import type { Role, SurveySettings } from '@numerek/shared';
import { SURVEY_MIN_ANSWERS_PER_CLERK } from '@numerek/shared/survey';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../i18n.ts';
import { CheckField, FormMessages, Section, useFormState, useResource } from './forms.tsx';
import { useWords } from './words.ts';
import { SURVEY_CONSOLE } from './words/survey.ts';

/** The office's visit survey: on or off, where it asks, and per-clerk results (an administrator's choice). */
export function SurveyPage(props: { role: Role }) {
  const { lang, t } = useWords();
  const w = SURVEY_CONSOLE[lang];
  const settings = useResource<SurveySettings>('/api/admin/survey/settings');
  return (
    <Section title={w.settings}>
      <p>{w.intro}</p>
      {settings.data ? (
        <SurveyForm initial={settings.data} admin={props.role === 'admin'} />
      ) : (
        <p role="status">{settings.error || t.loading}</p>
      )}
      <p class="hint">{w.tabletsHint}</p>
    </Section>
  );
}

function SurveyForm(props: { initial: SurveySettings; admin: boolean }) {
  const { lang } = useWords();
  const w = SURVEY_CONSOLE[lang];
  const [s, setS] = useState(props.initial);
  const f = useFormState();
  const set = (key: keyof SurveySettings) => (v: boolean) => setS((prev) => ({ ...prev, [key]: v }));
  const save = (e: Event) => {
    e.preventDefault();
    void f.submit({}, async () => {
      // Only an administrator sends the per-clerk switch; a supervisor's form leaves it as it is.
      const body = props.admin ? s : { enabled: s.enabled, tablet: s.tablet, phone: s.phone };
      setS(await api<SurveySettings>('PATCH', '/api/admin/survey/settings', body));
      return w.saved;
    });
  };
  return (
    <form class="form" onSubmit={save} noValidate>
      <CheckField
        label={w.enabled}
        name="enabled"
        checked={s.enabled}
        onChange={set('enabled')}
        errors={f.errors}
      />
      <CheckField
        label={w.tablet}
        name="tablet"
        checked={s.tablet}
        onChange={set('tablet')}
        errors={f.errors}
      />
      <CheckField label={w.phone} name="phone" checked={s.phone} onChange={set('phone')} errors={f.errors} />
      {props.admin ? (
        <CheckField
          label={w.perClerk}
          name="perClerk"
          checked={s.perClerk}
          onChange={set('perClerk')}
          errors={f.errors}
        />
      ) : (
        <p>
          {w.perClerk}: <strong>{s.perClerk ? '✓' : '—'}</strong> ({w.perClerkAdminOnly})
        </p>
      )}
      <p class="hint">{fmt(w.perClerkHint, { min: SURVEY_MIN_ANSWERS_PER_CLERK })}</p>
      <FormMessages formError={f.formError} done={f.done} />
      <button type="submit" class="btn primary" disabled={f.busy}>
        {w.save}
      </button>
    </form>
  );
}
