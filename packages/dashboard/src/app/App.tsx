import { Link, Route, Router, Switch, useRoute } from "wouter";
import { OverviewPage } from "./pages/OverviewPage.js";
import { TaskPage } from "./pages/TaskPage.js";
import { TasksPage } from "./pages/TasksPage.js";
import { TriggerPage } from "./pages/TriggerPage.js";

function NavLink({ href, children }: { href: string; children: string }) {
  const [exact] = useRoute(href);
  const [nested] = useRoute(`${href}/*`);
  const [taskPage] = useRoute("/tasks/*");
  const active = exact || nested || (href === "/" && taskPage);
  return (
    <Link href={href} className="nav-link" aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

export function App({ basePath }: { basePath: string }) {
  return (
    <Router base={basePath}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="errand: tasks">
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <rect width="16" height="16" rx="4" fill="currentColor" />
            <path
              d="M4 8h8M9 5l3 3-3 3"
              stroke="var(--bg)"
              strokeWidth="1.6"
              fill="none"
              strokeLinecap="round"
            />
          </svg>
          errand
        </Link>
        <nav aria-label="Main">
          <NavLink href="/">Tasks</NavLink>
          <NavLink href="/overview">Overview</NavLink>
          <NavLink href="/trigger">Trigger</NavLink>
        </nav>
      </header>
      <main id="main">
        <Switch>
          <Route path="/" component={TasksPage} />
          <Route path="/overview" component={OverviewPage} />
          <Route path="/trigger">{() => <TriggerPage name={undefined} />}</Route>
          <Route path="/trigger/:name">{(params) => <TriggerPage name={params.name} />}</Route>
          <Route path="/tasks/:id">{(params) => <TaskPage id={params.id} />}</Route>
          <Route>
            <div className="empty">
              <h1>Not found</h1>
              <p>
                There is no page here. <Link href="/">Back to the tasks</Link>.
              </p>
            </div>
          </Route>
        </Switch>
      </main>
    </Router>
  );
}
