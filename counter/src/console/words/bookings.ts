import type { BookingNumberSetting, BookingSource, BookingStatus, Language } from '@numerek/shared';

/**
 * The console's words for bookings: the categories' capacity, the booked slots of a day, check-in
 * by phone number and the categories' calendar feeds.
 */
export interface BookingsConsoleStrings {
  checkIn: string;
  checkInIntro: string;
  phoneCheckIn: string;
  phoneCheckInHint: string;
  save: string;
  saved: string;
  feeds: string;
  feedsIntro: string;
  noBookable: string;
  columns: readonly [string, string];
  newFeed: string;
  newFeedFor: string;
  feedAddress: string;
  feedShownOnce: string;
  capacity: CapacityStrings;
  plan: PlanStrings;
}

/** A category's booking capacity and rules. */
export interface CapacityStrings {
  title: string;
  intro: string;
  table: string;
  columns: readonly [string, string, string, string, string, string, string];
  on: string;
  off: string;
  days: string;
  percent: string;
  formTitle: string;
  enabled: string;
  noHours: string;
  contactRequired: string;
  fields: Record<BookingNumberSetting, { label: string; hint?: string }>;
  range: string;
  errRange: string;
  errDaysOrder: string;
  saved: string;
}

/** The booked slots of a category's day. */
export interface PlanStrings {
  title: string;
  intro: string;
  category: string;
  day: string;
  previousDay: string;
  nextDay: string;
  badDay: string;
  slotsCaption: string;
  slotColumns: readonly [string, string, string, string, string, string];
  walkIn: string;
  totals: string;
  noSlots: string;
  bookingsCaption: string;
  bookingColumns: readonly [string, string, string, string, string];
  noBookings: string;
  status: Record<BookingStatus, string>;
  source: Record<BookingSource, string>;
  ticket: string;
}

