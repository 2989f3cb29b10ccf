package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// Merging two actors that turn out to be one.
//
// The merged actor's node is removed and each of its links (typed relationships, accusations
// made and faced, courts, events, sources) is re-created on the survivor, marked with the
// merge's id; its name and aliases become the survivor's aliases; disputes about it become
// disputes about the survivor. The Merge node keeps the merged actor's properties and every
// link it had, as JSON, and the names it added: undoing the merge removes the marked links,
// re-creates the merged actor exactly as it was, and takes the added names back.
//
// A link the survivor already has (it is accused in the same allegation, cites the same
// source) is not doubled; nor is a link between the two actors turned into a loop. Both stay
// in the Merge node, so the undo restores them.

// linkTypes are the relationship types that can touch an actor; Cypher cannot take a type
// as a parameter, so statements are made per type from this closed list.
var linkTypes = append(toStrings(ag.RelTypes), "MADE", "AGAINST", "LODGED_WITH", "PARTICIPATED_IN", "SUPPORTED_BY")

// linkLabels are the labels of what an actor can link to.
var linkLabels = []string{kindActor, kindAllegation, kindEvent, kindSource, kindDeleted}

// link is one relationship of an actor, as the merge keeps it.
type link struct {
	Type  string         `json:"type"`
	Out   bool           `json:"out"`   // from the actor to the other end
	Other string         `json:"other"` // the other end's id
	Label string         `json:"label"` // the other end's label
	Props map[string]any `json:"props"`
}

// mergedNode is the merged actor as the merge keeps it.
type mergedNode struct {
	Kind  ag.Kind        `json:"kind"`
	Props map[string]any `json:"props"`
}

// linksOf returns every relationship of the live actor id.
func (m *mutation) linksOf(id string) ([]link, error) {
	recs, err := m.run(`MATCH (a:Actor {id: $id})-[r]-(o)
		RETURN type(r) AS type, startNode(r) = a AS out, o.id AS other,
		  [l IN labels(o) WHERE l IN $labels][0] AS label, properties(r) AS props
		ORDER BY type, other`, map[string]any{"id": id, "labels": linkLabels})
	if err != nil {
		return nil, err
	}
	out := make([]link, len(recs))
	for i, r := range recs {
		out[i] = link{Type: str(r["type"]), Out: boolean(r["out"]), Other: str(r["other"]), Label: str(r["label"]), Props: obj(r["props"])}
		if !slices.Contains(linkTypes, out[i].Type) || out[i].Label == "" {
			return nil, ag.Errorf(ag.Internal, "actor %s has a link of an unexpected kind (%s)", id, out[i].Type)
		}
	}
	return out, nil
}

// dedupable are link types without ids: the survivor needs at most one of each to a node.
func dedupable(typ string) bool { return !ag.RelType(typ).Valid() }

// createLinks creates links between actor id and the other ends, one statement per type,
// direction and label. With mark, each gets _merge = mark and links the actor already has
// (by type, direction and other end) are skipped.
func (m *mutation) createLinks(id string, links []link, mark string) error {
	groups := map[[3]string][]map[string]any{}
	var keys [][3]string
	for _, l := range links {
		dir := "in"
		if l.Out {
			dir = "out"
		}
		k := [3]string{l.Type, dir, l.Label}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		props := map[string]any{}
		for p, v := range l.Props {
			props[p] = typedValue(v)
		}
		groups[k] = append(groups[k], map[string]any{"other": l.Other, "props": props})
	}
	for _, k := range keys {
		typ, dir, label := k[0], k[1], k[2]
		if !slices.Contains(linkTypes, typ) || !slices.Contains(linkLabels, label) {
			return ag.Errorf(ag.Internal, "a kept link has an unexpected type or label")
		}
		pattern := "(a)-[r:" + typ + "]->(o)"
		exists := "(a)-[:" + typ + "]->(o)"
		if dir == "in" {
			pattern, exists = "(o)-[r:"+typ+"]->(a)", "(o)-[:"+typ+"]->(a)"
		}
		cond := ""
		if mark != "" && dedupable(typ) {
			cond = " AND NOT EXISTS { " + exists + " }"
		}
		// The other end is found under its label then, or as deleted since.
		if _, err := m.run(`MATCH (a:Actor {id: $id}) UNWIND $rows AS row
			OPTIONAL MATCH (o1:`+label+` {id: row.other}) OPTIONAL MATCH (o2:Deleted {id: row.other})
			WITH a, row, coalesce(o1, o2) AS o WHERE o IS NOT NULL`+cond+
			` CREATE `+pattern+` SET r = row.props`+markClause(mark),
			map[string]any{"id": id, "rows": groups[k], "mark": mark}); err != nil {
			return err
		}
	}
	return nil
}

