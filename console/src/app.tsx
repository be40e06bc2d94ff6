// The shell: sign-in gate, navigation, and the page for the current hash route.
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { completeSignIn, signOutUrl } from './auth/cognito.js';
import { loadConfig, type ConsoleConfig } from './auth/config.js';
import { MeProvider, useCan, useMe } from './auth/me.js';
import { signOut, useSession } from './auth/session.js';
import { ErrorBox, Loading } from './components/common.js';
import { AlertDetailPage } from './pages/alert-detail.js';
import { AlertsPage } from './pages/alerts.js';
import { CloudSecurityPage } from './pages/cloud-security.js';
import { DestinationsPage } from './pages/destinations.js';
import { DetectionsPage } from './pages/detections.js';
import { OverviewPage } from './pages/overview.js';
import { SettingsPage } from './pages/settings.js';
import { SignInPage } from './pages/sign-in.js';
import { SourcesPage } from './pages/sources.js';
import { UsersPage } from './pages/users.js';
import { detectionRoute, useRoute, type Route } from './router.js';

// The pages with a code editor load CodeMirror on first use: the rest of the console starts without it.
const DataExplorerPage = lazy(async () => ({ default: (await import('./pages/data-explorer.js')).DataExplorerPage }));
const DetectionEditorPage = lazy(async () => ({ default: (await import('./pages/detection-editor.js')).DetectionEditorPage }));

// `users` is admin-only (GET /api/users): the entry is hidden from the other roles.
const NAV: ReadonlyArray<[string, string]> = [
  ['overview', 'Overview'],
  ['alerts', 'Alerts'],
  ['detections', 'Detections'],
  ['data', 'Data Explorer'],
  ['cloud', 'Cloud Security'],
  ['sources', 'Sources'],
  ['destinations', 'Destinations'],
  ['users', 'Users'],
  ['settings', 'Settings'],
];

function page(route: Route): ReactNode {
  const [first = 'overview', second] = route.segments;
  switch (first) {
    case 'overview':
      return <OverviewPage />;
    case 'alerts':
      return second !== undefined ? <AlertDetailPage id={second} /> : <AlertsPage route={route} />;
    case 'detections': {
      const d = detectionRoute(route.segments);
      // Keyed by the detection: saving a new one (or following a link to another) starts a fresh editor.
      if (d.page === 'new') return <DetectionEditorPage key="new" id={null} />;
      if (d.page === 'edit') return <DetectionEditorPage key={`id:${d.id}`} id={d.id} />;
      if (d.page === 'list') return <DetectionsPage route={route} />;
      return notFound(route);
    }
    case 'data':
      return <DataExplorerPage />;
    case 'cloud':
      return <CloudSecurityPage route={route} />;
    case 'sources':
      return <SourcesPage />;
    case 'destinations':
      return <DestinationsPage />;
    case 'users':
      return <UsersPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return notFound(route);
  }
}

function notFound(route: Route): ReactNode {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No page at <code>{route.path}</code>. <a href="#/">Go to the overview</a>.
      </p>
    </section>
  );
}

export function App(): ReactNode {
  const [config, setConfig] = useState<ConsoleConfig | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const session = useSession();
  const route = useRoute();

  useEffect(() => {
    loadConfig().then(
      (c) => {
        setConfig(c);
        // Back from the hosted UI: exchange the code (a failure is shown on the sign-in screen).
        if (c.auth.type === 'cognito') completeSignIn(c.auth).catch(setError);
      },
      (e: unknown) => {
        setError(e);
        // The sign-in screen still takes a pasted token when /config.json failed.
        setConfig({ auth: { type: 'token' } });
      },
    );
  }, []);

  if (config === undefined) return <main className="centered"><Loading /></main>;
  if (!session.signedIn && config.auth.type !== 'none') {
    return (
      <main className="centered">
        <ErrorBox error={error} />
        <SignInPage config={config} reason={session.reason} />
      </main>
    );
  }
  const doSignOut = (): void => {
    signOut('You signed out.');
    if (config.auth.type === 'cognito') window.location.assign(signOutUrl(config.auth));
  };
  return (
    // Keyed by the token: another sign-in asks /api/me again.
    <MeProvider sessionKey={session.signedIn ? session.token : 'no-auth'}>
      <Shell route={route} onSignOut={config.auth.type !== 'none' ? doSignOut : undefined} />
    </MeProvider>
  );
}

/** The signed-in layout: the navigation the role may use, who is signed in, and the page once the role is known. */
function Shell({ route, onSignOut }: { route: Route; onSignOut: (() => void) | undefined }): ReactNode {
  const { me, error } = useMe();
  const can = useCan();
  const active = route.segments[0] ?? 'overview';
  const nav = NAV.filter(([k]) => k !== 'users' || can('GET /api/users'));
  return (
    <div className="layout">
      <aside className="sidebar">
        <div className="brand">Panther</div>
        <nav>
          {nav.map(([k, label]) => (
            <a key={k} href={`#/${k}`} className={k === active ? 'active' : undefined} aria-current={k === active ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        {onSignOut !== undefined ? (
          <button type="button" className="link signout" onClick={onSignOut}>
            Sign out
          </button>
        ) : null}
      </aside>
      <main className="content">
        <header className="topbar">
          {me !== undefined ? (
            <span className="whoami" data-testid="whoami">
              <span data-testid="whoami-user">{me.username}</span> · <span className="badge" data-testid="whoami-role">{me.role}</span>
            </span>
          ) : null}
        </header>
        {/* Until the role is known the page waits, so no button shows that the role then hides. A failed
            /api/me shows why and leaves the console read-only. */}
        <ErrorBox error={error} />
        {me === undefined && error === undefined ? <Loading /> : <Suspense fallback={<Loading />}>{page(route)}</Suspense>}
      </main>
    </div>
  );
}
