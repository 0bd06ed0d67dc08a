import type { GuestLanguage } from '../../lib/languages.js';

/** The registration card's words, in the language of the terms the guest signed. */
export interface CardLabels {
  title: string;
  guest: string;
  nationality: string;
  dateOfBirth: string;
  document: string;
  stay: string;
  confirmation: string;
  contact: string;
  signed: string;
}

export const CARD_LABELS: Record<GuestLanguage, CardLabels> = {
  en: { title: 'Registration card', guest: 'Guest', nationality: 'Nationality', dateOfBirth: 'Date of birth', document: 'Document', stay: 'Stay', confirmation: 'Confirmation', contact: 'Contact', signed: 'Signed online on' },
  de: { title: 'Meldeschein', guest: 'Gast', nationality: 'Staatsangehörigkeit', dateOfBirth: 'Geburtsdatum', document: 'Ausweis', stay: 'Aufenthalt', confirmation: 'Buchungsnummer', contact: 'Kontakt', signed: 'Online unterschrieben am' },
  fr: { title: 'Fiche de police', guest: 'Client', nationality: 'Nationalité', dateOfBirth: 'Date de naissance', document: 'Pièce d’identité', stay: 'Séjour', confirmation: 'Confirmation', contact: 'Contact', signed: 'Signé en ligne le' },
  es: { title: 'Ficha de registro', guest: 'Huésped', nationality: 'Nacionalidad', dateOfBirth: 'Fecha de nacimiento', document: 'Documento', stay: 'Estancia', confirmation: 'Confirmación', contact: 'Contacto', signed: 'Firmado en línea el' },
  pt: { title: 'Ficha de registo', guest: 'Hóspede', nationality: 'Nacionalidade', dateOfBirth: 'Data de nascimento', document: 'Documento', stay: 'Estadia', confirmation: 'Confirmação', contact: 'Contacto', signed: 'Assinado online em' },
  it: { title: 'Scheda di registrazione', guest: 'Ospite', nationality: 'Nazionalità', dateOfBirth: 'Data di nascita', document: 'Documento', stay: 'Soggiorno', confirmation: 'Conferma', contact: 'Contatto', signed: 'Firmato online il' },
};
