import type { Credentials } from '../../reliability/office-clients.ts';
import { login, pairDevice, request } from '../../reliability/office-clients.ts';

/** One office of the sample city as its first start's secrets file lists it. */
export interface CityOfficeSecrets {
  name: string;
  admin: { username: string; password: string };
  clerks: Array<{ username: string; password: string }>;
  /** Pairing links by device kind. */
  pairing: Record<'kiosk' | 'display', string>;
}

/** Reads each office of SEED=sample-city from the first start's secrets file. */
export function parseCitySecrets(text: string): CityOfficeSecrets[] {
  const offices: CityOfficeSecrets[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const admin = lines.map((l) => /^\s+administrator\s+(\S+) \/ (\S+)\s*$/.exec(l)).find(Boolean);
    if (!admin) continue;
    const link = (kind: string) =>
      lines.map((l) => new RegExp(`^\\s+pair ${kind}\\s+(\\S+)`).exec(l)?.[1]).find(Boolean) ?? '';
    offices.push({
      name: lines[0]?.trim() ?? '',
      admin: { username: admin[1] ?? '', password: admin[2] ?? '' },
      clerks: lines
        .map((l) => /^\s+clerk\s+(\S+) \/ (\S+)\s*$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ username: m[1] ?? '', password: m[2] ?? '' })),
      pairing: { kiosk: link('kiosk'), display: link('display') },
    });
  }
  if (offices.length < 2 || offices.some((o) => !o.clerks.length || !o.pairing.kiosk || !o.pairing.display))
    throw new Error(`the first start wrote no sample city:\n${text}`);
  return offices;
}

/** An office of the city as its staff and devices reach it. */
export interface CityOffice {
  id: string;
  name: string;
  admin: { cookie: string };
  clerks: Array<{ cookie: string }>;
  kiosk: { token: string };
  display: { token: string };
  /** Category ids by prefix. */
  category: Record<string, string>;
  /** Counter ids by number. */
  counter: Record<number, string>;
}

/** Signs the office's administrator and clerks in and pairs its kiosk and display, through `base`. */
export async function signInCityOffice(base: string, secrets: CityOfficeSecrets): Promise<CityOffice> {
  const admin = { cookie: await login(base, secrets.admin.username, secrets.admin.password) };
  const clerks = [];
  for (const c of secrets.clerks) clerks.push({ cookie: await login(base, c.username, c.password) });
  const me = await request<{ officeId: string }>(base, admin, 'GET', '/api/auth/me');
  const categories = await request<Array<{ id: string; prefix: string }>>(
    base,
    admin,
    'GET',
    '/api/categories',
  );
  const counters = await request<Array<{ id: string; number: number }>>(base, admin, 'GET', '/api/counters');
  return {
    id: me.body.officeId,
    name: secrets.name,
    admin,
    clerks,
    kiosk: { token: await pairDevice(base, secrets.pairing.kiosk) },
    display: { token: await pairDevice(base, secrets.pairing.display) },
    category: Object.fromEntries(categories.body.map((c) => [c.prefix, c.id])),
    counter: Object.fromEntries(counters.body.map((c) => [c.number, c.id])),
  };
}

export type { Credentials };
