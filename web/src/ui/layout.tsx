import { useEffect, type ReactNode } from 'react';
import { t } from '../i18n';

/** The page frame: a skip link, the area's top bar and the main landmark the skip link targets. */
export function Page({ title, topbar, narrow, children }: { title: string; topbar: ReactNode; narrow?: boolean; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · ${t.appName}`;
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="topbar">{topbar}</header>
      <main id="main" tabIndex={-1} className={narrow ? 'narrow' : undefined}>
        {children}
      </main>
    </>
  );
}
