import { isIP } from 'node:net';

/**
 * Which peers' X-Forwarded-For is believed (Fastify's `trustProxy`): none (false), the nearest N hops, or the listed
 * proxy addresses and CIDR ranges. The client IP keys per-IP rate limits and is stored with sessions and audit rows,
 * so it comes from X-Forwarded-For only behind proxies named here (DESIGN.md §14); by default it is the peer address.
 */
export type TrustProxy = false | number | string[];

const OFF = new Set(['', 'false', 'off', 'none', '0']);
const MAX_HOPS = 10;

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  // A /0 trusts every address: anyone could then choose their IP, as before TRUST_PROXY existed.
  return Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The parsed setting, or undefined when the value is none of: off, a hop count 1–10, a list of IPs/CIDRs. */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  const text = (value ?? '').trim().toLowerCase();
  if (OFF.has(text)) return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= MAX_HOPS ? hops : undefined;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries : undefined;
}

/**
 * The setting in Fastify's terms. Fastify reads a bare number as "trust nothing" (it cannot check the peer), so a hop
 * count becomes the function proxy-addr calls per hop, nearest first: the N nearest are believed, whoever they are.
 * Use it only where the api is reachable through the proxy alone; a CIDR list is checked against each peer.
 */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
