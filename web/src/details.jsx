// The side panel: the details of the selected actor, tie or allegation, fetched from the API
// when selected. Names of other actors are buttons that select them; allegations open in
// the panel; sources are links that open the source.
import React, { useEffect, useState } from 'react';
import { ACTOR, ALLEGATION, RELATIONSHIP, gql } from './api.js';
import { Shape, Sources, Line } from './components.jsx';
import { kindLabel, typeLabel } from './styles.js';

const STATUS = (s) => s.toLowerCase().replace(/_/g, ' ');

function useQuery(query, variables, skip) {
  const key = JSON.stringify(variables);
  const [state, setState] = useState({ loading: !skip, data: null, error: null });
  useEffect(() => {
    if (skip) return undefined;
    const ctl = new AbortController();
    setState({ loading: true, data: null, error: null });
    gql(query, variables, ctl.signal).then(
      (data) => setState({ loading: false, data, error: null }),
      (error) => {
        if (error.name !== 'AbortError') setState({ loading: false, data: null, error });
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, key, skip]);
  return state;
}

function ActorLink({ actor, onActor }) {
  return (
    <button type="button" className="link" onClick={() => onActor(actor)}>
      <Shape kind={actor.kind} size={12} /> {actor.name}
    </button>
  );
}

function Loading({ what }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

function Failed({ error }) {
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

function dates(since, until, endAnnounced) {
  const parts = [];
  if (since) parts.push(`since ${since}`);
  if (endAnnounced && (!until || endAnnounced !== until)) parts.push(`end announced ${endAnnounced}`);
  if (until) parts.push(`until ${until}`);
  return parts.join(', ');
}

export function ActorDetails({ id, asOf, inView, expanded, onActor, onAllegation, onExpand, onCollapse, onHide, onPathEnd }) {
  const { loading, data, error } = useQuery(ACTOR, { id, asOf }, false);
  if (loading) return <Loading what="the actor" />;
  if (error) return <Failed error={error} />;
  const a = data.actor;
  if (!a) return <p>No actor has the id “{id}”.</p>;
  const rels = a.relationships;
  return (
    <article className="detail" aria-labelledby="detail-title">
      <h2 id="detail-title" tabIndex={-1}>
        <Shape kind={a.kind} size={18} /> {a.name}
      </h2>
      <p className="muted">
        {kindLabel(a.kind)}
        {a.country ? ` · ${a.country}` : ''}
        {a.founded ? ` · founded ${a.founded}` : ''}
        {a.dissolved ? ` · dissolved ${a.dissolved}` : ''}
      </p>
      {a.aliases.length > 0 && <p className="aliases">Also: {a.aliases.join('; ')}</p>}
      {a.description && <p>{a.description}</p>}
      <div className="actions">
        {expanded ? (
          <button type="button" onClick={() => onCollapse(a.id)}>
            Collapse neighbours
          </button>
        ) : (
          <button type="button" onClick={() => onExpand(a.id)}>
            Expand neighbours
          </button>
        )}
        {inView && onHide && (
          <button type="button" onClick={() => onHide(a.id)}>
            Remove from view
          </button>
        )}
        <button type="button" onClick={() => onPathEnd('from', a)}>
          Path from here
        </button>
        <button type="button" onClick={() => onPathEnd('to', a)}>
          Path to here
        </button>
      </div>

      <h3>
        Ties {asOf ? `on ${asOf}` : '(all recorded)'} <span className="count">{rels.length}</span>
      </h3>
      {rels.length === 0 ? (
        <p className="muted">None recorded{asOf ? ' on this date' : ''}.</p>
      ) : (
        <ul className="rels">
          {rels.map((r) => {
            const out = r.from.id === a.id;
            const other = out ? r.to : r.from;
            const d = dates(r.since, r.until, r.endAnnounced);
            return (
              <li key={r.id}>
                <Line type={r.type} />{' '}
                {out ? (
                  <>
                    {typeLabel(r.type)} <ActorLink actor={other} onActor={onActor} />
                  </>
                ) : (
                  <>
                    <ActorLink actor={other} onActor={onActor} /> {typeLabel(r.type)} {a.name}
                  </>
                )}
                {(r.status || r.role || d) && (
                  <span className="muted">
                    {' '}
                    — {[r.status, r.role, d].filter(Boolean).join('; ')}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <AllegationList title="Allegations faced" conn={a.allegationsFaced} onAllegation={onAllegation} />
      <AllegationList title="Allegations made" conn={a.allegationsMade} onAllegation={onAllegation} />
      <Sources sources={a.sources} />
    </article>
  );
}

function AllegationList({ title, conn, onAllegation }) {
  return (
    <>
      <h3>
        {title} <span className="count">{conn.totalCount}</span>
      </h3>
      {conn.nodes.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="allegations">
          {conn.nodes.map((al) => (
            <li key={al.id}>
              <button type="button" className="link" onClick={() => onAllegation(al.id)}>
                {al.title}
              </button>
              <span className="muted">
                {' '}
                — {STATUS(al.status)}
                {al.periodStart ? `, from ${al.periodStart}` : ''}; by {al.accusers.map((p) => p.actor.name).join(', ') || 'unknown'} against{' '}
                {al.accused.map((p) => p.actor.name).join(', ') || 'unknown'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {conn.totalCount > conn.nodes.length && (
        <p className="muted">and {conn.totalCount - conn.nodes.length} more (see the playground).</p>
      )}
    </>
  );
}

function Disputes({ disputes }) {
  if (!disputes || disputes.length === 0) return null;
  return (
    <>
      <h3>Sources disagree</h3>
      {disputes.map((d) => (
        <div key={d.id} className="dispute">
          <p>
            On <strong>{d.field}</strong>
            {d.note ? `: ${d.note}` : ''}
          </p>
          <ul>
            {d.claims.map((c, i) => (
              <li key={i}>
                “{c.value}”{c.preferred ? ' (preferred)' : ''}
                <Sources sources={c.sources} title="Its sources" />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

export function AllegationDetails({ id, heading, onActor }) {
  const { loading, data, error } = useQuery(ALLEGATION, { id }, false);
  if (loading) return <Loading what="the allegation" />;
  if (error) return <Failed error={error} />;
  const al = data.allegation;
  if (!al) return <p>No allegation has the id “{id}”.</p>;
  return (
    <article className="detail" aria-labelledby="detail-title">
      {heading && <p className="kicker">{heading}</p>}
      <h2 id="detail-title" tabIndex={-1}>
        {al.title}
      </h2>
      <p className="muted">
        Allegation · <span className="status">{STATUS(al.status)}</span>
        {al.categories.length ? ` · ${al.categories.map(STATUS).join(', ')}` : ''}
      </p>
      <p className="muted">
        {al.periodStart || al.periodEnd ? `Period: ${al.periodStart || '?'} – ${al.periodEnd || ''}` : ''}
        {al.places.length ? `${al.periodStart || al.periodEnd ? ' · ' : ''}Places: ${al.places.join(', ')}` : ''}
      </p>
      {al.summary && <p>{al.summary}</p>}
      <h3>Accusers</h3>
      <ul className="parties">
        {al.accusers.map((p) => (
          <li key={p.actor.id}>
            <ActorLink actor={p.actor} onActor={onActor} />
            <span className="muted">{[p.role, p.date && `made ${p.date}`].filter(Boolean).map((x) => ` — ${x}`).join('')}</span>
          </li>
        ))}
      </ul>
      <h3>Accused</h3>
      <ul className="parties">
        {al.accused.map((p) => (
          <li key={p.actor.id}>
            <ActorLink actor={p.actor} onActor={onActor} />
            {p.role && <span className="muted"> — {p.role}</span>}
          </li>
        ))}
      </ul>
      {al.courts.length > 0 && (
        <>
          <h3>Courts</h3>
          <ul className="parties">
            {al.courts.map((c) => (
              <li key={c.court.id}>
                <ActorLink actor={c.court} onActor={onActor} />
                <span className="muted">
                  {c.date ? ` — lodged ${c.date}` : ''}
                  {c.reference ? ` — ref. ${c.reference}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Status history</h3>
      <ol className="history">
        {al.statusHistory.map((h, i) => (
          <li key={i}>
            <strong>{STATUS(h.status)}</strong>
            {h.date ? ` — ${h.date}` : ' — undated'}
            {h.note ? `: ${h.note}` : ''}
            <Sources sources={h.sources} title="Its sources" />
          </li>
        ))}
      </ol>
      <Sources sources={al.sources} />
      <Disputes disputes={al.disputes} />
    </article>
  );
}

export function RelationshipDetails({ id, onActor }) {
  const { loading, data, error } = useQuery(RELATIONSHIP, { id }, false);
  if (loading) return <Loading what="the tie" />;
  if (error) return <Failed error={error} />;
  const r = data.relationship;
  if (!r) return <p>No tie has the id “{id}”.</p>;
  const d = dates(r.since, r.until, r.endAnnounced);
  return (
    <article className="detail" aria-labelledby="detail-title">
      <p className="kicker">
        <Line type={r.type} /> Tie: {typeLabel(r.type)}
      </p>
      <h2 id="detail-title" tabIndex={-1}>
        {r.from.name} {typeLabel(r.type)} {r.to.name}
      </h2>
      <p>
        <ActorLink actor={r.from} onActor={onActor} /> → <ActorLink actor={r.to} onActor={onActor} />
      </p>
      <dl>
        {d && (
          <>
            <dt>When</dt>
            <dd>{d}</dd>
          </>
        )}
        {r.status && (
          <>
            <dt>Status</dt>
            <dd>{r.status}</dd>
          </>
        )}
        {r.role && (
          <>
            <dt>Role</dt>
            <dd>{r.role}</dd>
          </>
        )}
        {r.note && (
          <>
            <dt>Note</dt>
            <dd>{r.note}</dd>
          </>
        )}
      </dl>
      <Sources sources={r.sources} />
      <Disputes disputes={r.disputes} />
    </article>
  );
}
