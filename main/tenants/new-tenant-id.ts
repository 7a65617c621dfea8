import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `ten_` and 16 random letters or digits (common/tenant.ts TENANT_ID_PATTERN). */
export function newTenantId(): string {
  let id = 'ten_';
  for (let index = 0; index < 16; index += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
