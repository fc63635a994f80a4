/**
 * No insecure defaults ship (DESIGN.md §14): a JWT secret that was ever printed in this repository, or that is too
 * predictable to be random, would let anyone sign access tokens. Boot refuses both, in one line that names
 * JWT_SECRET and never shows the value.
 */

/** Every example JWT secret the repository's docs, compose files, tests and benchmarks have carried. */
const PUBLISHED_SECRETS = new Set([
  // docker-compose.yml's default before it required JWT_SECRET
  'change-me-to-a-long-random-secret-of-32-chars-or-more',
  // the test harness and the benchmarks before they generated theirs
  'test-secret-that-is-long-enough-for-hs256-0123456789',
  'bench-secret-that-is-long-enough-for-hs256-0123456789',
  // the "another secret" of the forged-token test
  'another-secret-that-is-long-enough-0123456789',
]);

/** An HS256 key should carry 256 bits (RFC 7518 §3.2); below half of that a secret was not drawn at random. */
export const MIN_JWT_SECRET_BITS = 128;

const ADVICE = 'set a random one, e.g. `openssl rand -base64 48`';

/**
 * The secret's entropy as its length times the Shannon entropy of its characters: 0 for "xxxx…", about 6 bits a
 * character for base64 from a random source. A repeated pattern ("abcabc…") counts as one copy of the pattern.
 */
export function estimatedSecretBits(secret: string): number {
  const characters = [...secret];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * smallestPeriod(characters);
}

/** The length of the shortest unit the secret repeats ("abcabcab" → 3); its own length when it repeats nothing. */
function smallestPeriod(characters: string[]): number {
  for (let period = 1; period <= characters.length / 2; period++) {
    if (characters.every((character, index) => index < period || character === characters[index - period])) return period;
  }
  return characters.length;
}

/** Why this JWT secret must not be used, or undefined when it may. The reason never contains the secret. */
export function jwtSecretProblem(secret: string): string | undefined {
  if (PUBLISHED_SECRETS.has(secret.trim())) return `JWT_SECRET is an example value published in Meridian's repository; ${ADVICE}`;
  if (estimatedSecretBits(secret) < MIN_JWT_SECRET_BITS) {
    return `JWT_SECRET is too short or too predictable (under ${MIN_JWT_SECRET_BITS} bits of estimated entropy); ${ADVICE}`;
  }
  return undefined;
}