func markClause(mark string) string {
	if mark == "" {
		return ""
	}
	return ", r._merge = $mark"
}

// touchedBy returns the kinds and ids whose snapshots a change of these links alters: the
// allegations, events and typed relationships at their other ends.
func touchedBy(links []link) [][2]string {
	var out [][2]string
	seen := map[string]bool{}
	for _, l := range links {
		var kind, id string
		switch {
		case ag.RelType(l.Type).Valid():
			kind, id = kindRelationship, str(l.Props["id"])
		case l.Label == kindAllegation || l.Label == kindEvent:
			kind, id = l.Label, l.Other
		default:
			continue
		}
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, [2]string{kind, id})
		}
	}
	return out
}

// snapshots returns the current snapshot of each (kind, id), by id.
func (m *mutation) snapshots(items [][2]string) (map[string]any, error) {
	out := make(map[string]any, len(items))
	for _, it := range items {
		snap, err := snapshot(m.ctx, m, it[0], it[1])
		if err != nil {
			return nil, err
		}
		out[it[1]] = snap
	}
	return out, nil
}

// changedSince records the change of each (kind, id) of items from its snapshot in before
// to its snapshot now.
func (m *mutation) changedSince(items [][2]string, before map[string]any) error {
	after, err := m.snapshots(items)
	if err != nil {
		return err
	}
	for _, it := range items {
		m.changed(it[1], before[it[1]], after[it[1]])
	}
	return nil
}

// MergeActors merges actor mergedID into survivorID and returns the record of the merge.
func (s *Store) MergeActors(ctx context.Context, survivorID, mergedID, note string) (*ag.Merge, []ag.Change, error) {
	if survivorID == mergedID {
		return nil, nil, ag.Invalid("mergedId", "an actor cannot be merged into itself")
	}
	var out *ag.Merge
	changes, err := s.mutate(ctx, "mergeActors", note, func(m *mutation) error {
		for field, id := range map[string]string{"survivorId": survivorID, "mergedId": mergedID} {
			if ok, err := m.lock("Actor", id); err != nil || !ok {
				if err == nil {
					err = notFound(field, "no actor has the id %q", id)
				}
				return err
			}
		}
		survivorBefore, err := snapshot(m.ctx, m, kindActor, survivorID)
		if err != nil {
			return err
		}
		mergedBefore, err := snapshot(m.ctx, m, kindActor, mergedID)
		if err != nil {
			return err
		}
		links, err := m.linksOf(mergedID)
		if err != nil {
			return err
		}
		touched := touchedBy(links)
		touchedBefore, err := m.snapshots(touched)
		if err != nil {
			return err
		}
		recs, err := m.run(`MATCH (a:Actor {id: $id}) RETURN properties(a) AS props`, map[string]any{"id": mergedID})
		if err != nil {
			return err
		}
		node := mergedNode{Kind: mergedBefore.(actorSnapshot).Kind, Props: obj(recs[0]["props"])}

		id, err := m.freeMergeID("merge-" + mergedID + "-into-" + survivorID)
		if err != nil {
			return err
		}
		if _, err := m.run(`MATCH (a:Actor {id: $id}) DETACH DELETE a`, map[string]any{"id": mergedID}); err != nil {
			return err
		}
		var moved []link
		for _, l := range links {
			if !(l.Label == kindActor && l.Other == survivorID) {
				moved = append(moved, l)
			}
		}
		if err := m.createLinks(survivorID, moved, id); err != nil {
			return err
		}
		survivor := survivorBefore.(actorSnapshot).Actor
		merged := mergedBefore.(actorSnapshot).Actor
		names := ag.CleanAliases(survivor.Name, append(append(slices.Clone(survivor.Aliases), merged.Name), merged.Aliases...))
		var added []string
		for _, n := range names {
			if !slices.Contains(survivor.Aliases, n) {
				added = append(added, n)
			}
		}
		recs, err = m.run(`MATCH (s:Actor {id: $survivor}) SET s.aliases = $names
			WITH s OPTIONAL MATCH (d:Dispute {subjectId: $merged}) SET d.subjectId = $survivor
			RETURN collect(d.id) AS disputes`,
			map[string]any{"survivor": survivorID, "merged": mergedID, "names": nonNil(names)})
		if err != nil {
			return err
		}
		disputes := strs(recs[0]["disputes"])
		nodeJSON, _ := json.Marshal(node)
		linksJSON, _ := json.Marshal(links)
		recs, err = m.run(`CREATE (g:Merge {id: $id, survivorId: $survivor, mergedId: $merged, by: $by, at: datetime(),
			  note: $note, node: $node, links: $links, addedAliases: $added, disputes: $disputes})
			RETURN `+mergeProjection+` AS g`,
			map[string]any{"id": id, "survivor": survivorID, "merged": mergedID, "by": m.by.Name, "note": note,
				"node": string(nodeJSON), "links": string(linksJSON), "added": nonNil(added), "disputes": nonNil(disputes)})
		if err != nil {
			return err
		}
		out = decodeMerge(recs[0]["g"])

		m.changed(mergedID, mergedBefore, nil)
		touchedBefore[survivorID] = survivorBefore
		return m.changedSince(append(touched, [2]string{kindActor, survivorID}), touchedBefore)
	})
	return out, changes, err
}

