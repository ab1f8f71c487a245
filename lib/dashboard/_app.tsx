import { useEffect } from 'preact/hooks';
import { api, links } from './_api.ts';
import { formatAgo } from './_format.ts';
import { notificationsHref } from './_hash-route.ts';
import { LogsPage } from './_logs-page.tsx';
import { dashboardNotes } from './_notifications-panel.tsx';
import { OverviewPage } from './_overview-page.tsx';
import { ServicePage } from './_service-page.tsx';
import { useNow } from './_use-now.ts';
import { usePoll } from './_use-poll.ts';
import { useRoute } from './_use-route.ts';

/** How often the versions and the notifications are read again (ms). */
const LIVE_INTERVAL = 2000;

/** The dashboard: a bar with the live state and the user, and the page the address names. */
export function App() {
  const route = useRoute();
  const now = useNow();
  const services = usePoll('services', LIVE_INTERVAL, api.services);
  const notifications = usePoll('notifications', LIVE_INTERVAL, api.notifications);
  const me = usePoll('me', 0, api.whoAmI);
  const notes = dashboardNotes(notifications.data).length;
  // Another page starts at its top, or at the part of it the hash names (the browser looks for
  // that part before the page shows it); another range of the same page stays where the reader is.
  const place = route.page === 'overview' ? `overview${window.location.hash}` : `${route.page}/${route.name}/${route.version}`;
  useEffect(() => {
    const part = route.page === 'overview' ? document.getElementById(window.location.hash.slice(1)) : null;
    if (part) part.scrollIntoView();
    else window.scrollTo(0, 0);
  }, [place]);
  const lost = services.error !== undefined;
  return (
    <>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="#/">
            <span class="brand-mark" aria-hidden="true" />
            mvi <small>manager</small>
          </a>
          <nav class="nav">
            <a href="#/" aria-current={route.page === 'overview' ? 'page' : undefined}>
              Services
            </a>
            <a href={notificationsHref}>
              Notifications
              {notes > 0 && <span class="count">{notes}</span>}
            </a>
          </nav>
          <div class="topbar-end">
            <span class={`live${lost ? ' live-lost' : ''}`} title={services.error ?? 'Updated every 2 s'}>
              <span class="live-text">
                {lost ? 'Reconnecting…' : services.at === undefined ? 'Connecting…' : `Live · ${formatAgo(services.at, now)}`}
              </span>
            </span>
            {me.data && <span class="who">{me.data.user}</span>}
            <a href={links.logout()}>Log out</a>
          </div>
        </div>
      </header>
      <main class="page">
        {route.page === 'overview' && <OverviewPage services={services} notifications={notifications} now={now} />}
        {route.page === 'service' && <ServicePage {...route} services={services} now={now} />}
        {route.page === 'logs' && <LogsPage {...route} services={services} />}
      </main>
    </>
  );
}
