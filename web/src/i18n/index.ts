import { en } from './en';

/** The strings of the active language; only English exists so far. */
export const t = en;
