// The one address policy for every request Roster makes for a tenant (DESIGN.md): the tenant's
// domain, its API base URL, its JWKS and the export job's download link. These are the pure
// rules, applied to what the WHATWG URL parser makes of an address, never to the text as typed:
// `127.1`, `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`, `１２７.０.０.１` and `[::ffff:7f00:1]` all
// reach 127.0.0.1, and the parser says so. main/auth0/outbound-address.ts adds the resolving
// part: a name must resolve to public addresses only, and the checked answer is the one used.

/**
 * Where a tenant may lead Roster. `public`: https to a DNS name that resolves to public
 * addresses only. `local`: the tenant's own API base URL is on this machine (the emulator, a
 * local proxy), so its requests, JWKS and export links may use http and internal addresses.
 */
export type AddressReach = 'public' | 'local';

type IpAddress = { version: 4 | 6; bytes: number[] };

function parseIpv4(text: string): number[] | null {
  // Canonical dotted quads only: what the URL parser writes and what DNS answers.
  if (!/^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/.test(text)) return null;
  const bytes = text.split('.').map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  let rest = text;
  let tail: number[] = [];
  // A dotted IPv4 tail (::ffff:127.0.0.1) stands for the last two groups.
  const dotted = /^(.*:)([0-9]+\.[0-9.]+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2] ?? '');
    if (!v4) return null;
    tail = v4;
    const groups = dotted[1] ?? '';
    rest = groups.endsWith('::') ? groups : groups.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const back = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const wanted = 8 - tail.length / 2;
  const missing = wanted - head.length - back.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...back];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  return [...groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]), ...tail];
}

/** An IP address as DNS answers it or as the URL parser writes a host (brackets, zone id allowed). */
export function parseIpAddress(text: string): IpAddress | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = parseIpv4(bare);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = bare.includes(':') ? parseIpv6(bare) : null;
  return v6 ? { version: 6, bytes: v6 } : null;
}

type Range = { bytes: number[]; prefix: number };

function range(cidr: string): Range {
  const [address = '', prefix = ''] = cidr.split('/');
  const parsed = parseIpAddress(address);
  if (!parsed) throw new Error(`Bad range ${cidr}`);
  return { bytes: parsed.bytes, prefix: Number(prefix) };
}

function inRange(bytes: number[], { bytes: base, prefix }: Range): boolean {
  if (bytes.length !== base.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(8, prefix - bit))) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** IANA's special-purpose IPv4 registry: nothing here is a public server Roster should reach. */
const NOT_PUBLIC_V4 = [
  '0.0.0.0/8', // "this network"; 0.0.0.0 reaches this machine
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local: cloud metadata services (169.254.169.254)
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relays
  '192.168.0.0/16', // RFC 1918
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address
].map(range);

/** IPv6 forms that carry an IPv4 address, which the IPv4 rules then judge (offset of its bytes). */
const EMBEDDING_V4: [Range, number][] = [
  [range('::ffff:0:0/96'), 12], // IPv4-mapped
  [range('::/96'), 12], // IPv4-compatible (deprecated; some stacks still route it)
  [range('::ffff:0:0:0/96'), 12], // SIIT
  [range('64:ff9b::/96'), 12], // NAT64
  [range('2002::/16'), 2], // 6to4
];

/** Global unicast is 2000::/3; within it, these are not public servers. */
const GLOBAL_UNICAST_V6 = range('2000::/3');
const NOT_PUBLIC_V6 = ['2001::/23', '2001:db8::/32', '3fff::/20'].map(range);

/** Whether an address (as DNS answers it) is a public unicast one. Anything unparsable is not. */
export function isPublicAddress(address: string): boolean {
  const parsed = parseIpAddress(address);
  if (!parsed) return false;
  if (parsed.version === 4) return !NOT_PUBLIC_V4.some((entry) => inRange(parsed.bytes, entry));
  for (const [form, offset] of EMBEDDING_V4) {
    if (inRange(parsed.bytes, form)) {
      // :: and ::1 fall in 0.0.0.0/8 this way: the unspecified and loopback addresses.
      const v4 = parsed.bytes.slice(offset, offset + 4);
      return !NOT_PUBLIC_V4.some((entry) => inRange(v4, entry));
    }
  }
  return inRange(parsed.bytes, GLOBAL_UNICAST_V6) && !NOT_PUBLIC_V6.some((entry) => inRange(parsed.bytes, entry));
}

const LOOPBACK = ['127.0.0.0/8', '::1/128', '::ffff:127.0.0.0/104'].map(range);

/**
 * This machine, as a URL's hostname (after the parser): a loopback address, or `localhost` and
 * its subdomains, which RFC 6761 reserves for it (with or without the root's trailing dot).
 */
export function isThisMachine(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const parsed = parseIpAddress(name);
  return parsed !== null && LOOPBACK.some((entry) => inRange(parsed.bytes, entry));
}

/** Whether a URL's hostname (after the parser) is an address rather than a name. */
export function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || parseIpAddress(hostname) !== null;
}

function parseUrl(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

/**
 * Why Roster must not send a request to this URL for a tenant of this reach, or null. A name
 * that passes still has to resolve to public addresses (main/auth0/outbound-address.ts).
 */
export function outboundUrlProblem(input: string, reach: AddressReach): string | null {
  const url = parseUrl(input);
  if (!url) return 'It is not a URL.';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not a web address.`;
  if (url.username !== '' || url.password !== '') return `${url.host} is given with a user name or password.`;
  if (reach === 'local') return null;
  if (url.protocol !== 'https:') return `${url.host} is not https.`;
  if (isIpLiteral(url.hostname)) return `${url.host} is an IP address; Roster reaches tenants by name only.`;
  if (isThisMachine(url.hostname)) return `${url.host} is this machine.`;
  return null;
}

/** A tenant whose API base URL is on this machine (the emulator) is `local`; every other is `public`. */
export function tenantReach(apiBaseUrl: string | undefined | null): AddressReach {
  const url = apiBaseUrl ? parseUrl(apiBaseUrl) : null;
  return url && isThisMachine(url.hostname) ? 'local' : 'public';
}

/** The host (and port) of a domain as typed, as the URL parser reads it; null when it is more than a host. */
export function parseDomain(input: string): URL | null {
  const url = parseUrl(`https://${input}`);
  if (!url || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  return url;
}

/**
 * Why a tenant's address is refused, or null. The domain is a DNS name, always: it is the
 * audience of every token, and Auth0 tenant domains are names. Requests go to `https://{domain}`
 * unless an API base URL is given: https to a public name, or anything on this machine.
 */
export function tenantAddressProblem(domain: string, apiBaseUrl: string | undefined | null): string | null {
  const parsed = parseDomain(domain);
  if (parsed === null) return 'The domain is a name, such as acme.eu.auth0.com, with nothing before or after it.';
  const host = parsed.host;
  if (isIpLiteral(parsed.hostname)) {
    return `The domain must be the tenant’s name, such as acme.eu.auth0.com, not an IP address (${host}).`;
  }
  if (apiBaseUrl) {
    const problem = tenantReach(apiBaseUrl) === 'local' ? null : outboundUrlProblem(apiBaseUrl, 'public');
    return problem && `The API base URL must be https to a public name, or an address on this machine: ${problem}`;
  }
  if (outboundUrlProblem(`https://${host}`, 'public') !== null) {
    return 'The domain must be the tenant’s public name, such as acme.eu.auth0.com. For a local emulator or proxy, give its address as the API base URL (under Advanced).';
  }
  return null;
}
