/**
 * The one test for "the server refused these credentials": Valkey / Redis `WRONGPASS` and
 * `NOAUTH` replies, and the older "invalid password" / "invalid username-password pair" wording.
 * Such an error gets its own message, counts towards the breaker, and makes a refreshable
 * credentials provider fetch or mint afresh.
 */
export function isAuthFailure(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /^(WRONGPASS|NOAUTH)\b|invalid password|invalid username/i.test(message);
}
