import type { ReactNode } from 'react';

/** Every view's root: one header layout (title, what the view is for, actions) and a test hook. */
export function Page(props: {
  name: string;
  title: string;
  description: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section data-testid={`view-${props.name}`} aria-labelledby={`title-${props.name}`}>
      <header className="page-header">
        <div>
          <h1 id={`title-${props.name}`} tabIndex={-1}>
            {props.title}
          </h1>
          <p>{props.description}</p>
        </div>
        {props.actions === undefined ? null : <div className="actions">{props.actions}</div>}
      </header>
      <div className="stack">{props.children}</div>
    </section>
  );
}

export function Card(props: {
  title?: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className={`card ${props.className ?? ''}`} data-testid={props.testId}>
      {props.title === undefined && props.actions === undefined ? null : (
        <div className="card-header">
          <div>
            {props.title === undefined ? null : <h2>{props.title}</h2>}
            {props.subtitle === undefined ? null : <div className="card-subtitle">{props.subtitle}</div>}
          </div>
          {props.actions === undefined ? null : <div className="actions">{props.actions}</div>}
        </div>
      )}
      {props.children}
    </div>
  );
}

export function Stat(props: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="card" data-testid={props.testId}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.hint === undefined ? null : <div className="small muted">{props.hint}</div>}
    </div>
  );
}

export function KeyValues(props: { items: [string, ReactNode][] }) {
  return (
    <dl className="kv">
      {props.items.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
