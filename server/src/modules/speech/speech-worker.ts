import { createRequire } from 'node:module';

/**
 * The worker thread that runs eSpeak NG (the `espeak-ng` package: the engine compiled to
 * WebAssembly, with its voice data inside). Rendering blocks the thread it runs on for a few
 * hundred milliseconds, so it never runs on the server's event loop. The WebAssembly module is
 * compiled once per worker; each sentence runs the engine's program once in a fresh instance (the
 * package exposes the command line only) and reads the WAV it wrote from its in-memory file system.
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
async function run(args) {
  const { ESpeakNg, module } = await load();
  const errors = [];
  const instance = await ESpeakNg({
    arguments: args,
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(module, imports).then((i) => done(i), (e) => errors.push(String(e)));
      return {};
    },
    print: (line) => errors.push(line),
    printErr: (line) => errors.push(line),
  });
  return { instance, output: errors };
}
// One sentence at a time: each run holds an instance of the engine (some 35 MB of WebAssembly
// memory), so sentences asked at once wait their turn instead of holding one instance each.
let queue = Promise.resolve();
parentPort.on('message', (job) => {
  queue = queue.then(() => handle(job)).then(collect);
});
// An instance left behind is garbage, but V8 would keep it until its heap grows large; collected
// after each sentence, the worker holds about one instance's memory at a time.
// (The flag is the process's: a worker started after the first finds gc() already there.)
let collectGarbage = globalThis.gc;
if (typeof collectGarbage !== 'function') {
  require('node:v8').setFlagsFromString('--expose-gc');
  collectGarbage = require('node:vm').runInNewContext('gc');
}
function collect() {
  collectGarbage();
}
async function handle(job) {
  try {
    if (job.kind === 'phonemes') {
      const { output } = await run(['-q', '--ipa', '-v', job.voice, '--', job.text]);
      parentPort.postMessage({ id: job.id, phonemes: output.join(' | ') });
      return;
    }
    const { instance, output } = await run(['-v', job.voice, '-s', String(job.wordsPerMinute), '-w', 'out.wav', '--', job.text]);
    let wav;
    try {
      wav = instance.FS.readFile('out.wav');
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
