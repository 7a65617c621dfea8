// The resolving half of the address policy (common/address-policy.ts): for a `public` tenant, a
// name must resolve to public addresses only, every one of them, or the request is refused. The
// lookup is handed to the connection itself (got's `dnsLookup`, http.request's `lookup`), so the
// address checked is the address connected to: a second lookup, which a hostile DNS server
// could answer with 127.0.0.1 (DNS rebinding), never happens. An IP literal skips lookups
// altogether, which is why the URL rules refuse it first.
import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isPublicAddress, type AddressReach } from '../../common/address-policy.ts';

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The error code a refused lookup carries, through got and http.request alike. */
export const INTERNAL_ADDRESS = 'internal_address';

function refusal(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to an address that is not public`);
  error.code = INTERNAL_ADDRESS;
  return error;
}

/** Same signature as dns.lookup, as got's `dnsLookup` and http.request's `lookup` expect. */
export function publicAddressLookup(
  hostname: string,
  options: LookupOneOptions | LookupAllOptions | number | Callback,
  callback?: Callback,
): void {
  const done = (typeof options === 'function' ? options : callback) as Callback;
  const given = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
  lookup(hostname, { ...given, all: true }, (error, addresses) => {
    if (error) return done(error, []);
    if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address))) {
      return done(refusal(hostname), []);
    }
    if ('all' in given && given.all) return done(null, addresses);
    const [first] = addresses as [LookupAddress];
    return done(null, first.address, first.family);
  });
}

/** The lookup a connection for a tenant of this reach must use; undefined: the system's own. */
export function lookupFor(reach: AddressReach): typeof publicAddressLookup | undefined {
  return reach === 'public' ? publicAddressLookup : undefined;
}
