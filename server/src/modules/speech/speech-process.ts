import { createRequire } from 'node:module';

/**
 * The program of the process that runs eSpeak NG (the `espeak-ng` package: the engine compiled
 * to WebAssembly, with its voice data inside). Rendering blocks the thread it runs on, so it never
 * runs on the server's event loop; and it runs in a process of its own, not a worker thread,
 * because memory a thread used stays with the server's process after the thread ends (the C
 * library keeps the thread's heap for later), while a process that ends gives all of its memory
 * back to the system (decision 0044).
 *
 * The package exposes the engine's command line only. Starting a fresh instance of it for each
 * sentence cost some 100–150 ms of processor, most of it setting up 32 MB of WebAssembly memory;
 * the sentence itself takes 10–30 ms. So one instance is made, without running its program, and
 * each sentence puts its memory back as it was then, so that it starts from exactly the state a
 * fresh instance would, runs the program once (`main`, with the text in a file of the engine's
 * in-memory file system, `-f`), and reads the WAV it wrote. The audio is byte for byte a fresh
 * instance's (speech-engine.test.ts). An instance whose program failed or called `exit` is
 * dropped, and the next sentence makes a new one.
 *
 * What is kept to put the memory back is small: 17 MB of the 32 are the voice files embedded in
 * the engine, which its file system reads in place and which never change (Emscripten says so
 * where it makes them files), so they are left out; most of the rest is zeros, kept as nothing;
 * and a part is written back only where it differs, so the memory's untouched pages stay
 * untouched (a copy of all of it made every page of it resident).
 *
 * A string, run with `node -e`, like the backup check's worker: it works the same under tsx and
 * in the built server, which has no separate file to point a process at. Its one argument is the
 * package's entry file. It reads jobs on its IPC channel, one at a time in the order sent, and
 * ends when the channel closes: when the server unloads it, stops, or dies.
 */
