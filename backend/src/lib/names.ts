/**
 * Normalizes a last name for comparison: case, accents, spaces, hyphens and apostrophes do not
 * matter ("muller" finds "Müller", "oconnor" finds "O'Connor").
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\s'’`\-.]/g, '');
}
