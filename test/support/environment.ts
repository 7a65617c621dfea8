// What a suite needs from the machine, and the one way to skip when it is missing: with a
// printed reason, except under CI=true, where a missing piece is a failure.

function unavailable(what: string, reason: string | null): string | null {
  if (!reason) return null;
  if (process.env.CI === 'true') throw new Error(`${what} cannot run under CI: ${reason}.`);
  console.warn(`Skipping ${what}: ${reason}.`);
  return reason;
}

/** A Secret Service for keytar: on Linux, a D-Bus session with gnome-keyring (as .ci/run starts). */
export function keychainUnavailable(what: string): string | null {
  const missing = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
  return unavailable(
    what,
    missing
      ? 'no D-Bus session, so no Secret Service (run inside dbus-run-session with gnome-keyring, as .ci/run does)'
      : null,
  );
}

export { unavailable as skipReason };