export const SPEECH_PROCESS_SOURCE = `
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const path = require('node:path');
process.title = 'numerek-speech';
// The server unloads the engine, stops or dies: its channel closes, and so does this process.
process.on('disconnect', () => process.exit(0));
// The engine's file system reports every path it looks up and does not find with an Error,
// whose stack trace alone took a fifth of a sentence's time: nothing reads them.
Error.stackTraceLimit = 0;
// Rendering ahead yields to the server's requests: on Linux this process runs at the lowest
// priority, so a busy machine gives the event loop, the database and the proxy the processor
// first, and the sentences the time left (a display asks for its audio a chime's length later).
try {
  require('node:os').setPriority(19);
} catch {
  // Not allowed: the process keeps the server's priority.
}
const entry = process.argv[1];
let engine;
function load() {
  engine ??= (async () => {
    const { default: ESpeakNg } = await import(pathToFileURL(entry).href);
    const module = await WebAssembly.compile(readFileSync(path.join(path.dirname(entry), 'espeak-ng.wasm')));
    return { ESpeakNg, module };
  })();
  return engine;
}
const PIECE = 64 * 1024;
// The parts of the memory to put back before each sentence, as they were before the program
// first ran: [start, end, bytes or null for zeros]. The embedded files' contents are not among them.
function pristineOf(exports, m) {
  const memory = exports.memory.buffer;
  const files = [];
  for (let at = m.___emscripten_embedded_file_data; ; at += 12) {
    const words = new Uint32Array(memory, at, 3);
    if (words[0] === 0) break;
    files.push([words[2], words[2] + words[1]]);
  }
  files.sort((a, b) => a[0] - b[0]);
  const pieces = [];
  const add = (from, to) => {
    for (let start = from; start < to; start += PIECE) {
      const end = Math.min(start + PIECE, to);
      const bytes = new Uint8Array(memory, start, end - start);
      pieces.push([start, end, bytes.some((b) => b !== 0) ? bytes.slice() : null]);
    }
  };
  let from = 0;
  for (const [start, end] of files) {
    if (start > from) add(from, start);
    from = Math.max(from, end);
  }
  add(from, memory.byteLength);
  return pieces;
}
const zeros = Buffer.alloc(PIECE);
function putBack(exports, pieces) {
  const memory = exports.memory.buffer;
  for (const [start, end, bytes] of pieces) {
    const now = Buffer.from(memory, start, end - start);
    if (bytes === null) {
      if (!now.equals(zeros.subarray(0, end - start))) now.fill(0);
    } else if (!now.equals(bytes)) now.set(bytes);
  }
  // Memory the program grew into is zeros in a fresh instance.
  const grownFrom = pieces.length ? pieces[pieces.length - 1][1] : 0;
  for (let start = grownFrom; start < memory.byteLength; start += PIECE) {
    const now = Buffer.from(memory, start, Math.min(PIECE, memory.byteLength - start));
    if (!now.equals(zeros.subarray(0, now.length))) now.fill(0);
  }
}
// The one instance, its exports and what its memory was before its program ran.
let instance = null;
async function ready() {
  if (instance) return instance;
  const { ESpeakNg, module } = await load();
  const output = [];
  let exports;
  const m = await ESpeakNg({
    noInitialRun: true,
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(module, imports).then((i) => {
        exports = i.exports;
        done(i);
      });
      return {};
    },
    print: (line) => output.push(line),
    printErr: (line) => output.push(line),
  });
  instance = { m, exports, output, pristine: pristineOf(exports, m) };
  // The engine's 18 MB file, read to compile it, is garbage now; a process this quiet would keep
  // it for long before collecting on its own.
  globalThis.gc?.();
  return instance;
}
const encoder = new TextEncoder();
// Runs the engine's program once on \`text\` with \`args\`, from the state of a fresh instance.
async function run(args, text) {
  const it = await ready();
  const { m, exports, output } = it;
  putBack(exports, it.pristine);
  output.length = 0;
  // The text goes in a file, never on the command line: it is never taken for an option, and the
  // command line's text is not read when the program runs in an instance made without running it.
  m.FS.writeFile('/in.txt', text);
  const argv = ['espeak-ng', ...args, '-f', '/in.txt'].map((a) => encoder.encode(a + '\\0'));
  const top = exports.stackSave();
  try {
    const base = exports.stackAlloc(argv.reduce((n, a) => n + a.length, 0) + (argv.length + 1) * 4);
    const bytes = new Uint8Array(exports.memory.buffer);
    const words = new Uint32Array(exports.memory.buffer);
    let at = base + (argv.length + 1) * 4;
    argv.forEach((a, i) => {
      bytes.set(a, at);
      words[(base >> 2) + i] = at;
      at += a.length;
    });
    words[(base >> 2) + argv.length] = 0;
    exports.__main_argc_argv(argv.length, base);
    exports.fflush(0);
  } catch (error) {
    // exit() or a failure: the instance's runtime may be left stopped; the next run makes another.
    instance = null;
    if (!(error && error.name === 'ExitStatus')) throw error;
  } finally {
    if (instance === it) exports.stackRestore(top);
  }
  return { m, output: output.slice() };
}
// One sentence at a time, on the one instance.
let queue = Promise.resolve();
process.on('message', (job) => {
  queue = queue.then(() => handle(job));
});
function reply(message) {
  // The channel may have closed meanwhile: then the process is ending anyway.
  if (process.connected) process.send(message);
}
async function handle(job) {
  try {
    if (job.kind === 'phonemes') {
      const { output } = await run(['-q', '--ipa', '-v', job.voice], job.text);
      reply({ id: job.id, phonemes: output.join(' | ') });
      return;
    }
    const { m, output } = await run(['-v', job.voice, '-s', String(job.wordsPerMinute), '-w', '/out.wav'], job.text);
    let wav;
    try {
      wav = m.FS.readFile('/out.wav');
      m.FS.unlink('/out.wav');
    } catch {
      throw new Error('eSpeak NG wrote no audio: ' + output.join(' '));
    }
    reply({ id: job.id, wav });
  } catch (error) {
    reply({ id: job.id, error: String((error && error.message) || error) });
  }
}
`;

/** The `espeak-ng` package's entry file, which the process imports (its WebAssembly lies beside it). */
export const ESPEAK_ENTRY = createRequire(import.meta.url).resolve('espeak-ng');
