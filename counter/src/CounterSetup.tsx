import type { Counter, CounterActionResult, PublicCategory } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';
import { errorText } from './error-text.ts';
import type { PanelProps } from './panel-props.ts';
import { fmt, nameIn } from './i18n.ts';
import { PanelHeader } from './PanelHeader.tsx';

const CHOSEN_KEY = 'numerek.counter.categories.';

/** The categories chosen last time at this counter, or all of them. */
function remembered(counter: Counter): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOSEN_KEY + counter.id) ?? 'null') as string[] | null;
    const valid = saved?.filter((id) => counter.categoryIds.includes(id)) ?? [];
    return valid.length ? valid : counter.categoryIds;
  } catch {
    return counter.categoryIds;
  }
}

/** Choosing the counter and the categories to serve today, then opening it. */
export function CounterSetup(
  props: PanelProps & {
    counters: Counter[];
    categories: PublicCategory[];
    counterId: string | null;
    /** The name of the counter the office closed while this clerk worked at it, to say so. */
    closedByOffice: string | null;
    onChoose: (id: string) => void;
    onOpened: () => void;
  },
) {
  const { t, lang, counters, categories } = props;
  const counter = counters.find((c) => c.id === props.counterId) ?? null;
  // Per counter, so that switching counters never races a click on a checkbox.
  const [chosenBy, setChosenBy] = useState<Record<string, string[]>>({});
  const chosen = counter ? (chosenBy[counter.id] ?? remembered(counter)) : [];
  const setChosen = (update: (prev: string[]) => string[]) => {
    if (counter) setChosenBy((m) => ({ ...m, [counter.id]: update(m[counter.id] ?? remembered(counter)) }));
  };
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const nameOf = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? `${c.prefix} – ${nameIn(c.names, lang)}` : id;
  };
  const stateOf = (c: Counter) =>
    c.clerk && c.clerk.id !== props.me.id
      ? fmt(t.counterTakenBy, { name: c.clerk.displayName })
      : c.state === 'closed'
        ? t.counterClosed
        : c.state === 'paused'
          ? t.counterPaused
          : t.counterOpen;

  const open = async (e: Event) => {
    e.preventDefault();
    if (!counter) return;
    if (chosen.length === 0) {
      setError(t.chooseOneCategory);
      return;
    }
    setBusy(true);
    setError('');
    try {
      localStorage.setItem(CHOSEN_KEY + counter.id, JSON.stringify(chosen));
      await api<CounterActionResult>('POST', `/api/counters/${counter.id}/open`, { categoryIds: chosen });
      props.onOpened();
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div class="page" data-screen="setup">
      <PanelHeader {...props} counter={null} live={null} />
      <main class="setup">
        <h1 ref={heading} tabIndex={-1}>
          {t.chooseCounter}
        </h1>
        {props.closedByOffice && (
          <p class="notice" role="status">
            {fmt(t.closedByOffice, { counter: props.closedByOffice })}
          </p>
        )}
        <form class="card form" onSubmit={open} noValidate>
          <div class="field">
            <label for="counter-select">{t.counter}</label>
            <select
              id="counter-select"
              value={counter?.id ?? ''}
              onChange={(e) => props.onChoose(e.currentTarget.value)}
            >
              {!counter && <option value="">—</option>}
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({stateOf(c)})
                </option>
              ))}
            </select>
          </div>
          {counter && (
            <fieldset class="checks">
              <legend>{t.categoriesToday}</legend>
              {counter.categoryIds.map((id) => (
                <label key={id} class="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(id)}
                    onChange={(e) =>
                      setChosen((prev) =>
                        e.currentTarget.checked ? [...prev, id] : prev.filter((x) => x !== id),
                      )
                    }
                  />
                  <span>{nameOf(id)}</span>
                </label>
              ))}
            </fieldset>
          )}
          <p class="error" role="alert">
            {error}
          </p>
          <button class="btn primary big" type="submit" disabled={!counter || busy}>
            {busy ? t.working : t.openCounter}
          </button>
        </form>
      </main>
    </div>
  );
}