func (m *mutation) freeMergeID(base string) (string, error) {
	recs, err := m.run(`MATCH (g:Merge) WHERE g.id = $base OR g.id STARTS WITH $prefix RETURN count(g) AS n`,
		map[string]any{"base": base, "prefix": base + "-"})
	if err != nil {
		return "", err
	}
	if n := toInt(recs[0]["n"]); n > 0 {
		return fmt.Sprintf("%s-%d", base, n+1), nil
	}
	return base, nil
}

const mergeProjection = `g {.id, .survivorId, .mergedId, .by, .at, .note, .undoneAt}`

func decodeMerge(v any) *ag.Merge {
	m := obj(v)
	g := &ag.Merge{ID: str(m["id"]), SurvivorID: str(m["survivorId"]), MergedID: str(m["mergedId"]),
		By: str(m["by"]), At: toTime(m["at"]), Note: str(m["note"])}
	if m["undoneAt"] != nil {
		t := toTime(m["undoneAt"])
		g.UndoneAt = &t
	}
	return g
}

// MergesByID returns the merges with these ids.
func (s *Store) MergesByID(ctx context.Context, ids []string) (map[string]*ag.Merge, error) {
	recs, err := s.read(ctx, `UNWIND $ids AS id MATCH (g:Merge {id: id}) RETURN collect({g: `+mergeProjection+`}) AS `+packedRows, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ag.Merge, len(recs))
	for _, r := range recs {
		g := decodeMerge(r["g"])
		out[g.ID] = g
	}
	return out, nil
}

