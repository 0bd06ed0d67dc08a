import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Outlet, useSearchParams } from 'react-router';
import { api, unwrap, type Stay } from '../api/client';
import { guestLanguageChoice, guestPropertyCode, guestSession } from '../lib/sessions';
import { catalogues, chooseLanguage, GuestContext, type GuestLanguage } from './i18n';
import { guestKeys, propertyKey } from './queries';

/**
 * Every guest page: finds the hotel (the link's `?p=`, the stay's, or the last one seen) and the
 * guest's language, and gives both to the pages below. A language chosen here or found in the
 * browser is also told to the API, so the hotel's emails speak it too.
 */
export function GuestArea() {
  const session = guestSession.use();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const stay = useQuery({ queryKey: guestKeys.stay, queryFn: () => unwrap(api.GET('/api/v1/stay')), enabled: !!session });
  const remembered = guestPropertyCode.use();
  const code = stay.data?.property.code ?? params.get('p') ?? remembered;
  useEffect(() => {
    if (code && code !== guestPropertyCode.get()) guestPropertyCode.set(code);
  }, [code]);
  const property = useQuery({
    queryKey: propertyKey(code),
    queryFn: () => unwrap(api.GET('/api/v1/properties/{code}/public', { params: { path: { code: code! } } })),
    enabled: !!code,
    staleTime: 10 * 60_000,
  });

  const chosen = guestLanguageChoice.use();
  const language = chooseLanguage({ chosen, reservation: stay.data?.guest.language, defaultLanguage: property.data?.defaultLanguage });
  const { mutate: tellApi } = useMutation({
    mutationFn: (wanted: GuestLanguage) => unwrap(api.PUT('/api/v1/stay/guest/language', { body: { language: wanted } })),
    onSuccess: (saved) => queryClient.setQueryData<Stay>(guestKeys.stay, (old) => old && { ...old, guest: { ...old.guest, language: saved.language } }),
  });
  const known = stay.data?.guest.language;
  useEffect(() => {
    if (stay.data && known !== language) tellApi(language);
  }, [stay.data, known, language, tellApi]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo(
    () => ({ m: catalogues[language], choose: (wanted: GuestLanguage) => guestLanguageChoice.set(wanted), property: property.data }),
    [language, property.data],
  );
  return (
    <GuestContext.Provider value={value}>
      <Outlet />
    </GuestContext.Provider>
  );
}
