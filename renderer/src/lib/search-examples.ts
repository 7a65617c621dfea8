// Every search example the app shows: the search box's placeholder and the help's examples. Each
// finds someone in the demo tenant; test/integration/main/search-examples.test.ts runs every one
// (and those the README lists) against the seeded demo tenant, through Auth0's rules (the
// emulator) and the offline cache, so that an example cannot rot.

/** The v3 example in the search box's placeholder. */
export const PLACEHOLDER_EXAMPLE = 'email:*@gmail.com';

export const SEARCH_PLACEHOLDER = `Search by name, email, nickname or username — or Auth0 syntax: ${PLACEHOLDER_EXAMPLE}`;

/** The help's examples, which run when clicked. */
export const SEARCH_EXAMPLES: readonly { query: string; what: string }[] = [
  { query: 'jo', what: 'one word: the start of an email, name, given or family name, nickname or username' },
  { query: 'Webster Brakus', what: 'a full name as the list shows it, any case; the exact person first' },
  { query: 'name:jo*', what: 'a field, with * for a prefix (Auth0 matches whole values)' },
  { query: PLACEHOLDER_EXAMPLE, what: 'a leading * needs 3 characters after it' },
  { query: 'identities.connection:"github"', what: 'users of one connection' },
  { query: 'app_metadata.plan.tier:"gold"', what: 'a metadata path (case-sensitive)' },
  { query: 'logins_count:[10 TO *]', what: 'a range; * leaves an end open' },
  { query: 'blocked:true OR email_verified:false', what: 'AND, OR, NOT in capitals' },
  { query: '_exists_:app_metadata.tags', what: 'users who have a field' },
];
