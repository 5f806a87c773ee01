import type { Device, DisplaySettings, Language } from '@numerek/shared';
import { useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../i18n.ts';
import {
  ALL_LANGUAGES,
  draftOf,
  previewQuery,
  settingsFrom,
  toggleLanguage,
  type DisplaySettingsDraft,
} from './display-settings-draft.ts';
import {
  CheckField,
  FormMessages,
  SelectField,
  TextField,
  useFormState,
  type FieldErrors,
} from './forms.tsx';
import { useWords } from './words.ts';

/** Plays one recording to its end (or until it fails). */
function playToEnd(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const audio = new Audio(url);
    audio.onended = () => resolve(true);
    audio.onerror = () => resolve(false);
    audio.play().catch(() => resolve(false));
  });
}

/** A hall screen's settings (languages, repeats, voice, sizes), with a "listen" button. */
export function DisplaySettingsForm(props: {
  device: Device & { settings: DisplaySettings };
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const { c } = useWords();
  const w = c.displaySettings;
  const [draft, setDraft] = useState<DisplaySettingsDraft>(() => draftOf(props.device.settings));
  const set =
    <K extends keyof DisplaySettingsDraft>(k: K) =>
    (v: DisplaySettingsDraft[K]) =>
      setDraft((d) => ({ ...d, [k]: v }));
  const f = useFormState();

  const save = (e: Event) => {
    e.preventDefault();
    const outcome = settingsFrom(draft, props.device.settings);
    const errors: FieldErrors =
      'errors' in outcome
        ? Object.fromEntries(Object.entries(outcome.errors).map(([k, v]) => [k, w[v]]))
        : {};
    void f.submit(errors, async () => {
      if (!('settings' in outcome)) return '';
      await api('PATCH', `/api/admin/devices/${props.device.id}`, { settings: outcome.settings });
      const message = fmt(w.saved, { name: props.device.name });
      props.onSaved(message);
      return message;
    });
  };

  return (
    <form class="form display-settings" onSubmit={save} noValidate data-testid="display-settings">
      <fieldset class="field" aria-describedby={f.errors.languages ? 'languages-err' : undefined}>
        <legend>{w.languages}</legend>
        {ALL_LANGUAGES.map((lang) => (
          <label key={lang} class="check">
            <input
              type="checkbox"
              name={`language-${lang}`}
              checked={draft.languages.includes(lang)}
              onChange={(e) =>
                set('languages')(toggleLanguage(draft.languages, lang, e.currentTarget.checked))
              }
            />
            <span>{w.languageNames[lang]}</span>
          </label>
        ))}
        {f.errors.languages && (
          <span class="field-error" id="languages-err">
            {f.errors.languages}
          </span>
        )}
      </fieldset>
      <SelectField
        label={w.repeat}
        name="repeat"
        value={draft.repeat}
        onChange={set('repeat')}
        errors={f.errors}
        options={['1', '2', '3', '4', '5'].map((n) => [n, n] as const)}
      />
      <SelectField
        label={w.voice}
        name="voice"
        value={draft.voice}
        onChange={(v) => set('voice')(v === 'browser' ? 'browser' : 'server')}
        errors={f.errors}
        hint={w.voiceHint}
        options={[
          ['server', w.voiceServer],
          ['browser', w.voiceBrowser],
        ]}
      />
      <CheckField label={w.sound} name="sound" checked={draft.sound} onChange={set('sound')} />
      <CheckField
        label={w.showWaiting}
        name="showWaiting"
        checked={draft.showWaiting}
        onChange={set('showWaiting')}
      />
      <TextField
        label={w.distance}
        name="viewingDistanceM"
        value={draft.viewingDistanceM}
        onInput={set('viewingDistanceM')}
        errors={f.errors}
      />
      <TextField
        label={w.screen}
        name="screenInches"
        value={draft.screenInches}
        onInput={set('screenInches')}
        errors={f.errors}
      />
      <FormMessages formError={f.formError} done={f.done} />
      <p class="actions">
        <button type="submit" class="btn primary" disabled={f.busy}>
          {w.save}
        </button>{' '}
        <button type="button" class="btn" onClick={props.onClose}>
          {w.close}
        </button>
      </p>
      <Listen languages={draft.languages} />
    </form>
  );
}

/** Plays the server's rendering of a sample call in each language ticked, one after another. */
function Listen(props: { languages: readonly Language[] }) {
  const { c } = useWords();
  const w = c.displaySettings;
  const [code, setCode] = useState('A17');
  const [counter, setCounter] = useState('1');
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const playing = useRef(false);

  const listen = async () => {
    if (playing.current) return;
    const queries = props.languages.map((lang) => [lang, previewQuery(lang, code, counter)] as const);
    const found: FieldErrors = {};
    if (!/^[A-Za-z]{1,3}\d{1,4}$/.test(code.trim())) found.sampleCode = w.errCode;
    if (queries.some(([, q]) => q === null) && !found.sampleCode) found.sampleCounter = w.errCounter;
    if (!/^\d{1,3}$/.test(counter.trim()) || Number(counter) < 1) found.sampleCounter = w.errCounter;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    playing.current = true;
    try {
      for (const [lang, query] of queries) {
        const language = w.languageNames[lang];
        setStatus(fmt(w.playing, { language }));
        if (!query || !(await playToEnd(query))) {
          setStatus(fmt(w.listenFailed, { language }));
          return;
        }
      }
      setStatus('');
    } finally {
      playing.current = false;
    }
  };

  return (
    <section class="listen" aria-labelledby="listen-title">
      <h3 id="listen-title">{w.listenTitle}</h3>
      <p>{w.listenIntro}</p>
      <TextField label={w.sampleCode} name="sampleCode" value={code} onInput={setCode} errors={errors} />
      <TextField
        label={w.sampleCounter}
        name="sampleCounter"
        value={counter}
        onInput={setCounter}
        errors={errors}
      />
      <button type="button" class="btn" onClick={() => void listen()} data-testid="listen">
        {w.listen}
      </button>
      <p class="result" role="status" data-testid="listen-status">
        {status}
      </p>
    </section>
  );
}
