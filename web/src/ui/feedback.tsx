import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useMessages } from '../i18n';
import type { GuestMessages } from '../guest/i18n';

export function Alert({ kind, children }: { kind: 'error' | 'success' | 'warning'; children: ReactNode }) {
  // Errors interrupt (role=alert); confirmations and warnings are announced politely.
  return (
    <div className={`alert ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const m = useMessages();
  return (
    <p role="status" aria-live="polite">
      {label ?? m.loading}
    </p>
  );
}

/** What a person should read for an error: the wait for 429/503, the API's message otherwise. */
export function errorMessage(error: unknown, m: GuestMessages): string {
  if (!(error instanceof ApiError)) return m.errors.generic;
  const wait = error.retryAfterSeconds ? m.wait(error.retryAfterSeconds) : undefined;
  if (error.status === 0) return m.errors.network;
  if (error.status === 429) return m.errors.tooMany(wait);
  if (error.status === 503 || error.status === 504) return m.errors.unavailable(wait);
  if (error.status >= 500) return m.errors.generic;
  return error.message;
}

export function ErrorAlert({ error, message, onRetry }: { error: unknown; message?: string | undefined; onRetry?: () => void }) {
  const m = useMessages();
  return (
    <Alert kind="error">
      <p>{message ?? errorMessage(error, m)}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          {m.retry}
        </button>
      )}
    </Alert>
  );
}

/** Loading, error (with retry) or the content, for one query. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}

/** Whether live updates are flowing; pages keep working (on refetch) while it reconnects. */
export function LiveIndicator({ connected }: { connected: boolean }) {
  const m = useMessages();
  return (
    <p className="hint" role="status" data-live={connected}>
      <span className={`badge ${connected ? 'ok' : ''}`}>{connected ? m.live.on : m.live.reconnecting}</span>
    </p>
  );
}
