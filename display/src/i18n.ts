import type { Language } from '@numerek/shared';

export const LABELS: Record<
  Language,
  {
    nowCalling: string;
    counter: string;
    ticket: string;
    lastCalls: string;
    waiting: string;
    noCalls: string;
    offline: string;
    connecting: string;
    enableSound: string;
    enableSoundHint: string;
    revoked: string;
    title: string;
  }
> = {
  pl: {
    nowCalling: 'Wywołanie',
    counter: 'stanowisko',
    ticket: 'numer',
    lastCalls: 'Ostatnie wywołania',
    waiting: 'Oczekujących',
    noCalls: 'Czekamy na pierwsze wywołanie',
    offline: 'Brak połączenia z serwerem',
    connecting: 'Łączenie z serwerem…',
    enableSound: 'Dotknij, aby włączyć dźwięk',
    enableSoundHint: 'Przeglądarka wstrzymała dźwięk. Jedno dotknięcie włącza gong i komunikaty głosowe.',
    revoked: 'Ten ekran nie jest już sparowany. Otwórz nowy link parowania z konsoli.',
    title: 'Tablica wywoławcza',
  },
  en: {
    nowCalling: 'Now calling',
    counter: 'counter',
    ticket: 'number',
    lastCalls: 'Last calls',
    waiting: 'Waiting',
    noCalls: 'Waiting for the first call',
    offline: 'No connection to the server',
    connecting: 'Connecting to the server…',
    enableSound: 'Tap to enable sound',
    enableSoundHint: 'The browser has muted sound. One tap turns on the chime and the voice announcements.',
    revoked: 'This screen is no longer paired. Open a new pairing link from the console.',
    title: 'Call display',
  },
  uk: {
    nowCalling: 'Виклик',
    counter: 'віконце',
    ticket: 'номер',
    lastCalls: 'Останні виклики',
    waiting: 'Очікують',
    noCalls: 'Очікуємо на перший виклик',
    offline: 'Немає зʼєднання з сервером',
    connecting: 'Зʼєднання з сервером…',
    enableSound: 'Торкніться, щоб увімкнути звук',
    enableSoundHint: 'Браузер вимкнув звук. Одне торкання вмикає сигнал і голосові оголошення.',
    revoked: 'Цей екран більше не спарований. Відкрийте нове посилання з консолі.',
    title: 'Табло викликів',
  },
};
