// The offline user cache: usable without Electron (bench/, the differential test).
export { SqliteUserCacheStore, type SqliteUserCacheStoreOptions } from './sqlite-store.ts';
export { SqliteUserCache } from './sqlite-cache.ts';
export * from './types.ts';
export type { TrigramBuildOptions } from './trigram-builder.ts';
