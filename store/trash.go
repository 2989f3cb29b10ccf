package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Deletion is soft: nothing an editor entered is ever destroyed by the API.
//
// A deleted node loses its label (Actor, Allegation, Event or Source) and gains the label
// Deleted, keeping its properties and links. A deleted actor loses its kind label too, which it
// keeps in _deletedKind: kind labels are on live actors only, so that Neo4j counts the actors
// of a kind from its count store (CountActors). Every read matches on the live labels, and every
// pattern that crosses a link names the label of its far end, so a deleted node disappears
// from every answer at once, and a restore brings it back with everything it had.
//
// A relationship cannot change its type to hide, so a deleted relationship becomes a Deleted
// node that keeps its type, ends and properties, and is re-created on restore.

// hideKind moves the kind label of the node in v to v._deletedKind, given $kinds (kindLabels).
func hideKind(v string) string {
	return "SET " + v + "._deletedKind = head([l IN labels(" + v + ") WHERE l IN $kinds]) REMOVE " + v + ":" + allKindLabels
}

// deletable are the live labels a node can be deleted from.
var deletable = []string{kindActor, kindAllegation, kindEvent, kindSource}

// Delete soft-deletes the node or relationship id and returns what it was ("Actor", ...).
func (s *Store) Delete(ctx context.Context, id, reason string) (string, []ag.Change, error) {
	var kind string
	changes, err := s.mutate(ctx, "delete", reason, func(m *mutation) error {
		var err error
		if kind, err = nodeKind(m.ctx, m, id); err != nil {
			return err
		}
		switch {
		case kind == "":
			return notFound("id", "nothing has the id %q", id)
		case kind == kindDeleted:
			return &ag.Error{Code: ag.Conflict, Field: "id", Message: fmt.Sprintf("%q is already deleted", id)}
		case kind != kindRelationship && !slices.Contains(deletable, kind):
			return ag.Invalid("id", "a %s cannot be deleted; edit the fact it is about instead", kind)
		}
		before, err := snapshot(m.ctx, m, kind, id)
		if err != nil {
			return err
		}
		params := map[string]any{"id": id, "by": m.by.Name, "reason": reason, "label": kind}
		if kind == kindRelationship {
			rel := before.(relationshipSnapshot).Relationship
			recs, err := m.run(`MATCH (:Actor)-[r:`+string(rel.Type)+` {id: $id}]->(:Actor) RETURN properties(r) AS props`, params)
			if err != nil {
				return err
			}
			b, err := json.Marshal(obj(recs[0]["props"]))
			if err != nil {
				return err
			}
			params["props"], params["type"], params["from"], params["to"] = string(b), string(rel.Type), rel.FromID, rel.ToID
			_, err = m.run(`MATCH (:Actor)-[r:`+string(rel.Type)+` {id: $id}]->(:Actor) DELETE r
				CREATE (:Deleted {id: $id, _deletedLabel: $label, _deletedAt: datetime(), _deletedBy: $by,
				  _deletedReason: $reason, _type: $type, _from: $from, _to: $to, _props: $props})`, params)
			if err != nil {
				return err
			}
		} else {
			hide := ""
			if kind == kindActor {
				hide = hideKind("n")
				params["kinds"] = kindLabels
			}
			if _, err := m.run(`MATCH (n:`+kind+` {id: $id}) `+hide+`
				REMOVE n:`+kind+` SET n:Deleted,
				n._deletedLabel = $label, n._deletedAt = datetime(), n._deletedBy = $by, n._deletedReason = $reason`, params); err != nil {
				return err
			}
		}
		m.changed(id, before, nil)
		return nil
	})
	return kind, changes, err
}

// Restore brings back a soft-deleted node or relationship and returns what it is.
func (s *Store) Restore(ctx context.Context, id, reason string) (string, []ag.Change, error) {
	var kind string
	changes, err := s.mutate(ctx, "restore", reason, func(m *mutation) error {
		recs, err := m.run(`MATCH (d:Deleted {id: $id}) SET d._lock = true REMOVE d._lock
			RETURN d._deletedLabel AS label, d._deletedKind AS kindLabel, d._type AS type, d._from AS from, d._to AS to,
			  d._props AS props`, map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			if k, err := nodeKind(m.ctx, m, id); err != nil || k != "" {
				if err == nil {
					err = &ag.Error{Code: ag.Conflict, Field: "id", Message: fmt.Sprintf("%q is not deleted", id)}
				}
				return err
			}
			return notFound("id", "nothing deleted has the id %q", id)
		}
		r := recs[0]
		kind = str(r["label"])
		params := map[string]any{"id": id}
		switch {
		case kind == kindRelationship:
			typ := ag.RelType(str(r["type"]))
			if !typ.Valid() {
				return ag.Errorf(ag.Internal, "deleted relationship %s has no valid type", id)
			}
			kinds, err := m.actorKinds([]string{str(r["from"]), str(r["to"])})
			if err != nil {
				return err
			}
			for _, end := range []string{str(r["from"]), str(r["to"])} {
				if kinds[end] == "" {
					return &ag.Error{Code: ag.Conflict, Field: "id", Message: fmt.Sprintf("actor %q, an end of this relationship, is deleted or gone: restore it first", end)}
				}
			}
			props, err := decodeProps(str(r["props"]))
			if err != nil {
				return err
			}
			params["from"], params["to"], params["props"] = str(r["from"]), str(r["to"]), props
			if _, err := m.run(`MATCH (d:Deleted {id: $id}) DELETE d WITH 1 AS one
				MATCH (f:Actor {id: $from}), (t:Actor {id: $to}) CREATE (f)-[r:`+string(typ)+`]->(t) SET r = $props`, params); err != nil {
				return err
			}
		case slices.Contains(deletable, kind):
			labels := kind
			if k, ok := ag.KindOfLabel(str(r["kindLabel"])); ok && kind == kindActor {
				labels += ":" + k.Label()
			}
			if _, err := m.run(`MATCH (d:Deleted {id: $id}) REMOVE d:Deleted SET d:`+labels+`
				REMOVE d._deletedLabel, d._deletedKind, d._deletedAt, d._deletedBy, d._deletedReason`, params); err != nil {
				return err
			}
		default:
			return ag.Errorf(ag.Internal, "deleted item %s has no valid label", id)
		}
		after, err := snapshot(m.ctx, m, kind, id)
		if err != nil {
			return err
		}
		m.changed(id, nil, after)
		return nil
	})
	return kind, changes, err
}

// decodeProps turns properties kept as JSON back into values Neo4j stores with their types:
// whole numbers as integers, lists as lists.
func decodeProps(s string) (map[string]any, error) {
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, ag.Wrap(ag.Internal, err, "internal error")
	}
	for k, v := range m {
		m[k] = typedValue(v)
	}
	return m, nil
}

func typedValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = typedValue(e)
		}
		return out
	}
	return v
}
