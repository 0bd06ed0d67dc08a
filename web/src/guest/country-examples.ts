/**
 * Examples for the contact form's hints, by the hotel's country: most guests of a Swiss hotel
 * recognise a Swiss mobile number. Numbers are from the national "fiction" or test ranges where a
 * country has one. Countries not listed get the British example.
 */
const MOBILE_EXAMPLES: Record<string, string> = {
  PT: '+351912345678',
  CH: '+41791234567',
  DE: '+4915123456789',
  AT: '+436641234567',
  FR: '+33612345678',
  ES: '+34612345678',
  IT: '+393123456789',
  GB: '+447700900123',
  IE: '+353851234567',
  NL: '+31612345678',
  US: '+12025550123',
};

export function contactExamples(country: string | null | undefined): { phone: string; country: string } {
  const known = country && MOBILE_EXAMPLES[country] ? country : 'GB';
  return { phone: MOBILE_EXAMPLES[known]!, country: known };
}
