import { createRequire } from 'node:module';

/**
 * The worker thread that runs eSpeak NG (the `espeak-ng` package: the engine compiled to
 * WebAssembly, with its voice data inside). Rendering blocks the thread it runs on, so it never
 * runs on the server's event loop.
 *
 * The package exposes the engine's command line only. Starting a fresh instance of it for each
 * sentence cost some 100–150 ms of processor, most of it setting up 35 MB of WebAssembly memory;
 * the sentence itself takes 10–30 ms. So one instance is made, without running its program, and a
 * copy of its memory is kept: each sentence puts that copy back, so it starts from exactly the
 * state a fresh instance would, runs the program once (`main`, with the text in a file of the
 * engine's in-memory file system, `-f`), and reads the WAV it wrote. The audio is byte for byte a
 * fresh instance's (speech-engine.test.ts). An instance whose program failed or called `exit` is
 * dropped, and the next sentence makes a new one.
 *
 * A string, run with `eval`, like the backup check: it works the same under tsx and in the built
 * server, which has no separate file to point a worker at.
 */
export const SPEECH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const path = require('node:path');
// The engine's file system reports every path it looks up and does not find with an Error,
// whose stack trace alone took a fifth of a sentence's time: nothing reads them.
Error.stackTraceLimit = 0;
// Rendering ahead yields to the server's requests: on Linux this thread runs at the lowest
// priority, so a busy machine gives the event loop, the database and the proxy the processor
// first, and the sentences the time left (a display asks for its audio a chime's length later).
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid)) require('node:os').setPriority(tid, 19);
} catch {
  // Another system, or not allowed: the thread keeps the process's priority.
}
let engine;
function load() {
  engine ??= (async () => {
    const { default: ESpeakNg } = await import(pathToFileURL(workerData.entry).href);
    const wasm = readFileSync(path.join(path.dirname(workerData.entry), 'espeak-ng.wasm'));
    const module = await WebAssembly.compile(wasm);
    return { ESpeakNg, module };
  })();
  return engine;
}
// The one instance, its exports and the copy of its memory as it was before its program ran.
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
  instance = { m, exports, output, pristine: new Uint8Array(exports.memory.buffer).slice() };
  return instance;
}
const encoder = new TextEncoder();
// Runs the engine's program once on \`text\` with \`args\`, from the state of a fresh instance.
async function run(args, text) {
  const it = await ready();
  const { m, exports, output } = it;
  new Uint8Array(exports.memory.buffer).set(it.pristine);
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
parentPort.on('message', (job) => {
  queue = queue.then(() => handle(job));
});
async function handle(job) {
  try {
    if (job.kind === 'phonemes') {
      const { output } = await run(['-q', '--ipa', '-v', job.voice], job.text);
      parentPort.postMessage({ id: job.id, phonemes: output.join(' | ') });
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
    parentPort.postMessage({ id: job.id, wav }, [wav.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
}
parentPort.postMessage({ ready: true });
`;

/** The `espeak-ng` package's entry file, which the worker imports (its WebAssembly lies beside it). */
export const ESPEAK_ENTRY = createRequire(import.meta.url).resolve('espeak-ng');
