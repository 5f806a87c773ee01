// The server's entry (`node server/dist/main.js`, `npm start`, `npm run dev`): it sets V8's
// young generation first, and only then loads the server (run.ts), so that the limit holds
// while the server's modules load.
import './lib/young-generation.ts';

await import('./run.ts');
