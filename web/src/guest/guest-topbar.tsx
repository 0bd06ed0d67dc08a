import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { t } from '../i18n';
import { guestSession } from '../lib/sessions';
import { guestKeys } from './queries';

export function GuestTopbar({ hotel }: { hotel?: string }) {
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
      <span className="brand">{hotel ?? t.appName}</span>
      {session && (
        <button type="button" className="button" onClick={signOut}>
          {t.signOut}
        </button>
      )}
    </>
  );
}
