import type { Language } from '@numerek/shared';

/** The console's words for bookings: check-in by phone number and the categories' calendar feeds. */
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
  },
};
