import {
  DISPLAY_CLIENT_EVENTS,
  DISPLAY_SERVER_EVENTS,
  FEEDBACK_SERVER_EVENTS,
  PRINT_AGENT_CLIENT_EVENTS,
  PRINT_AGENT_SERVER_EVENTS,
  STAFF_CLIENT_EVENTS,
  STAFF_SERVER_EVENTS,
} from '@numerek/shared/events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_PAGE, renderPage, schemasMatchTheMaps } from './realtime-protocol.ts';

/**
 * docs/realtime-protocol.md documents the socket protocol for integrators; its handshake, error
 * codes and event tables are rendered from the protocol package, so the page cannot drift from it.
 */
const page = readFileSync(PROTOCOL_PAGE, 'utf8');

describe('docs/realtime-protocol.md', () => {
  it('is what the protocol package renders (run npm run docs:protocol after changing the protocol)', () => {
    // The typecheck has bound each documented schema to its event map; this names it in a test.
    expect(schemasMatchTheMaps).toBe(true);
    expect(page).toBe(renderPage(page));
  });

  it('documents every event of every namespace, and the handshake', () => {
    const [, display = '', staff = '', agent = '', feedback = ''] = page.split(
      /^## `\/display`$|^## `\/counter` and `\/console`$|^## `\/print-agent`$|^## `\/feedback`$/m,
    );
    for (const name of [...DISPLAY_SERVER_EVENTS, ...DISPLAY_CLIENT_EVENTS]) {
      expect(display, name).toContain(`#### \`${name}\``);
    }
    for (const name of [...STAFF_SERVER_EVENTS, ...STAFF_CLIENT_EVENTS]) {
      expect(staff, name).toContain(`#### \`${name}\``);
    }
    for (const name of [...PRINT_AGENT_SERVER_EVENTS, ...PRINT_AGENT_CLIENT_EVENTS]) {
      expect(agent, name).toContain(`#### \`${name}\``);
    }
    for (const name of FEEDBACK_SERVER_EVENTS) expect(feedback, name).toContain(`#### \`${name}\``);
    expect(page).toMatch(/\| `protocol` \| integer \| \|/);
  });
});
