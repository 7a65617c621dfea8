// Builds the emulator's users export of `count` seeded users (seed 1) into `path`, as the gzip
// NDJSON file a full sync downloads: run by offline-fixture.ts in a process of its own.
import { renameSync, writeFileSync } from 'node:fs';
import type { User } from '../common/auth0.ts';
import { buildExportFile, DEFAULT_EXPORT_FIELDS } from '../emulator/jobs/export-file.ts';
import { seedTenant } from '../emulator/seed/index.ts';

const [count, path] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(count) || count < 1 || !path) throw new Error('usage: build-export.ts <count> <path>');
const fields = [...DEFAULT_EXPORT_FIELDS, { name: 'app_metadata' }, { name: 'user_metadata' }];
const users = seedTenant(count, 1).users() as readonly User[];
const bytes = await buildExportFile(users, 'json', fields, () => {});
writeFileSync(`${path}.tmp`, bytes);
renameSync(`${path}.tmp`, path);
