import { Faker, base, en } from '@faker-js/faker';

/** Values drawn once from faker (seeded), then combined per user by the fast PRNG. */
export interface Pools {
  firstNames: string[];
  lastNames: string[];
  cities: { city: string; country: string; countryCode: string }[];
  companies: string[];
  jobTitles: string[];
  userAgents: string[];
  colors: string[];
  words: string[];
  personalDomains: string[];
  companyDomains: string[];
}

const POOL_SIZE = 600;

export function buildPools(seed: number): Pools {
  const faker = new Faker({ locale: [en, base] });
  const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
  faker.seed(seed);
  const many = <T>(count: number, make: () => T): T[] => Array.from({ length: count }, make);
  const unique = (values: string[]): string[] => Array.from(new Set(values));
  return {
    firstNames: unique(many(POOL_SIZE, () => faker.person.firstName())),
    lastNames: unique(many(POOL_SIZE, () => faker.person.lastName())),
    cities: many(200, () => {
      const countryCode = faker.location.countryCode('alpha-2');
      return { city: faker.location.city(), country: countryNames.of(countryCode) ?? countryCode, countryCode };
    }),
    companies: unique(many(150, () => faker.company.name())),
    jobTitles: unique(many(150, () => faker.person.jobTitle())),
    userAgents: unique(many(60, () => faker.internet.userAgent())),
    colors: unique(many(40, () => faker.color.human())),
    words: unique(many(200, () => faker.word.noun())),
    // Real tenants are dominated by a few webmail domains plus many company domains.
    personalDomains: ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'proton.me'],
    companyDomains: unique(many(120, () => faker.internet.domainName())),
  };
}
