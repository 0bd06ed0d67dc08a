import { useEffect, type ReactNode } from 'react';
import { useMessages } from '../i18n';

/**
 * The page frame: a skip link, the area's top bar and the main landmark the skip link targets. The
 * document title is the page's, then `site` (the hotel's name in the guest app), else the app's.
 */
export function Page({ title, site, topbar, narrow, children }: { title: string; site?: string | undefined; topbar: ReactNode; narrow?: boolean; children: ReactNode }) {
  const m = useMessages();
  const siteName = site ?? m.appName;
  useEffect(() => {
    document.title = title === siteName ? title : `${title} · ${siteName}`;
  }, [title, siteName]);
  return (
    <>
      <a className="skip-link" href="#main">
        {m.skipToContent}
      </a>
      <header className="topbar">{topbar}</header>
      <main id="main" tabIndex={-1} className={narrow ? 'narrow' : undefined}>
        {children}
      </main>
    </>
  );
}
