// The address policy's pure rules (common/address-policy.ts), form by form: which resolved
// addresses are public, what counts as this machine, and how each URL fares for a public tenant
// and for one on this machine. The attacks themselves are in test/security/tenant-address.exploit.test.ts.
import { describe, expect, it } from 'vitest';
import {
  isIpLiteral,
  isPublicAddress,
  isThisMachine,
  outboundUrlProblem,
  parseIpAddress,
  tenantAddressProblem,
  tenantReach,
} from '../../../common/address-policy.ts';

describe('isPublicAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '"this network"'],
    ['10.0.0.5', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['192.0.0.170', 'IETF assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'IPv6 unspecified'],
    ['::1', 'IPv6 loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2002:c0a8:101::1', '6to4 of a private address'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fd00::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'Teredo'],
    ['100::1', 'discard'],
    ['not-an-address', 'not an address'],
    ['1.2.3', 'not a dotted quad'],
  ])('%s is not (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '::ffff:8.8.8.8',
    '2606:4700::1111',
    '2a00:1450:4001:80b::200e',
    '64:ff9b::808:808',
  ])('%s is', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('parseIpAddress', () => {
  it('reads the forms DNS and the URL parser write, and nothing else', () => {
    expect(parseIpAddress('[::ffff:127.0.0.1]')?.bytes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1]);
    expect(parseIpAddress('1::')?.bytes.slice(0, 2)).toEqual([0, 1]);
    expect(parseIpAddress('1:2:3:4:5:6:7:8')?.version).toBe(6);
    for (const text of ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '127.1', '0x7f000001', '256.0.0.1', 'acme.com']) {
      expect(parseIpAddress(text), text).toBeNull();
    }
  });
});

describe('isThisMachine and isIpLiteral, on what the parser produced', () => {
  it.each([
    ['http://127.1/', true, true],
    ['http://0x7f.0.0.1/', true, true],
    ['http://017700000001/', true, true],
    ['http://[::1]/', true, true],
    ['http://[::ffff:127.0.0.1]/', true, true],
    ['http://localhost./', true, false],
    ['http://LOCALHOST/', true, false],
    ['http://api.localhost/', true, false],
    ['http://ｌｏｃａｌｈｏｓｔ/', true, false],
    ['http://0.0.0.0/', false, true],
    ['http://10.0.0.5/', false, true],
    ['http://localhost.example.com/', false, false],
    ['http://xn--localhost-/', false, false],
  ])('%s: this machine %s, IP literal %s', (input, thisMachine, literal) => {
    const { hostname } = new URL(input);
    expect(isThisMachine(hostname)).toBe(thisMachine);
    expect(isIpLiteral(hostname)).toBe(literal);
  });
});

describe('outboundUrlProblem', () => {
  it.each([
    'http://acme.eu.auth0.com/x',
    'https://127.0.0.1/x',
    'https://2130706433/x',
    'https://[::1]/x',
    'https://169.254.169.254/latest/meta-data/',
    'https://localhost/x',
    'https://localhost./x',
    'https://user:pw@exports.example.com/x',
    'https://exports.example.com@10.0.0.5/x',
    'ftp://exports.example.com/x',
    'nonsense',
  ])('refuses %s for a public tenant', (url) => {
    expect(outboundUrlProblem(url, 'public')).not.toBeNull();
  });

  it('takes https names for a public tenant, and http or internal addresses for a local one only', () => {
    expect(
      outboundUrlProblem('https://du-exports.s3.amazonaws.com/t/x.json.gz?X-Amz-Signature=1', 'public'),
    ).toBeNull();
    expect(outboundUrlProblem('https://XN--BCHER-KVA.example./x', 'public')).toBeNull();
    expect(outboundUrlProblem('http://127.0.0.1:4010/x', 'local')).toBeNull();
    expect(outboundUrlProblem('https://10.0.0.5/x', 'local')).toBeNull();
    expect(outboundUrlProblem('http://user:pw@127.0.0.1/x', 'local')).not.toBeNull();
  });
});

describe('tenantReach and tenantAddressProblem', () => {
  it('a tenant is local only when its API base URL is on this machine', () => {
    expect(tenantReach(undefined)).toBe('public');
    expect(tenantReach('https://login.acme.com')).toBe('public');
    expect(tenantReach('http://127.0.0.1:4010')).toBe('local');
    expect(tenantReach('http://localhost:4010')).toBe('local');
    expect(tenantReach('https://10.0.0.5')).toBe('public');
  });

  it('says what to fix', () => {
    expect(tenantAddressProblem('127.0.0.1:4010', 'http://127.0.0.1:4010')).toMatch(/not an IP address/);
    expect(tenantAddressProblem('localhost', undefined)).toMatch(/API base URL \(under Advanced\)/);
    expect(tenantAddressProblem('acme.eu.auth0.com', 'https://10.0.0.5')).toMatch(/10\.0\.0\.5 is an IP address/);
    expect(tenantAddressProblem('acme.eu.auth0.com', 'http://login.acme.com')).toMatch(/is not https/);
    expect(tenantAddressProblem('acme.eu.auth0.com/path', undefined)).toMatch(/nothing before or after/);
    expect(tenantAddressProblem('acme.eu.auth0.com', undefined)).toBeNull();
    expect(tenantAddressProblem('localhost:4010', 'http://127.0.0.1:4010')).toBeNull();
  });
});