// UndoMerge undoes a merge: the merged actor comes back as it was, with its own links, and
// the survivor loses what the merge gave it. It is refused (CONFLICT) when the merge was
// already undone, the survivor is deleted, the merged actor's id has been taken since, or
// something the merged actor was linked to no longer exists.
func (s *Store) UndoMerge(ctx context.Context, mergeID, note string) (*ag.Merge, []ag.Change, error) {
	var out *ag.Merge
	changes, err := s.mutate(ctx, "undoMerge", note, func(m *mutation) error {
		recs, err := m.run(`MATCH (g:Merge {id: $id}) SET g._lock = true REMOVE g._lock
			RETURN g.survivorId AS survivor, g.mergedId AS merged, g.node AS node, g.links AS links,
			  g.addedAliases AS added, g.disputes AS disputes, g.undoneAt IS NOT NULL AS undone`, map[string]any{"id": mergeID})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return notFound("id", "no merge has the id %q", mergeID)
		}
		r := recs[0]
		survivorID, mergedID := str(r["survivor"]), str(r["merged"])
		conflict := func(format string, args ...any) error {
			return &ag.Error{Code: ag.Conflict, Field: "id", Message: fmt.Sprintf(format, args...)}
		}
		if boolean(r["undone"]) {
			return conflict("merge %s was already undone", mergeID)
		}
		if ok, err := m.lock("Actor", survivorID); err != nil || !ok {
			if err == nil {
				err = conflict("the survivor %q is deleted or gone: restore it first", survivorID)
			}
			return err
		}
		if err := m.requireFree(mergedID); err != nil {
			return conflict("the id %q has been taken since the merge", mergedID)
		}
		var node mergedNode
		var links []link
		if err := json.Unmarshal([]byte(str(r["node"])), &node); err != nil {
			return ag.Wrap(ag.Internal, err, "internal error")
		}
		if err := json.Unmarshal([]byte(str(r["links"])), &links); err != nil {
			return ag.Wrap(ag.Internal, err, "internal error")
		}
		if !node.Kind.Valid() {
			return ag.Errorf(ag.Internal, "merge %s keeps no valid kind", mergeID)
		}
		if err := m.requireLinkEnds(links); err != nil {
			return err
		}
		touched := touchedBy(links)
		survivorBefore, err := snapshot(m.ctx, m, kindActor, survivorID)
		if err != nil {
			return err
		}
		touchedBefore, err := m.snapshots(touched)
		if err != nil {
			return err
		}
		props := map[string]any{}
		for k, v := range node.Props {
			props[k] = typedValue(v)
		}
		if _, err := m.run(`MATCH (s:Actor {id: $survivor})-[r]-() WHERE r._merge = $merge DELETE r
			WITH DISTINCT s
			SET s.aliases = CASE WHEN size([a IN coalesce(s.aliases, []) WHERE NOT a IN $added]) = 0 THEN null
			  ELSE [a IN coalesce(s.aliases, []) WHERE NOT a IN $added] END`,
			map[string]any{"survivor": survivorID, "merge": mergeID, "added": nonNil(strs(r["added"]))}); err != nil {
			return err
		}
		// The DELETE above matches nothing when the merge moved no link; set the aliases then.
		if _, err := m.run(`MATCH (s:Actor {id: $survivor})
			SET s.aliases = CASE WHEN size([a IN coalesce(s.aliases, []) WHERE NOT a IN $added]) = 0 THEN null
			  ELSE [a IN coalesce(s.aliases, []) WHERE NOT a IN $added] END`,
			map[string]any{"survivor": survivorID, "added": nonNil(strs(r["added"]))}); err != nil {
			return err
		}
		if _, err := m.run(`CREATE (n:Actor:`+node.Kind.Label()+`) SET n = $props`, map[string]any{"props": props}); err != nil {
			return err
		}
		if err := m.createLinks(mergedID, links, ""); err != nil {
			return err
		}
		recs, err = m.run(`OPTIONAL MATCH (d:Dispute) WHERE d.id IN $disputes SET d.subjectId = $merged
			WITH count(d) AS n MATCH (g:Merge {id: $id}) SET g.undoneAt = datetime(), g.undoneBy = $by
			RETURN `+mergeProjection+` AS g`,
			map[string]any{"disputes": nonNil(strs(r["disputes"])), "merged": mergedID, "id": mergeID, "by": m.by.Name})
		if err != nil {
			return err
		}
		out = decodeMerge(recs[0]["g"])
		touchedBefore[survivorID], touchedBefore[mergedID] = survivorBefore, nil
		return m.changedSince(append(touched, [2]string{kindActor, survivorID}, [2]string{kindActor, mergedID}), touchedBefore)
	})
	return out, changes, err
}

// requireLinkEnds returns CONFLICT naming the other ends of links that no longer exist (a
// deleted end still exists: the link goes back to it, hidden as before).
func (m *mutation) requireLinkEnds(links []link) error {
	byLabel := map[string][]string{}
	for _, l := range links {
		byLabel[l.Label] = append(byLabel[l.Label], l.Other)
	}
	var missing []string
	for _, label := range linkLabels {
		if len(byLabel[label]) == 0 {
			continue
		}
		recs, err := m.run(`UNWIND $ids AS id OPTIONAL MATCH (n:`+label+` {id: id}) OPTIONAL MATCH (d:Deleted {id: id})
			WITH id WHERE n IS NULL AND d IS NULL RETURN collect(DISTINCT id) AS missing`, map[string]any{"ids": byLabel[label]})
		if err != nil {
			return err
		}
		missing = append(missing, strs(recs[0]["missing"])...)
	}
	if len(missing) > 0 {
		return &ag.Error{Code: ag.Conflict, Field: "id", Message: "the merged actor was linked to " +
			strings.Join(quoteAll(missing), ", ") + ", which no longer exist (merged away since?): undo that first"}
	}
	return nil
}
