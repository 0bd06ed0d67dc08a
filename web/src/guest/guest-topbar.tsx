import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { guestSession } from '../lib/sessions';
import { catalogues, GUEST_LANGUAGES, useGuest, type GuestLanguage } from './i18n';
import { guestKeys } from './queries';

/** The hotel (logo and name), the language switcher and, when signed in, signing out. */
export function GuestTopbar() {
  const { m, property } = useGuest();
  const session = guestSession.use();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = () => {
    guestSession.clear();
    queryClient.removeQueries({ queryKey: guestKeys.all });
    navigate('/', { replace: true });
  };
  return (
    <>
      <span className="brand">
        {property?.logoUrl && <img className="logo" src={property.logoUrl} alt="" />}
        {property?.name ?? m.appName}
      </span>
      <LanguageSwitcher />
      {session && (
        <button type="button" className="button" onClick={signOut}>
          {m.signOut}
        </button>
      )}
    </>
  );
}

/** Each language named in itself, so a guest finds theirs whatever the page speaks now. */
function LanguageSwitcher() {
  const { m, choose } = useGuest();
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {m.switcher.label}
      </label>
      <select id={id} name="language" value={m.language} onChange={(event) => choose(event.target.value as GuestLanguage)}>
        {GUEST_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {catalogues[language].languageName}
          </option>
        ))}
      </select>
    </span>
  );
}
