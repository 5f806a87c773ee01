import type { DeviceKind } from '@numerek/shared';
import type { BrowserContext } from 'playwright-core';

/**
 * Makes the pages of a browser context a device that is paired already: its token in local
 * storage, where the kiosk, the display and the feedback tablet keep the token they got with their pairing link
 * (a link works only once, so tests that are not about pairing start from here). Set once per
 * tab, so a test can still see the app forget a token the server refused.
 */
export async function asPairedDevice(
  context: BrowserContext,
  kind: DeviceKind,
  token: string,
): Promise<void> {
  await context.addInitScript(
    ({ key, value }) => {
      if (sessionStorage.getItem('numerek.test.paired')) return;
      sessionStorage.setItem('numerek.test.paired', '1');
      localStorage.setItem(key, value);
    },
    { key: `numerek.${kind}.token`, value: token },
  );
}
