import { LANGUAGES, announcementText, type Language } from '@numerek/shared';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakEngine } from './speech-engine.ts';
import { leadingSilenceMs, loudnessDbfs, readWav } from './wav.ts';

/** Whether a process with this id runs (a zombie, ended but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Megabytes of memory the process holds for itself alone (not the code it shares with others). */
function privateMb(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
  return (kb('Private_Clean') + kb('Private_Dirty')) / 1024;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !condition() && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 25));
}

/**
 * eSpeak NG in its own process: the WAV files it renders (format, length, loudness, start)
 * and the phonemes it reads the announcements as, so that a wording change or an engine update
 * that makes the hall hear something else fails here.
 */
describe('speech engine', () => {
  const engine = new EspeakEngine(60_000);
  afterAll(() => engine.unload());

  const call = (code: string, number: number, name = '') => ({ code, counter: { number, name } });

  // From eSpeak NG 1.0.2 as packaged; a sentence of a call lasts 2 to 4.5 s at 150 words a minute.
  it.each(LANGUAGES)(
    'renders a call in %s as 16-bit mono PCM WAV, loud from its start, the same twice',
    async (lang) => {
      const text = announcementText(call('A017', 5), lang);
      const first = await engine.render(lang, text);
      const wav = readWav(first);
      expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
      expect(wav.durationMs).toBeGreaterThan(1800);
      expect(wav.durationMs).toBeLessThan(4500);
      expect(loudnessDbfs(wav.samples)).toBeGreaterThan(-30);
      expect(leadingSilenceMs(wav)).toBeLessThan(150);
      const second = await engine.render(lang, text);
      expect(second.equals(first)).toBe(true);
    },
  );

  it('renders a sentence the same after any others as a freshly loaded engine does first, and fast', async () => {
    const text = announcementText(call('B204', 12, 'Kasa'), 'uk');
    for (const lang of LANGUAGES) await engine.render(lang, announcementText(call('C9', 3), lang));
    await engine.phonemes('en', 'Number A 1.');
    const started = performance.now();
    const reused = await engine.render('uk', text);
    const took = performance.now() - started;
    const fresh = new EspeakEngine(60_000);
    try {
      expect((await fresh.render('uk', text)).equals(reused)).toBe(true);
    } finally {
      await fresh.unload();
    }
    // A fresh instance per sentence took over 100 ms here; a loose bound, far above the 10–30 ms.
    expect(took).toBeLessThan(1000);
  });

  it('renders a longer text proportionally longer', async () => {
    const short = readWav(await engine.render('pl', 'Numer A 1.'));
    const long = readWav(
      await engine.render(
        'pl',
        'Numer A 1, stanowisko 2. Proszę podejść do stanowiska numer dwa, po prawej stronie.',
      ),
    );
    expect(short.durationMs).toBeGreaterThan(500);
    expect(long.durationMs).toBeGreaterThan(short.durationMs * 3);
  });

  it('reads a text that starts with a dash as text, never as an option of the engine', async () => {
    const wav = readWav(await engine.render('en', '-w /tmp/x --version'));
    expect(wav.durationMs).toBeGreaterThan(500);
  });

  it('loads on the first sentence and unloads after its idle time, then loads again', async () => {
    const brief = new EspeakEngine(300);
    try {
      expect(brief.loaded).toBe(false);
      await brief.render('pl', 'Numer A 1.');
      expect(brief.loaded).toBe(true);
      for (let i = 0; i < 100 && brief.loaded; i++) await new Promise((r) => setTimeout(r, 50));
      expect(brief.loaded).toBe(false);
      expect(readWav(await brief.render('pl', 'Numer A 2.')).durationMs).toBeGreaterThan(500);
    } finally {
      await brief.unload();
    }
  });

  // A worker thread's memory stayed with the server after the thread ended (decision 0044): the
  // engine runs in a process, and a process that ends gives the system all of its memory back.
  it('runs in a process of its own, of bounded memory, that ends when it unloads', async () => {
    const own = new EspeakEngine(60_000);
    try {
      for (const lang of LANGUAGES) await own.render(lang, announcementText(call('A017', 5), lang));
      const pid = own.pid ?? 0;
      expect(pid).toBeGreaterThan(0);
      expect(pid).not.toBe(process.pid);
      expect(running(pid)).toBe(true);
      // Some 72 MB here: 32 of the engine's memory, 18 of its compiled file, the rest Node.js's.
      expect(privateMb(pid)).toBeLessThan(100);
      await own.unload();
      expect(own.pid).toBeUndefined();
      expect(running(pid)).toBe(false);
    } finally {
      await own.unload();
    }
  });

  it('fails only the sentences of an engine that crashed, and starts another for the next', async () => {
    const crashing = new EspeakEngine(60_000);
    try {
      await crashing.render('pl', 'Numer A 1.');
      const pid = crashing.pid ?? 0;
      const lost = crashing.render('pl', 'Numer A 2, stanowisko 3.');
      process.kill(pid, 'SIGKILL');
      await expect(lost).rejects.toThrow(/speech engine stopped/);
      expect(readWav(await crashing.render('pl', 'Numer A 3.')).durationMs).toBeGreaterThan(500);
      expect(crashing.pid).not.toBe(pid);
    } finally {
      await crashing.unload();
    }
  });

  it('ends when the process that started it is killed outright, leaving no process behind', async () => {
    const engineFile = fileURLToPath(new URL('./speech-engine.ts', import.meta.url));
    const script = [
      `const { EspeakEngine } = await import(${JSON.stringify(engineFile)});`,
      'const engine = new EspeakEngine(60_000);',
      "await engine.render('pl', 'Numer A 1.');",
      'process.stdout.write(`${engine.pid}\\n`);',
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        let out = '';
        parent.stdout.setEncoding('utf8').on('data', (s: string) => {
          out += s;
          if (out.includes('\n')) resolve(Number(out.trim()));
        });
        parent.once('exit', (code) => reject(new Error(`the parent exited with ${code}`)));
      });
      expect(running(pid)).toBe(true);
      parent.kill('SIGKILL');
      await until(() => !running(pid), 5000);
      expect(running(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  const ipa = (lang: Language, code: string, counter: number, name = '') =>
    engine.phonemes(lang, announcementText(call(code, counter, name), lang));

  // Letters W, I, Y, O, A, numbers from 1 to 999, and counters the office named: what the voice
  // says, in eSpeak NG's IPA, one clause per " | ". A bare Polish "W" would be the preposition
  // [v] glued to the number; here it is the letter's name [vˈu].
  const CASES: Array<[Language, string, number, string, string]> = [
    ['pl', 'W005', 1, '', 'nˈumɛr vˈu pʲˈɛɲtɕ | stˌanɔvˈiskɔ jˈɛdɛn'],
    ['pl', 'I012', 2, '', 'nˈumɛr i dvanˈaɕtɕɛ | stˌanɔvˈiskɔ dvˈa'],
    ['pl', 'Y017', 5, '', 'nˈumɛr ˈiɡrɛk ɕˌɛdɛmnˈaɕtɕɛ | stˌanɔvˈiskɔ pʲˈɛɲtɕ'],
    ['pl', 'O021', 12, '', 'nˈumɛr ɔ dvadʑˈɛɕtɕajˈɛdɛn | stˌanɔvˈiskɔ dvanˈaɕtɕɛ'],
    ['pl', 'AB112', 100, '', 'nˈumɛr a bˈɛ stˈɔ dvanˈaɕtɕɛ | stˌanɔvˈiskɔ stˈɔ'],
    ['pl', 'W215', 112, '', 'nˈumɛr vˈu dvʲˈɛɕcʲɛ pjɛtnˈaɕtɕɛ | stˌanɔvˈiskɔ stˈɔ dvanˈaɕtɕɛ'],
    [
      'pl',
      'Y999',
      999,
      '',
      'nˈumɛr ˈiɡrɛɡ dʑˈɛvʲɛɲtɕsˌɛd dʑɛvʲɛɲdʑˈɛɕɔnddʑˈɛvʲɛɲtɕ | stˌanɔvˈiskɔ dʑˈɛvʲɛɲtɕsˌɛd dʑɛvʲɛɲdʑˈɛɕɔnddʑˈɛvʲɛɲtɕ',
    ],
    ['pl', 'A001', 3, 'Kasa', 'nˈumɛr a jˈɛdɛn | stˌanɔvˈiskɔ tʃˈɨ | kˈasa'],
    ['pl', 'A001', 4, 'Pok. 12', 'nˈumɛr a jˈɛdɛn | stˌanɔvˈiskɔ tʃtˈɛrɨ | pˈɔkuj dvanˈaɕtɕɛ'],
    [
      'pl',
      'A001',
      7,
      'Wydział Komunikacji',
      'nˈumɛr a jˈɛdɛn | stˌanɔvˈiskɔ ɕˈɛdɛm | vˈɨdʑaw kˌɔmuɲikˈatsji',
    ],
    ['pl', 'A001', 8, 'USC', 'nˈumɛr a jˈɛdɛn | stˌanɔvˈiskɔ ˈɔɕɛm | ˈu ˈɛs tsˈɛ'],
    ['en', 'W005', 1, '', 'nˈʌmbə dˈʌbəljˌuː fˈaɪv | kˈaʊntə wˈɒn'],
    ['en', 'I012', 2, '', 'nˈʌmbəɹ aɪ twˈɛlv | kˈaʊntə tˈuː'],
    ['en', 'Y017', 5, '', 'nˈʌmbə wˈaɪ sˈɛvəntˌiːn | kˈaʊntə fˈaɪv'],
    ['en', 'O021', 12, '', 'nˈʌmbəɹ ˈəʊ twˈɛnti wˈɒn | kˈaʊntə twˈɛlv'],
    ['en', 'A100', 21, 'Kasa', 'nˈʌmbəɹ ˈeɪ wˈɒnhˈʌndɹɪd | kˈaʊntə twˈɛnti wˈɒn'],
    [
      'en',
      'Y999',
      999,
      '',
      'nˈʌmbə wˈaɪ nˈaɪnhˈʌndɹɪdən nˈaɪnti nˈaɪn | kˈaʊntə nˈaɪnhˈʌndɹɪdən nˈaɪnti nˈaɪn',
    ],
    ['uk', 'W005', 1, '', 'nˈomɛr dˈubʎβˈɛ pjˈat | βiːkˈontsɛ odˈen'],
    ['uk', 'I012', 2, '', 'nˈomɛr ˈiː dvanˈatsjat | βiːkˈontsɛ dβˈa'],
    ['uk', 'Y017', 5, '', 'nˈomɛr iːhrˈɛk siːmnˈatsjat | βiːkˈontsɛ pjˈat'],
    ['uk', 'O021', 12, '', 'nˈomɛr ˈo dvˈatsjatʲodˈen | βiːkˈontsɛ dvanˈatsjat'],
    ['uk', 'A100', 21, 'Kasa', 'nˈomɛr ˈa stˈo | βiːkˈontsɛ dvˈatsjatʲodˈen'],
    ['uk', 'W215', 112, '', 'nˈomɛr dˈubʎβˈɛ dvˈiːstiː pjatnˈatsjat | βiːkˈontsɛ stˈo dvanˈatsjat'],
    [
      'uk',
      'Y999',
      999,
      '',
      'nˈomɛr iːhrˈɛɡ devjatsˈod devjanˈostodˈɛvjat | βiːkˈontsɛ devjatsˈod devjanˈostodˈɛvjat',
    ],
  ];
  it.each(CASES)(
    'reads the call %s %s at counter %i (%s) as the expected phonemes',
    async (lang, code, counter, name, expected) => {
      expect(await ipa(lang, code, counter, name)).toBe(expected);
    },
  );
});
