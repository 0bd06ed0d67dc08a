import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { t } from '../i18n';
import { staffSession } from '../lib/sessions';
import { ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys } from './staff-context';

export function LoginPage() {
  const session = staffSession.use();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from ?? '/staff';

  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/staff/login', { body: { email: email.trim(), password } })),
    onSuccess: (result) => {
      queryClient.removeQueries({ queryKey: staffKeys.all });
      queryClient.setQueryData(staffKeys.me, result.staff);
      staffSession.set({ token: result.token, expiresAt: result.expiresAt });
      navigate(from, { replace: true });
    },
  });

  if (session) return <Navigate to={from} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const error = login.error;
  const badLogin = error instanceof ApiError && (error.status === 401 || error.status === 400);

  return (
    <Page title={t.staff.loginTitle} topbar={<span className="brand">{t.staff.consoleTitle}</span>} narrow>
      <div className="card">
        <h1>{t.staff.loginTitle}</h1>
        {error && <ErrorAlert error={error} message={badLogin ? t.staff.badLogin : undefined} />}
        <form onSubmit={submit} noValidate>
          <TextField label={t.staff.email} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <TextField
            label={t.staff.password}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button busy={login.isPending} busyLabel={t.staff.signingIn}>
            {t.staff.signIn}
          </Button>
        </form>
      </div>
    </Page>
  );
}
