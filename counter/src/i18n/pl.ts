import { REPORT_TERMS } from '@numerek/shared/report-terms';
import type { CallReasonCode, ERROR_REASONS, ErrorReason, PauseReason, TicketState } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';

/** A sentence, or the same sentence with its values and then without them (the first whose values are all there is used). */
export type Sentence = string | readonly string[];

/** A sentence for every case of every code that covers several. */
export type ReasonSentences = {
  [C in keyof typeof ERROR_REASONS]: Record<ErrorReason<C>, Sentence>;
};

/** Every word of the sign-in screen and the clerk panel. Polish first. */
export const pl = {
  languageName: 'Polski',
  appTitle: 'Numerek – stanowisko',
  language: 'Język',
  signInTitle: 'Logowanie',
  username: 'Nazwa użytkownika',
  password: 'Hasło',
  signIn: 'Zaloguj',
  signingIn: 'Logowanie…',
  sessionExpired: 'Sesja wygasła. Zaloguj się ponownie — stan stanowiska został zachowany.',
  /** The panel or console of an account the office switched off (the server said so). */
  accountDeactivated:
    'Urząd wyłączył Twoje konto. Sesja została zakończona, a stanowisko otwarte na tym koncie – zamknięte. Jeśli to pomyłka, zwróć się do kierownika.',
  /** The counter was closed for its clerk by a supervisor or an administrator. */
  closedByOffice:
    'Kierownik lub administrator zamknął {counter}. Możesz otworzyć je ponownie albo wybrać inne.',
  choosePassword: {
    title: 'Ustaw własne hasło',
    intro: 'Twoje hasło nadał ktoś inny. Zanim zaczniesz pracę, wybierz własne hasło, które znasz tylko Ty.',
    current: 'Obecne hasło',
    next: 'Nowe hasło',
    nextHint: 'Co najmniej 8 znaków, inne niż obecne; nie same cyfry i bez nazwy użytkownika.',
    repeat: 'Powtórz nowe hasło',
    save: 'Zapisz nowe hasło',
    saving: 'Zapisywanie…',
    fixFields: 'Popraw zaznaczone pola.',
    currentMissing: 'Wpisz obecne hasło.',
    currentWrong: 'Obecne hasło jest nieprawidłowe.',
    tooShort: 'Nowe hasło musi mieć co najmniej 8 znaków.',
    unchanged: 'Nowe hasło musi się różnić od obecnego.',
    mismatch: 'Powtórzone hasło różni się od nowego.',
    tooMany: 'Zbyt wiele prób. Odczekaj minutę i spróbuj ponownie.',
    failed: 'Nie udało się zapisać hasła. Sprawdź połączenie i spróbuj ponownie.',
  },
  changePassword: {
    open: 'Zmień hasło',
    title: 'Zmiana hasła',
    intro:
      'Wpisz obecne hasło i dwa razy nowe. Po zmianie Twoje pozostałe sesje (na innych komputerach i w innych przeglądarkach) zostaną zakończone; ta pozostaje otwarta.',
    done: 'Hasło zostało zmienione. Pozostałe sesje zostały zakończone.',
  },
  signOut: 'Wyloguj',
  signedInAs: 'Zalogowano: {name}',
  chooseCounter: 'Wybierz stanowisko',
  counter: 'Stanowisko',
  counterTakenBy: 'zajęte: {name}',
  counterClosed: 'zamknięte',
  counterOpen: 'otwarte',
  counterPaused: 'przerwa',
  categoriesToday: 'Sprawy obsługiwane dziś',
  chooseOneCategory: 'Wybierz co najmniej jedną sprawę.',
  openCounter: 'Otwórz stanowisko',
  closeCounter: 'Zamknij stanowisko',
  changeCounter: 'Zmień stanowisko',
  actions: 'Czynności',
  next: 'Następny',
  recall: 'Wywołaj ponownie',
  start: 'Rozpocznij obsługę',
  finish: 'Zakończ',
  noShow: 'Nie podszedł',
  transfer: 'Przekaż',
  pause: 'Przerwa',
  resume: 'Wznów pracę',
  callChosen: 'Wywołaj wybrany',
  callThis: 'Wywołaj',
  /** Labels on the compact toolbar's narrow buttons. */
  short: {
    next: 'Następny',
    recall: 'Ponownie',
    start: 'Start',
    finish: 'Koniec',
    noShow: 'Nie podszedł',
    pause: 'Przerwa',
    resume: 'Wznów',
  },
  shortcutHint: 'Skróty klawiszowe: litera na przycisku (poza polami formularza).',
  currentTicket: 'Bieżący klient',
  noCurrentTicket: 'Brak wywołanego klienta. Naciśnij N, aby wywołać następnego.',
  ticketCategory: 'Sprawa',
  priority: 'Pierwszeństwo',
  waited: 'Czekał(a)',
  minutes: '{n} min',
  /** A booked client who came before the slot: when the booking is for, instead of a wait. */
  bookedAt: 'rezerwacja na {time}',
  noShowTitle: 'Czy {code} nie podszedł?',
  noShowText: 'Wizyta zostanie zakończona jako nieobecność. {enter} lub {x} – potwierdź, {esc} – anuluj.',
  noShowConfirm: 'Tak, nie podszedł',
  policyReason: 'Dlaczego ten bilet',
  transferNote: 'Notatka od poprzedniego stanowiska',
  interpreter: 'Klient prosi o tłumacza PJM',
  stateCalled: 'wywołany',
  stateServing: 'w obsłudze',
  recalls: 'wywołań ponownych: {n}',
  queue: 'Kolejka',
  waitingCount: 'Czeka',
  longestWait: 'Najdłużej czeka',
  waitingList: 'Oczekujący (w kolejności wywołania)',
  queueEmpty: 'Nikt nie czeka.',
  listedOf: 'Pokazano pierwszych {shown} z {total} oczekujących.',
  ticket: 'Bilet',
  /** The counter's pause, said once: the banner, and what the panel says after pausing. */
  paused: {
    break: 'Stanowisko ma przerwę.',
    back_office: 'Stanowisko ma przerwę: praca na zapleczu.',
    end_of_day: 'Stanowisko ma przerwę: koniec dnia.',
  } satisfies Record<PauseReason, string>,
  /** The pause on the compact toolbar and the console's dashboard. */
  pausedShort: {
    break: 'Przerwa',
    back_office: 'Przerwa: zaplecze',
    end_of_day: 'Przerwa: koniec dnia',
  } satisfies Record<PauseReason, string>,
  pauseReasons: REPORT_TERMS.pl.pauseReasons,
  pauseTitle: 'Przerwa',
  pauseReason: 'Powód przerwy',
  transferTitle: 'Przekaż klienta',
  toCategory: 'Do sprawy',
  toCounter: 'Do stanowiska',
  anyCounter: '— dowolne stanowisko —',
  sameCategory: '— bez zmiany sprawy —',
  note: 'Notatka dla następnego urzędnika (opcjonalnie)',
  transferNeedsTarget: 'Wybierz sprawę lub stanowisko.',
  categoryClosedNow: '{name} (teraz zamknięta)',
  categoryNoCounter: '{name} (nie obsługuje jej żadne stanowisko)',
  transferClosedHint: 'Sprawy zamknięte teraz albo bez stanowiska nie przyjmują przekazanych klientów.',
  counterClosedMark: '{name} (zamknięte)',
  counterPausedMark: '{name} (przerwa)',
  counterClosedHint:
    'Wybrane stanowisko ({name}) jest teraz zamknięte. Klient poczeka na nie i zostanie wywołany dopiero, gdy ktoś je otworzy.',
  callTitle: 'Wywołaj wybrany bilet',
  chooseTicket: 'Bilet',
  reasonCode: 'Powód (wymagany, trafia do dziennika)',
  chooseReason: 'Wybierz powód.',
  chooseTicketFirst: 'Wybierz bilet.',
  callReasons: {
    appointment: 'umówiona wizyta',
    returned_after_missed_call: 'powrót po przegapionym wywołaniu',
    continuation_of_case: 'kontynuacja sprawy',
    supervisor_instruction: 'polecenie kierownika',
    other: 'inny powód',
  } satisfies Record<CallReasonCode, string>,
  confirm: 'Zatwierdź',
  cancel: 'Anuluj',
  working: 'Trwa…',
  compactOn: 'Tryb paska',
  compactOff: 'Pełny widok',
  console: 'Konsola kierownika',
  panel: 'Panel stanowiska',
  live: 'Na żywo',
  offline: 'Brak połączenia na żywo — ponawiam…',
  resCalled: 'Wywołano {code}.',
  resRecalled: 'Ponownie wywołano {code}.',
  resStarted: 'Rozpoczęto obsługę {code}.',
  resFinished: 'Zakończono obsługę {code}.',
  resNoShow: '{code}: klient nie podszedł.',
  resTransferred: 'Przekazano {code}.',
  resPaused: 'Rozpoczęto przerwę.',
  resResumed: 'Wznowiono pracę.',
  resOpened: 'Stanowisko otwarte.',
  resNobody: 'Nikt nie czeka w obsługiwanych sprawach.',
  loading: 'Wczytywanie…',
  notNow: '„{action}” nie jest teraz dostępne.',
  locale: 'pl',
  ticketStates: {
    waiting: 'czeka',
    called: 'wywołany',
    serving: 'w obsłudze',
    finished: 'obsłużony',
    no_show: 'nie podszedł',
    transferred: 'przekazany',
    cancelled: 'anulowany',
  } satisfies Record<TicketState, string>,
  /** Why the policy called a ticket, from the decision's data (CallDecision). */
  decision: {
    score: 'Najwyższy wynik (waga × minuty oczekiwania): {code} czeka {waited} min, wynik {score}.',
    scorePassed: 'Wyprzedził bilet zwykły {code}, który czeka {waited} min (wynik {score}).',
    scoreNext: 'Następny w kolejności: {code}, czeka {waited} min (wynik {score}).',
    strict:
      'Ścisłe pierwszeństwo: najpierw bilety z pierwszeństwem, w każdej grupie według kolejności przybycia. {code} czeka {waited} min.',
    strictPassed: 'Wyprzedził bilet zwykły {code}, który czeka {waited} min.',
    strictNext: 'Następny w kolejności: {code}, czeka {waited} min.',
    maxWait: 'Bilet {code} czeka {waited} min, dłużej niż dopuszczalne w tej sprawie {max} min.',
    overMaxWait: {
      one: 'Ponad dopuszczalny czas czeka {n} bilet.',
      few: 'Ponad dopuszczalny czas czekają {n} bilety.',
      many: 'Ponad dopuszczalny czas czeka {n} biletów.',
      other: 'Ponad dopuszczalny czas czeka {n} biletu.',
    },
    maxWaitOther: 'Bez tej zasady wywołany byłby {code}.',
    priorityCap: {
      one: 'Bilet zwykły {code} po {n} wywołaniu z pierwszeństwem z rzędu.',
      few: 'Bilet zwykły {code} po {n} wywołaniach z pierwszeństwem z rzędu.',
      many: 'Bilet zwykły {code} po {n} wywołaniach z pierwszeństwem z rzędu.',
      other: 'Bilet zwykły {code} po {n} wywołania z pierwszeństwem z rzędu.',
    },
    priorityCapOther: 'Bilet z pierwszeństwem {code} zaczeka na kolejne wywołanie.',
    chosen: 'Wybrany przez urzędnika: {reason}.',
    chosenOther: 'Według kolejności następny byłby {code}.',
    booked: 'Rezerwacja na {time}: czas oczekiwania liczy się od tej godziny.',
    bookedMaxWait:
      'Bilet {code} z rezerwacji na {time} czeka od tej godziny {waited} min, dłużej niż {max} min dozwolone dla rezerwacji.',
  },
  /** A sentence per error code; a list holds the same sentence with and without its values. */
  errors: {
    VALIDATION_FAILED: 'Sprawdź wpisane dane i popraw błędne pole.',
    INVALID_CREDENTIALS: 'Nieprawidłowa nazwa użytkownika lub hasło.',
    UNAUTHENTICATED: 'Sesja wygasła. Zaloguj się ponownie.',
    FORBIDDEN: 'Nie masz uprawnień do tej czynności.',
    FORBIDDEN_ORIGIN: 'Serwer odrzucił żądanie z innej strony. Otwórz panel pod jego własnym adresem.',
    PASSWORD_CHANGE_REQUIRED: 'Najpierw ustaw własne hasło.',
    WRONG_PASSWORD: 'Obecne hasło jest nieprawidłowe.',
    PASSWORD_UNCHANGED: 'Nowe hasło musi się różnić od obecnego.',
    PASSWORD_TOO_WEAK: 'To hasło łatwo odgadnąć. Wybierz dłuższe lub mniej oczywiste.',
    NOT_FOUND: 'Nie ma już tego wpisu. Odśwież stronę.',
    PAIRING_CODE_UNKNOWN: 'Nie ma takiego kodu parowania.',
    PAIRING_CODE_USED: 'Ten link parowania został już użyty. Utwórz nowy.',
    PAIRING_CODE_EXPIRED: 'Ten link parowania wygasł. Utwórz nowy.',
    ALREADY_EXISTS: 'Taki wpis już istnieje.',
    BACKUP_BY_DATABASE:
      'Dane są w bazie PostgreSQL, więc kopie zapasowe robi się narzędziami bazy (pg_dump), nie tutaj.',
    IN_USE: 'Tego nie można zmienić, bo jest w użyciu.',
    CATEGORY_CLOSED: 'Ta sprawa jest teraz zamknięta.',
    CATEGORY_INACTIVE: 'Ta sprawa jest wyłączona.',
    DAILY_LIMIT_REACHED: 'Wydano już dzisiejszy limit biletów w tej sprawie.',
    WAIT_PAST_CLOSING: 'Przed zamknięciem nie zdążymy obsłużyć kolejnej osoby w tej sprawie.',
    COUNTER_NOT_OPEN: [
      'Stanowisko {counter} nie jest otwarte.',
      'Stanowisko nie jest otwarte. Najpierw je otwórz.',
    ],
    COUNTER_TAKEN: ['Stanowisko {counter} jest zajęte.', 'To stanowisko jest zajęte.'],
    COUNTER_BUSY: 'Najpierw zakończ obsługę bieżącego klienta.',
    COUNTER_PAUSED: 'Stanowisko ma przerwę. Wznów pracę, aby wywołać klienta.',
    NO_CURRENT_TICKET: 'Nie ma wywołanego klienta.',
    TICKET_NOT_WAITING: ['Bilet {ticket} już nie czeka.', 'Ten bilet już nie czeka.'],
    TICKET_NOT_ELIGIBLE: [
      'Biletu {ticket} nie można wywołać przy tym stanowisku.',
      'Tego biletu nie można wywołać przy tym stanowisku.',
    ],
    ILLEGAL_TRANSITION: 'Tej czynności nie można teraz wykonać.',
    BOOKING_UNAVAILABLE: 'Tej rezerwacji nie można teraz zrobić ani zmienić.',
    BOOKING_CONFIRM_FAILED: 'Tej rezerwacji nie można potwierdzić.',
    CHECK_IN_REFUSED: 'Tej rezerwacji nie można teraz potwierdzić.',
    SURVEY_CLOSED: 'Ankieta nie przyjmuje teraz tej odpowiedzi.',
    PAYLOAD_TOO_LARGE: 'Przesłane dane są za duże.',
    UNSUPPORTED_MEDIA_TYPE: 'Serwer nie przyjmuje danych w tej postaci.',
    IDEMPOTENCY_KEY_REUSED: 'Serwer odrzucił powtórzone żądanie. Spróbuj jeszcze raz.',
    RATE_LIMITED: [
      'Zbyt wiele prób. Spróbuj ponownie za {retryAfterSeconds} s.',
      'Zbyt wiele prób. Odczekaj chwilę i spróbuj ponownie.',
    ],
    PASSWORDS_BUSY: [
      'Serwer jest zajęty. Spróbuj ponownie za {retryAfterSeconds} s.',
      'Serwer jest zajęty. Spróbuj ponownie za chwilę.',
    ],
    INTERNAL: 'Błąd serwera. Spróbuj ponownie, a jeśli błąd się powtórzy, powiadom administratora.',
    NOT_READY: 'Serwer nie ma połączenia z bazą danych. Spróbuj ponownie za chwilę.',
    NETWORK: 'Brak połączenia z serwerem. Sprawdź sieć i spróbuj ponownie.',
  } satisfies Record<ApiErrorCode, Sentence>,
  /** The cases of the codes that cover several (ERROR_REASONS). */
  errorReasons: {
    VALIDATION_FAILED: {
      too_long: ['Za długi tekst (limit znaków: {limit}).', 'Za długi tekst.'],
      too_short: ['Za krótki tekst (najmniej znaków: {limit}).', 'Za krótki tekst.'],
      empty: 'To pole nie może być puste.',
      too_large: ['Za duża liczba (najwyżej {limit}).', 'Za duża liczba.'],
      too_small: ['Za mała liczba (najmniej {limit}).', 'Za mała liczba.'],
      local_address:
        'To adres samego serwera (pętla zwrotna lub link-local). Drukarka sieciowa musi mieć własny adres w sieci urzędu.',
      nul_character: 'Ten tekst zawiera znak, którego nie da się zapisać (NUL). Wpisz go jeszcze raz.',
    },
    CATEGORY_CLOSED: {
      outside_hours: [
        'Sprawa {category} jest teraz zamknięta (otwarcie: {day}, {time}). Wybierz inną sprawę.',
        'Sprawa {category} jest teraz zamknięta. Wybierz inną sprawę.',
        'Ta sprawa jest teraz zamknięta. Wybierz inną sprawę.',
      ],
      no_counter: [
        'Sprawy {category} nie obsługuje żadne stanowisko. Wybierz inną sprawę albo konkretne stanowisko.',
        'Tej sprawy nie obsługuje żadne stanowisko. Wybierz inną sprawę albo konkretne stanowisko.',
      ],
    },
    INVALID_CREDENTIALS: {
      account_deactivated:
        'To konto zostało wyłączone przez urząd. Zwróć się do kierownika lub administratora.',
    },
    UNAUTHENTICATED: {
      session_expired:
        'Twoja sesja się zakończyła (wylogowanie, zmiana hasła lub upływ czasu). Zaloguj się ponownie.',
      device_unknown: 'Tego urządzenia nie sparowano. Otwórz nowy link parowania.',
      device_revoked: 'To urządzenie zostało wycofane. Dodaj nowe urządzenie.',
    },
    IN_USE: {
      has_history: 'To ma już historię obsługi i zostaje w rejestrach. Zamiast usuwać, wyłącz.',
      assigned: [
        'Korzystają z tego inne elementy ({count}). Najpierw je zmień.',
        'Korzystają z tego inne elementy. Najpierw je zmień.',
      ],
      counter_open: [
        'Stanowisko {counter} jest otwarte. Najpierw urzędnik musi je zamknąć.',
        'Stanowisko jest otwarte. Najpierw urzędnik musi je zamknąć.',
      ],
      own_account: 'Nie można usunąć własnego konta.',
      last_admin: 'To ostatni aktywny administrator. Musi zostać.',
      backup_running: 'Właśnie powstaje kopia zapasowa. Spróbuj za chwilę.',
    },
    ILLEGAL_TRANSITION: {
      counter_deactivated: ['Stanowisko {counter} jest wyłączone.', 'To stanowisko jest wyłączone.'],
      already_paused: 'Stanowisko ma już przerwę.',
      not_paused: 'Stanowisko nie ma przerwy.',
      already_here: ['Klient jest już przy stanowisku {counter}.', 'Klient jest już przy tym stanowisku.'],
      same_category: ['Bilet {ticket} jest już w sprawie {category}.', 'Bilet jest już w tej sprawie.'],
      ticket_state: [
        'Bilet {ticket} ma stan „{state}”. Tej czynności nie można wykonać.',
        'Stan biletu nie pozwala na tę czynność.',
      ],
      device_revoked: 'To urządzenie zostało wycofane. Dodaj nowe urządzenie.',
    },
    FORBIDDEN: {
      admin_only: 'Tylko administrator może to zrobić.',
      not_your_counter: [
        'Stanowisko {counter} ma otwarte inny urzędnik.',
        'To stanowisko ma otwarte inny urzędnik.',
      ],
      whole_installation:
        'Kopia zapasowa obejmuje wszystkie urzędy w systemie, więc robi ją administrator centralny.',
    },
    TICKET_NOT_WAITING: {
      taken: [
        'Bilet {ticket} został przed chwilą wywołany przy innym stanowisku.',
        'Ten bilet został przed chwilą wywołany przy innym stanowisku.',
      ],
      state: ['Bilet {ticket} już nie czeka (stan: {state}).', 'Ten bilet już nie czeka.'],
    },
    TICKET_NOT_ELIGIBLE: {
      transferred_elsewhere: [
        'Bilet {ticket} przekazano do innego stanowiska.',
        'Ten bilet przekazano do innego stanowiska.',
      ],
      category_not_served: [
        'Bilet {ticket} jest w sprawie {category}, której to stanowisko dziś nie obsługuje.',
        'To stanowisko nie obsługuje dziś sprawy tego biletu.',
      ],
    },
    COUNTER_TAKEN: {
      yours_open: [
        'Masz już otwarte stanowisko {counter}. Najpierw je zamknij.',
        'Masz już otwarte inne stanowisko. Najpierw je zamknij.',
      ],
      open_by_other: [
        'Stanowisko {counter} ma otwarte inny urzędnik.',
        'To stanowisko ma otwarte inny urzędnik.',
      ],
    },
    BOOKING_UNAVAILABLE: {
      not_bookable: 'Tej sprawy nie można zarezerwować.',
      not_a_slot: 'Tego terminu nie ma wśród wolnych terminów.',
      slot_full: 'Ten termin jest już zajęty.',
      contact_required: 'Urząd prosi o adres e-mail albo numer telefonu.',
      contact_limit: [
        'Ten kontakt ma już {count} rezerwacje.',
        'Ten kontakt ma już najwięcej rezerwacji, ile można.',
      ],
      not_live: 'Rezerwacja została już potwierdzona, przepadła albo jest odwołana.',
      confirm_required: 'Rezerwacje potwierdza się tu e-mailem: podaj adres e-mail.',
    },
    BOOKING_CONFIRM_FAILED: {
      wrong_code: 'To nie jest kod z e-maila.',
      code_expired: 'Potwierdzenie wygasło albo kod wpisano zbyt wiele razy błędnie.',
    },
    CHECK_IN_REFUSED: {
      unknown_code: 'Nie ma dziś rezerwacji z tym kodem.',
      checked_in: ['Tę rezerwację już potwierdzono: bilet {ticket}.', 'Tę rezerwację już dziś potwierdzono.'],
      phone_not_allowed: 'W tym urzędzie rezerwację potwierdza się tylko kodem.',
      too_early: ['Za wcześnie: rezerwacja jest na {time}.', 'Za wcześnie na potwierdzenie tej rezerwacji.'],
      too_late: ['Za późno: rezerwacja była na {time}.', 'Za późno na potwierdzenie tej rezerwacji.'],
    },
    SURVEY_CLOSED: {
      off: 'Urząd wyłączył ankietę w tym miejscu.',
      not_finished: 'Wizyta jeszcze się nie zakończyła obsługą.',
      too_late: 'Wizyta zakończyła się zbyt dawno, by ją ocenić.',
      other_counter: 'Ten tablet ocenia tylko wizyty przy swoim stanowisku.',
    },
    PASSWORD_TOO_WEAK: {
      digits_only: 'Hasło nie może składać się z samych cyfr.',
      one_character: 'Hasło nie może być jednym powtórzonym znakiem.',
      contains_username: 'Hasło nie może zawierać nazwy użytkownika.',
      common: 'To jedno z najczęściej używanych haseł. Wybierz inne.',
    },
    ALREADY_EXISTS: {
      counter_number: ['Stanowisko numer {counter} już istnieje.', 'Stanowisko o tym numerze już istnieje.'],
      username: 'Ta nazwa użytkownika jest już zajęta.',
      category_prefix: [
        'Litera {category} należy już do innej sprawy.',
        'Ta litera należy już do innej sprawy.',
      ],
    },
  } satisfies ReasonSentences,
};

/** The shape every language fills: a key missing in one language fails the typecheck. */
export type Strings = Omit<typeof pl, 'errors' | 'errorReasons'> & {
  errors: Record<ApiErrorCode, Sentence>;
  errorReasons: ReasonSentences;
};
