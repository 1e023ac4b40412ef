/**
 * The CSV that import_rows_per_s imports: people with realistic, varied names (Faker, seeded), a
 * fifth on their own and the rest at a couple of thousand organisations. Written by the
 * orchestrator, so Faker's locale data never sits in a measuring process.
 */
import { createSeedFaker } from '../scripts/seed/generate';

export const IMPORT_MAPPING = { name: 'Name', email: 'Email', phone: 'Phone', organisation: 'Organisation', role: 'Role' };

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function importCsv(rows: number, seed = 77): string {
  const faker = createSeedFaker(seed);
  const orgs = Array.from({ length: Math.max(1, Math.round(rows / 5)) }, () => faker.company.name());
  const lines = ['Name,Email,Phone,Organisation,Role'];
  for (let i = 0; i < rows; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const org = faker.number.float() < 0.2 ? '' : faker.helpers.arrayElement(orgs);
    const email = faker.internet.email({ firstName: first, lastName: last, provider: 'example.org' });
    lines.push([`${first} ${last}`, email, faker.phone.number(), org, org ? faker.person.jobTitle() : ''].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
