// DNS resolution for requests to a tenant's domain: a public name that resolves to this machine,
// the local network or a link-local address (a cloud metadata service) is refused, so a crafted
// domain cannot reach them through Roster. An API base URL the admin typed skips this
// (tenant-connections.ts): that is how an emulator on 127.0.0.1 is reached.
import { lookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isInternalHost } from '../../common/tenant.ts';

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function refusal(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to an internal address`);
  error.code = 'internal_address';
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
    if (addresses.length === 0 || addresses.some((entry) => isInternalHost(entry.address))) {
      return done(refusal(hostname), []);
    }
    if ('all' in given && given.all) return done(null, addresses);
    const [first] = addresses as [LookupAddress];
    return done(null, first.address, first.family);
  });
}
