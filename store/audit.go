package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	ag "github.com/actorgraph/actorgraph"
)

// mutation is a write in progress: its transaction, and the changes it will record when it
// is done. Every write of the API goes through Store.mutate, so none can skip the audit trail.
type mutation struct {
	*tx
	by       ag.Principal
	subjects []string
	before   map[string]any
	after    map[string]any
}

// changed records that the write touched id, with snapshots of it before and after (nil for
// "did not exist" and "no longer exists"). Snapshots are values that encode to JSON objects;
// see snapshot.
func (m *mutation) changed(id string, before, after any) {
	if _, seen := m.before[id]; !seen {
		m.subjects = append(m.subjects, id)
		m.before[id] = before
	}
	m.after[id] = after
}

// mutate runs fn as one write transaction and, in the same transaction, appends the changes fn
// recorded to the audit trail under the next sequence number. The caller is taken from ctx
// ("system" when there is none: the CLI). Either the write and its record both commit, or
// neither does.
//
// The sequence counter is one node, updated last: concurrent writes queue on its lock only at
// the end, so sequence numbers follow commit order and a client syncing by number never
// misses a change that committed late under an earlier number.
func (s *Store) mutate(ctx context.Context, op, note string, fn func(m *mutation) error) ([]ag.Change, error) {
	by, ok := ag.PrincipalFrom(ctx)
	if !ok {
		by = ag.Principal{Name: "system", Role: ag.RoleAdmin}
	}
	var out []ag.Change
	err := s.write(ctx, 0, func(t *tx) error {
		m := &mutation{tx: t, by: by, before: map[string]any{}, after: map[string]any{}}
		if err := fn(m); err != nil {
			return err
		}
		rows := make([]map[string]any, len(m.subjects))
		for i, id := range m.subjects {
			rows[i] = map[string]any{"n": i, "subject": id, "before": encodeSnapshot(m.before[id]), "after": encodeSnapshot(m.after[id])}
		}
		recs, err := t.run(`MERGE (c:Counter {name: 'changes'}) ON CREATE SET c.seq = 0
			SET c.seq = c.seq + 1
			WITH c.seq AS seq, datetime() AS at
			UNWIND $rows AS row
			CREATE (x:Change {seq: seq, n: row.n, subjectId: row.subject, operation: $op, by: $by,
			  role: $role, at: at, note: $note, before: row.before, after: row.after})
			RETURN `+changeProjection+` AS c ORDER BY x.n`,
			map[string]any{"rows": rows, "op": op, "by": by.Name, "role": string(by.Role), "note": note})
		if err != nil {
			return err
		}
		out = out[:0]
		for _, r := range recs {
			out = append(out, decodeChange(r["c"]))
		}
		return nil
	})
	return out, err
}

// encodeSnapshot stores a snapshot as JSON text (Neo4j properties cannot hold maps); nil
// stays absent.
func encodeSnapshot(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

const changeProjection = `x {.seq, .n, .subjectId, .operation, .by, .role, .at, .note, .before, .after}`

func decodeChange(v any) ag.Change {
	m := obj(v)
	c := ag.Change{Seq: int64(toInt(m["seq"])), N: toInt(m["n"]), SubjectID: str(m["subjectId"]), Operation: str(m["operation"]),
		By: str(m["by"]), Role: ag.Role(str(m["role"])), Note: str(m["note"])}
	if b := str(m["before"]); b != "" {
		c.Before = json.RawMessage(b)
	}
	if a := str(m["after"]); a != "" {
		c.After = json.RawMessage(a)
	}
	c.At = toTime(m["at"])
	return c
}

func toTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case dbtype.LocalDateTime:
		return time.Time(t).UTC()
	}
	return time.Time{}
}

// History returns the changes made to id, oldest first, a page at a time.
func (s *Store) History(ctx context.Context, id string, p Page) (Result[ag.Change], error) {
	return s.changes(ctx, "x.subjectId = $id", map[string]any{"id": id}, p)
}

// Changes returns the changes after sequence number since, in commit order, a page at a time.
func (s *Store) Changes(ctx context.Context, since int64, p Page) (Result[ag.Change], error) {
	if since < 0 {
		return Result[ag.Change]{}, ag.Invalid("since", "since is a sequence number, 0 or more")
	}
	return s.changes(ctx, "x.seq > $since", map[string]any{"since": since}, p)
}

func (s *Store) changes(ctx context.Context, cond string, params map[string]any, p Page) (Result[ag.Change], error) {
	if err := checkPage(p); err != nil {
		return Result[ag.Change]{}, err
	}
	key, err := decodeCursor(p.After, "CHANGE", 2)
	if err != nil {
		return Result[ag.Change]{}, err
	}
	where := []string{cond}
	if key != nil {
		where = append(where, "(x.seq > $afterSeq OR (x.seq = $afterSeq AND x.n > $afterN))")
		params["afterSeq"], params["afterN"] = key[0], key[1]
	}
	params["limit"] = p.First + 1
	recs, err := s.read(ctx, "MATCH (x:Change)"+whereClause(where)+" WITH x ORDER BY x.seq, x.n LIMIT $limit RETURN collect({c: "+changeProjection+"}) AS "+packedRows, params)
	if err != nil {
		return Result[ag.Change]{}, err
	}
	items := make([]ag.Change, len(recs))
	for i, r := range recs {
		items[i] = decodeChange(r["c"])
	}
	return paginate(items, p.First, "CHANGE", func(c ag.Change) []any { return []any{c.Seq, c.N} }), nil
}
