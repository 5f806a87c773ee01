/**
 * The clients of a scenario's day, drawn from a seeded generator: the same seed gives the same
 * day, so every policy and every booking mode is run on the same people.
 */
import type { Scenario } from './scenario.ts';

/** A client of the simulated day, the same in every policy run. */
export interface SimClient {
  id: string;
  code: string;
  categoryId: string;
  priority: boolean;
  /** Minutes from opening. */
  arrival: number;
  serviceMinutes: number;
  noShow: boolean;
}

/** mulberry32: small, fast, good enough for a simulation; the same seed gives the same day. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function logNormal(random: () => number, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  return Math.exp(mu + Math.sqrt(sigma2) * standardNormal(random));
}

/**
 * The day's clients: a Poisson process per category with a rate constant within each hour,
 * each client with a log-normal service time, a priority flag and a no-show flag. Sorted by
 * arrival.
 */
export function generateClients(scenario: Scenario): SimClient[] {
  const random = seededRandom(scenario.seed);
  const clients: Array<Omit<SimClient, 'id' | 'code'>> = [];
  for (const c of scenario.categories) {
    c.arrivalsPerHour.forEach((perHour, hour) => {
      if (perHour <= 0) return;
      let t = hour * 60 + exponential(random, perHour / 60);
      while (t < (hour + 1) * 60) {
        clients.push({
          categoryId: c.id,
          priority: random() < scenario.priorityShare,
          arrival: t,
          serviceMinutes: logNormal(random, c.serviceMinutes.mean, c.serviceMinutes.cv),
          noShow: random() < scenario.noShowShare,
        });
        t += exponential(random, perHour / 60);
      }
    });
  }
  clients.sort((a, b) => a.arrival - b.arrival || a.categoryId.localeCompare(b.categoryId));
  const numbers = new Map<string, number>();
  return clients.map((c, i) => {
    const n = (numbers.get(c.categoryId) ?? 0) + 1;
    numbers.set(c.categoryId, n);
    return {
      ...c,
      id: `t${String(i).padStart(5, '0')}`,
      code: `${c.categoryId}${String(n).padStart(3, '0')}`,
    };
  });
}
