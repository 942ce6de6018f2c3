// What must never reach a client: stack frames, source paths, SQL, driver or ORM internals.
const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>$]+ \(/, // stack frame "at fn ("
  /\bat (?:file:\/\/|\/)[^\s]+:\d+:\d+/, // stack frame "at /path:1:2"
  /node_modules/,
  /\/work\/|\/home\/|\/tmp\//,
  /\.(?:ts|js|mjs|tsx):\d+/,
  /\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/,
  /\bprisma\b|PrismaClient|\$queryRaw|\$executeRaw/i,
  /\bECONNREFUSED\b|\bECONNRESET\b|ETIMEDOUT/,
  /violates (?:unique|foreign key|check|not-null) constraint/i,
  /\brelation "\w+"/,
  /SQLSTATE|\bP\d{4}\b/,
];

/** The first pattern the text matches, or null when it leaks nothing. */
export function leakIn(text: string): string | null {
  return LEAK_PATTERNS.find((pattern) => pattern.test(text))?.source ?? null;
}
