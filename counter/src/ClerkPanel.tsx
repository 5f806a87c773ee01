import type { Counter, PublicCategory } from '@numerek/shared';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { errorText } from './error-text.ts';
import { CounterSetup } from './CounterSetup.tsx';
import type { PanelProps } from './panel-props.ts';
import { Workspace } from './Workspace.tsx';

const COUNTER_KEY = 'numerek.counter.counterId';

/**
 * The clerk's side: choose a counter (remembered on this computer) and its categories for today,
 * then work at it. A counter this clerk already has open is resumed straight away, which is how a
 * clerk whose session expired continues where they were.
 */
export function ClerkPanel(props: PanelProps) {
  const { t, me } = props;
  const [counters, setCounters] = useState<Counter[] | null>(null);
  const [categories, setCategories] = useState<PublicCategory[]>([]);
  const [counterId, setCounterId] = useState<string | null>(() => localStorage.getItem(COUNTER_KEY));
  const [working, setWorking] = useState(false);
  // The counter a supervisor or an administrator closed while this clerk worked at it.
  const [closedByOffice, setClosedByOffice] = useState<string | null>(null);
  // The error itself, so its words follow a change of language.
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [cs, cats] = await Promise.all([
        api<Counter[]>('GET', '/api/counters'),
        api<PublicCategory[]>('GET', '/api/categories'),
      ]);
      setCounters(cs.filter((c) => c.active));
      setCategories(cats);
      const stored = localStorage.getItem(COUNTER_KEY);
      const mine = cs.find((c) => c.state !== 'closed' && c.clerk?.id === me.id);
      const current = mine ?? cs.find((c) => c.id === stored);
      if (current) setCounterId(current.id);
      setWorking(!!mine);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [me.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const choose = (id: string) => {
    localStorage.setItem(COUNTER_KEY, id);
    setCounterId(id);
  };

  if (counters === null) {
    return (
      <main class="page">
        <p role="status">{loadError === null ? t.loading : errorText(t, loadError)}</p>
      </main>
    );
  }
  const counter = counters.find((c) => c.id === counterId) ?? null;
  if (working && counter) {
    return (
      <Workspace
        {...props}
        counter={counter}
        counters={counters}
        categories={categories}
        onLeft={(byOffice) => {
          setWorking(false);
          setClosedByOffice(byOffice ? counter.name : null);
          void load();
        }}
      />
    );
  }
  return (
    <CounterSetup
      {...props}
      counters={counters}
      categories={categories}
      counterId={counterId}
      closedByOffice={closedByOffice}
      onChoose={choose}
      onOpened={() => {
        setClosedByOffice(null);
        setWorking(true);
        void load();
      }}
    />
  );
}