export const BOOKINGS_CONSOLE: Record<Language, BookingsConsoleStrings> = {
  pl: {
    checkIn: 'Potwierdzanie rezerwacji w biletomacie',
    checkInIntro: 'Klient z rezerwacją potwierdza ją w biletomacie kodem z potwierdzenia.',
    phoneCheckIn: 'Pozwól potwierdzić rezerwację numerem telefonu podanym przy rezerwacji',
    phoneCheckInHint:
      'Numer łatwiej odgadnąć niż kod, więc trzy błędne próby spowalniają biletomat tak samo jak błędne kody.',
    save: 'Zapisz',
    saved: 'Zapisano.',
    feeds: 'Kalendarze rezerwacji',
    feedsIntro:
      'Adres kalendarza (iCalendar) pozwala dodać rezerwacje sprawy do kalendarza pracowników bez logowania. Adres pokazujemy tylko raz; nowy adres unieważnia poprzedni.',
    noBookable: 'Żadna sprawa nie przyjmuje jeszcze rezerwacji.',
    columns: ['Sprawa', 'Adres kalendarza'],
    newFeed: 'Utwórz nowy adres',
    newFeedFor: 'Utwórz nowy adres kalendarza dla sprawy {name}',
    feedAddress: 'Adres kalendarza sprawy {name}',
    feedShownOnce: 'Skopiuj go teraz: nie pokażemy go ponownie.',
    capacity: {
      title: 'Rezerwacje w sprawach',
      intro:
        'Dla każdej sprawy: czy przyjmuje rezerwacje, jak długi jest slot, ilu klientów mieści, na ile dni naprzód można rezerwować i jaka część slotów zostaje dla klientów bez rezerwacji. Sloty leżą w godzinach otwarcia sprawy.',
      table: 'Rezerwacje w sprawach',
      columns: [
        'Sprawa',
        'Rezerwacje',
        'Długość slotu',
        'Klientów w slocie',
        'Dni naprzód',
        'Dla klientów bez rezerwacji',
        'Działania',
      ],
      on: 'Przyjmuje',
      off: 'Nie przyjmuje',
      days: 'od {from} do {to} dni',
      percent: '{n}%',
      formTitle: 'Rezerwacje sprawy {name}',
      enabled: 'Sprawa przyjmuje rezerwacje',
      noHours:
        'Ta sprawa nie ma stałych godzin otwarcia, więc nie ma slotów. Ustaw jej godziny w zakładce Sprawy.',
      contactRequired: 'Wymagaj przy rezerwacji adresu e-mail lub numeru telefonu',
      fields: {
        slotMinutes: { label: 'Długość slotu (minuty)' },
        perSlot: { label: 'Klientów w jednym slocie' },
        daysFrom: { label: 'Pierwszy dzień rezerwacji (dni od dziś)', hint: '0 to dziś, 1 to jutro.' },
        daysAhead: { label: 'Ostatni dzień rezerwacji (dni od dziś)' },
        walkInPercent: {
          label: 'Część slotów dla klientów bez rezerwacji (%)',
          hint: 'Te sloty są rozłożone równo w ciągu dnia.',
        },
        weight: {
          label: 'Waga klienta z rezerwacją',
          hint: 'Klient bez rezerwacji ma wagę 1. Czas oczekiwania klienta z rezerwacją liczy się od godziny slotu.',
        },
        maxWaitMinutes: { label: 'Najdłuższe oczekiwanie po godzinie slotu (minuty)' },
        checkInBeforeMinutes: { label: 'Potwierdzenie w biletomacie najwcześniej (minuty przed slotem)' },
        checkInAfterMinutes: {
          label: 'Potwierdzenie w biletomacie najpóźniej (minuty po slocie)',
          hint: 'Kto nie potwierdzi rezerwacji do tej pory, jest oznaczony jako nieobecny.',
        },
      },
      range: 'Liczba całkowita od {min} do {max}.',
      errRange: 'Wpisz liczbę całkowitą od {min} do {max}.',
      errDaysOrder: 'Ostatni dzień rezerwacji nie może być wcześniej niż pierwszy.',
      saved: 'Zapisano rezerwacje sprawy {name}.',
    },
    plan: {
      title: 'Zarezerwowane sloty',
      intro: 'Sloty wybranej sprawy w wybranym dniu i rezerwacje tego dnia.',
      category: 'Sprawa',
      day: 'Dzień',
      previousDay: '← Poprzedni dzień',
      nextDay: 'Następny dzień →',
      badDay: 'Wybierz dzień z kalendarza.',
      slotsCaption: 'Sloty sprawy {name}, {day}',
      slotColumns: ['Godzina', 'Miejsca', 'Zarezerwowane', 'Potwierdzone', 'Nieobecni', 'Wolne'],
      walkIn: 'Dla klientów bez rezerwacji',
      totals: 'Miejsc na rezerwacje: {places}, zarezerwowanych: {booked}, wolnych: {free}.',
      noSlots: 'Tego dnia sprawa nie ma slotów: jest zamknięta albo nie przyjmuje rezerwacji.',
      bookingsCaption: 'Rezerwacje sprawy {name}, {day}',
      bookingColumns: ['Godzina', 'Stan', 'Potwierdzona o', 'Skąd', 'Bilet'],
      noBookings: 'Na ten dzień nikt nie zarezerwował wizyty w tej sprawie.',
      status: {
        booked: 'Czeka na potwierdzenie',
        checked_in: 'Potwierdzona w biletomacie',
        no_show: 'Klient nie przyszedł',
        cancelled: 'Odwołana',
      },
      source: { public: 'Strona rezerwacji', portal: 'Portal urzędu' },
      ticket: 'Historia biletu',
    },
  },
  en: {
    checkIn: 'Checking bookings in at the kiosk',
    checkInIntro: 'A client with a booking checks it in at the kiosk with the code from the confirmation.',
    phoneCheckIn: 'Let clients check in with the phone number they gave when booking',
    phoneCheckInHint:
      'A number is easier to guess than a code, so three wrong tries slow the kiosk down just as wrong codes do.',
    save: 'Save',
    saved: 'Saved.',
    feeds: 'Booking calendars',
    feedsIntro:
      'A calendar address (iCalendar) lets staff add a category’s bookings to their calendar without signing in. The address is shown only once; a new address ends the previous one.',
    noBookable: 'No category takes bookings yet.',
    columns: ['Category', 'Calendar address'],
    newFeed: 'Make a new address',
    newFeedFor: 'Make a new address: the calendar of {name}',
    feedAddress: 'Calendar address of {name}',
    feedShownOnce: 'Copy it now: it will not be shown again.',
    capacity: {
      title: 'Booking capacity',
      intro:
        'For each category: whether it takes bookings, how long a slot is, how many clients it holds, how many days ahead clients can book, and what share of the slots stays for walk-in clients. Slots lie within the category’s opening hours.',
      table: 'Booking capacity',
      columns: [
        'Category',
        'Bookings',
        'Slot length',
        'Clients per slot',
        'Days ahead',
        'For walk-in clients',
        'Actions',
      ],
      on: 'Takes bookings',
      off: 'Takes no bookings',
      days: '{from} to {to} days',
      percent: '{n}%',
      formTitle: 'Bookings of {name}',
      enabled: 'The category takes bookings',
      noHours:
        'This category has no fixed opening hours, so it has no slots. Set its hours under Categories.',
      contactRequired: 'Ask for an e-mail address or a phone number when booking',
      fields: {
        slotMinutes: { label: 'Slot length (minutes)' },
        perSlot: { label: 'Clients per slot' },
        daysFrom: { label: 'First bookable day (days from today)', hint: '0 is today, 1 is tomorrow.' },
        daysAhead: { label: 'Last bookable day (days from today)' },
        walkInPercent: {
          label: 'Share of slots for walk-in clients (%)',
          hint: 'These slots are spread evenly over the day.',
        },
        weight: {
          label: 'Weight of a booked client',
          hint: 'A walk-in client’s weight is 1. A booked client’s wait counts from the slot’s time.',
        },
        maxWaitMinutes: { label: 'Longest wait after the slot’s time (minutes)' },
        checkInBeforeMinutes: { label: 'Check-in at the kiosk opens (minutes before the slot)' },
        checkInAfterMinutes: {
          label: 'Check-in at the kiosk closes (minutes after the slot)',
          hint: 'A booking not checked in by then is marked as a no-show.',
        },
      },
      range: 'A whole number from {min} to {max}.',
      errRange: 'Enter a whole number from {min} to {max}.',
      errDaysOrder: 'The last bookable day cannot come before the first.',
      saved: 'Saved the bookings of {name}.',
    },
    plan: {
      title: 'Booked slots',
      intro: 'The slots of the chosen category on the chosen day, and that day’s bookings.',
      category: 'Category',
      day: 'Day',
      previousDay: '← Previous day',
      nextDay: 'Next day →',
      badDay: 'Choose a day from the calendar.',
      slotsCaption: 'Slots of {name}, {day}',
      slotColumns: ['Time', 'Places', 'Booked', 'Checked in', 'No-shows', 'Free'],
      walkIn: 'For walk-in clients',
      totals: 'Places for bookings: {places}, booked: {booked}, free: {free}.',
      noSlots: 'The category has no slots on this day: it is closed or takes no bookings.',
      bookingsCaption: 'Bookings of {name}, {day}',
      bookingColumns: ['Time', 'Status', 'Checked in at', 'Booked through', 'Ticket'],
      noBookings: 'Nobody has booked a visit in this category for this day.',
      status: {
        booked: 'Waiting for check-in',
        checked_in: 'Checked in at the kiosk',
        no_show: 'The client did not come',
        cancelled: 'Cancelled',
      },
      source: { public: 'Booking page', portal: 'Office portal' },
      ticket: 'Ticket history',
    },
  },
  uk: {
    checkIn: 'Підтвердження запису в терміналі',
    checkInIntro: 'Клієнт із записом підтверджує його в терміналі кодом із підтвердження.',
    phoneCheckIn: 'Дозволити підтверджувати запис номером телефону, вказаним під час запису',
    phoneCheckInHint:
      'Номер легше вгадати, ніж код, тому три помилкові спроби сповільнюють термінал так само, як помилкові коди.',
    save: 'Зберегти',
    saved: 'Збережено.',
    feeds: 'Календарі бронювань',
    feedsIntro:
      'Адреса календаря дає змогу додати записи справи до календаря працівників без входу. Адресу показуємо лише раз; нова адреса скасовує попередню.',
    noBookable: 'Жодна справа ще не приймає записів.',
    columns: ['Справа', 'Адреса календаря'],
    newFeed: 'Створити нову адресу',
    newFeedFor: 'Створити нову адресу календаря для справи {name}',
    feedAddress: 'Адреса календаря справи {name}',
    feedShownOnce: 'Скопіюйте її зараз: повторно ми її не покажемо.',
    capacity: {
      title: 'Бронювання у справах',
      intro:
        'Для кожної справи: чи приймає вона бронювання, яка тривалість слоту, скільки клієнтів він вміщує, на скільки днів наперед можна бронювати і яка частка слотів залишається для клієнтів без бронювання. Слоти лежать у годинах роботи справи.',
      table: 'Бронювання у справах',
      columns: [
        'Справа',
        'Бронювання',
        'Тривалість слоту',
        'Клієнтів у слоті',
        'Днів наперед',
        'Для клієнтів без бронювання',
        'Дії',
      ],
      on: 'Приймає',
      off: 'Не приймає',
      days: 'від {from} до {to} днів',
      percent: '{n}%',
      formTitle: 'Бронювання справи {name}',
      enabled: 'Справа приймає бронювання',
      noHours:
        'Ця справа не має сталих годин роботи, тому не має слотів. Встановіть її години у розділі «Справи».',
      contactRequired: 'Вимагати під час бронювання адресу електронної пошти або номер телефону',
      fields: {
        slotMinutes: { label: 'Тривалість слоту (хвилини)' },
        perSlot: { label: 'Клієнтів в одному слоті' },
        daysFrom: { label: 'Перший день бронювання (днів від сьогодні)', hint: '0 — сьогодні, 1 — завтра.' },
        daysAhead: { label: 'Останній день бронювання (днів від сьогодні)' },
        walkInPercent: {
          label: 'Частка слотів для клієнтів без бронювання (%)',
          hint: 'Ці слоти рівномірно розподілені протягом дня.',
        },
        weight: {
          label: 'Вага клієнта з бронюванням',
          hint: 'Клієнт без бронювання має вагу 1. Очікування клієнта з бронюванням рахується від часу слоту.',
        },
        maxWaitMinutes: { label: 'Найдовше очікування після часу слоту (хвилини)' },
        checkInBeforeMinutes: { label: 'Підтвердження в терміналі найраніше (хвилин до слоту)' },
        checkInAfterMinutes: {
          label: 'Підтвердження в терміналі найпізніше (хвилин після слоту)',
          hint: 'Бронювання, не підтверджене до цього часу, позначається як неявка.',
        },
      },
      range: 'Ціле число від {min} до {max}.',
      errRange: 'Введіть ціле число від {min} до {max}.',
      errDaysOrder: 'Останній день бронювання не може бути раніше за перший.',
      saved: 'Бронювання справи {name} збережено.',
    },
    plan: {
      title: 'Заброньовані слоти',
      intro: 'Слоти вибраної справи у вибраний день і бронювання цього дня.',
      category: 'Справа',
      day: 'День',
      previousDay: '← Попередній день',
      nextDay: 'Наступний день →',
      badDay: 'Виберіть день у календарі.',
      slotsCaption: 'Слоти справи {name}, {day}',
      slotColumns: ['Час', 'Місця', 'Заброньовано', 'Підтверджено', 'Неявки', 'Вільно'],
      walkIn: 'Для клієнтів без бронювання',
      totals: 'Місць для бронювання: {places}, заброньовано: {booked}, вільно: {free}.',
      noSlots: 'Цього дня справа не має слотів: вона зачинена або не приймає бронювань.',
      bookingsCaption: 'Бронювання справи {name}, {day}',
      bookingColumns: ['Час', 'Стан', 'Підтверджено о', 'Звідки', 'Талон'],
      noBookings: 'На цей день ніхто не забронював візит у цій справі.',
      status: {
        booked: 'Чекає на підтвердження',
        checked_in: 'Підтверджено в терміналі',
        no_show: 'Клієнт не прийшов',
        cancelled: 'Скасовано',
      },
      source: { public: 'Сторінка бронювання', portal: 'Портал установи' },
      ticket: 'Історія талона',
    },
  },
};
