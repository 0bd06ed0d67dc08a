import { useGuest } from '../guest/i18n';
import { en } from './en';

/** The strings of the staff console and admin pages, which are English only. */
export const t = en;

/** Strings for the shared UI kit: the guest's language inside the guest area, English elsewhere. */
export const useMessages = () => useGuest().m;
