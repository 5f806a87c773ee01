import type { IssuedTicket, Language, PublicCategory, PublicPriorityGroup } from '@numerek/shared';
import { KIOSK_LANGUAGES, STRINGS, countPeople, fallbackLang, fill, nameIn } from './i18n.ts';
import { categoryView, countersText, printMessage, waitOf } from './model.ts';
import { Hyphenated } from './Hyphenated.tsx';
import { Pictogram } from './Pictogram.tsx';

export function LanguageScreen({ onChoose }: { onChoose: (lang: Language) => void }) {
  return (
    <div class="language-list">
      {KIOSK_LANGUAGES.map((l) => (
        <button type="button" key={l} class="primary language-choice" lang={l} onClick={() => onChoose(l)}>
          <span class="language-name">{STRINGS[l].languageName}</span>
          <span class="language-hint">{STRINGS[l].start}</span>
        </button>
      ))}
    </div>
  );
}

interface CategoriesProps {
  lang: Language;
  categories: readonly PublicCategory[];
  onChoose: (c: PublicCategory) => void;
  onUnavailable: (c: PublicCategory) => void;
}

export function CategoriesScreen({ lang, categories, onChoose, onUnavailable }: CategoriesProps) {
  const t = STRINGS[lang];
  if (categories.length === 0) return <p class="notice">{t.noCategories}</p>;
  return (
    <ul class="tiles" role="list">
      {categories.map((c) => {
        const v = categoryView(c, lang);
        const name = nameIn(c.names, lang);
        return (
          <li key={c.id}>
            <button
              type="button"
              class={v.available ? 'tile' : 'tile unavailable'}
              aria-disabled={v.available ? undefined : 'true'}
              data-category={c.prefix}
              onClick={() => (v.available ? onChoose(c) : onUnavailable(c))}
            >
              <Pictogram name={c.pictogram} class="tile-picto" />
              <span class="tile-text">
                <span class="tile-name" lang={fallbackLang(c.names, lang)}>
                  <Hyphenated text={name} lang={fallbackLang(c.names, lang) ?? lang} />
                </span>
                {v.badge && (
                  <span class="badge">
                    <Pictogram name={c.status === 'closed' ? 'closed' : 'unavailable'} class="badge-icon" />
                    {v.badge}
                  </span>
                )}
                <span class="tile-detail">{v.detail}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

interface PriorityProps {
  lang: Language;
  groups: readonly PublicPriorityGroup[];
  interpreter: boolean;
  onInterpreter: (on: boolean) => void;
  onChoose: (groupId: string | null) => void;
}

/** K11: one optional step, self-declared; "no" is the first and the same size as "yes". K13 sits here too. */
export function PriorityScreen({ lang, groups, interpreter, onInterpreter, onChoose }: PriorityProps) {
  const t = STRINGS[lang];
  return (
    <div class="priority">
      <ul class="tiles choices" role="list">
        <li>
          <button type="button" class="tile no-priority" data-priority="none" onClick={() => onChoose(null)}>
            <Pictogram name="ticket" class="tile-picto" />
            <span class="tile-text">
              <span class="tile-name">
                <Hyphenated text={t.noPriority} lang={lang} />
              </span>
            </span>
          </button>
        </li>
        {groups.map((g) => (
          <li key={g.id}>
            <button type="button" class="tile" data-priority={g.pictogram} onClick={() => onChoose(g.id)}>
              <Pictogram name={g.pictogram} class="tile-picto" />
              <span class="tile-text">
                <span class="tile-detail">
                  <Hyphenated text={t.withPriority} lang={lang} />
                </span>
                <span class="tile-name" lang={fallbackLang(g.names, lang)}>
                  <Hyphenated text={nameIn(g.names, lang)} lang={fallbackLang(g.names, lang) ?? lang} />
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="interpreter"
        aria-pressed={interpreter}
        data-interpreter=""
        onClick={() => onInterpreter(!interpreter)}
      >
        <span class="checkbox" aria-hidden="true">
          {interpreter ? '✓' : ''}
        </span>
        <Pictogram name="interpreter" class="tile-picto" />
        <span class="tile-text">
          <span class="tile-name">
            <Hyphenated text={t.interpreter} lang={lang} />
          </span>
          <span class="tile-detail">
            {interpreter ? `✓ ${t.on}. ` : ''}
            <Hyphenated text={t.interpreterHint} lang={lang} />
          </span>
        </span>
      </button>
    </div>
  );
}

interface TicketProps {
  lang: Language;
  ticket: IssuedTicket;
  category: PublicCategory | null;
  qr: string | null;
  onDone: () => void;
}

/**
 * The issued ticket. The print's state is announced as it becomes known (K12): "printing…" and
 * "take your ticket" in a status region that is there from the start, a failure as an alert.
 */
export function TicketScreen({ lang, ticket, category, qr, onDone }: TicketProps) {
  const t = STRINGS[lang];
  const state = ticket.print.state;
  const failure = printMessage(ticket, lang);
  return (
    <div class="ticket">
      <div class="ticket-main">
        <p class="code" data-code="">
          {ticket.code}
        </p>
        <div class="print-status" role="status" data-print={state}>
          {state === 'pending' && <p class="take">{t.printPending}</p>}
          {state === 'printed' && (
            <p class="take">
              <span aria-hidden="true">↓ </span>
              {t.takeTicket}
              <span aria-hidden="true"> ↓</span>
            </p>
          )}
        </div>
        {failure && (
          <p class="alert" role="alert">
            <Pictogram name="warning" class="badge-icon" />
            <span>{failure}</span>
          </p>
        )}
        <dl class="facts">
          {category && (
            <div>
              <dt>{t.category}</dt>
              <dd>{nameIn(category.names, lang)}</dd>
            </div>
          )}
          <div>
            <dt>{t.peopleAhead}</dt>
            <dd data-people-ahead={ticket.peopleAhead}>{countPeople(ticket.peopleAhead, lang)}</dd>
          </div>
          <div>
            <dt>{t.estimatedWait}</dt>
            <dd data-wait={ticket.nobodyServing ? 'nobody-serving' : 'range'}>{waitOf(ticket, lang)}</dd>
          </div>
          <div>
            <dt>{t.whereToGo}</dt>
            <dd>{countersText(ticket, lang) || t.watchScreen}</dd>
          </div>
        </dl>
        {ticket.counters.length > 0 && <p class="notice">{t.watchScreen}</p>}
        {ticket.bookedFor && (
          <p class="notice" data-booked-for={ticket.bookedFor}>
            {fill(t.bookedFor, { time: ticket.bookedFor })}
          </p>
        )}
        {(ticket.priority || ticket.interpreter) && (
          <p class="notice">
            {ticket.priority ? `${t.priorityGranted} ` : ''}
            {ticket.interpreter ? t.interpreterRequested : ''}
          </p>
        )}
      </div>
      <div class="ticket-side">
        <div class="qr-row">
          {qr && <img class="qr" src={qr} alt={t.qrAlt} width={220} height={220} />}
          <p>{t.qrHint}</p>
        </div>
        <button type="button" class="primary done" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </div>
  );
}
