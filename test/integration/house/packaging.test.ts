// Packs the built app for Linux as a folder against a stub Electron (the binary cannot be
// downloaded here) and checks what the asar holds: the built main, preload and renderer, the
// production dependencies, keytar's native module unpacked, and nothing we did not mean to ship.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let entries: string[] = [];
let appDir = '';

describe('packaging', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'out/main/index.js')))
      throw new Error('The app is not built: run `npm run build` first.');
    const work = mkdtempSync(join(tmpdir(), 'roster-pack-'));
    const stub = join(work, 'electron-dist');
    execFileSync('mkdir', ['-p', stub]);
    // A stand-in binary that carries Electron's fuse wire (sentinel, version 1, 8 fuses, all
    // "inherit"), so that electron-builder flips the fuses in it as it would in the real one.
    writeFileSync(
      join(stub, 'electron'),
      Buffer.concat([
        Buffer.from('#!/bin/sh\nexit 0\n'),
        Buffer.from(FUSE_SENTINEL),
        Buffer.from([1, 8, ...Array<number>(8).fill(0x90)]),
      ]),
    );
    chmodSync(join(stub, 'electron'), 0o755);
    const output = join(work, 'dist');
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        `-c.electronDist=${stub}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${output}`,
      ],
      { cwd: root, stdio: 'pipe', timeout: 240_000 },
    );
    appDir = join(output, 'linux-unpacked');
    entries = listPackage(join(appDir, 'resources/app.asar'), { isPack: false }).map((entry) =>
      entry.replaceAll('\\', '/'),
    );
  }, 300_000);

  it('holds the built main, preload and renderer', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(entries).toContain(file);
    }
    expect(entries.some((entry) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(entry))).toBe(true);
  });

  it('ships production dependencies only', () => {
    const modules = new Set(
      entries.filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry)).map((entry) => entry.slice(14)),
    );
    for (const needed of ['got', 'keytar', 'zod', 'fastify', 'jose']) expect(modules).toContain(needed);
    for (const devOnly of [
      'electron',
      'vitest',
      'playwright-core',
      'typescript',
      'electron-builder',
      'auth0',
      'svelte',
      'eslint',
    ]) {
      expect(modules).not.toContain(devOnly);
    }
  });

  it('leaves out sources, tests, maps and tooling', () => {
    const outsideModules = entries.filter((entry) => !entry.startsWith('/node_modules'));
    const unwanted = outsideModules.filter((entry) =>
      /^\/(main|preload|renderer|common|emulator|test|bench|scripts|security|\.ci|\.git|node_modules\/\.bin)(\/|$)|\.(ts|map)$|\.env|\.nvmrc|tsconfig|vitest|eslint/.test(
        entry,
      ),
    );
    expect(unwanted).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
  });

  it('unpacks keytar’s native module so that it can be loaded', () => {
    const unpacked = join(appDir, 'resources/app.asar.unpacked/node_modules/keytar/build/Release');
    expect(readdirSync(unpacked)).toContain('keytar.node');
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; only the app’s own asar, checked', () => {
    const binary = readFileSync(join(appDir, 'roster'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(binary[at]).toBe(1);
    const wire = [...binary.subarray(at + 2, at + 2 + 8)].map((state) => String.fromCharCode(state));
    // @electron/fuses' FuseV1Options order; '0' disabled, '1' enabled.
    expect(wire).toEqual(['0', '1', '0', '0', '1', '1', '0', '0']);
  });
});
