package actorgraph

import (
	"encoding/json"
	"time"
)

// Change is one entry of the audit trail: what one write did to one node or relationship.
// A write that touches several ids (a merge, an allegation with its parties) records one
// Change per id, all with the same Seq. Changes are written in the same transaction as the
// write itself, so there is never a change without its record or a record without its change.
type Change struct {
	// Seq numbers writes in commit order, from 1, without gaps: a client that has seen every
	// change up to Seq n asks for those after n and misses nothing.
	Seq       int64     `json:"seq"`
	N         int       `json:"n"`              // its place among the changes of its write, from 0
	SubjectID string    `json:"subjectId"`      // the id the change is about
	Operation string    `json:"operation"`      // the mutation: "createActor", "mergeActors", ...
	By        string    `json:"by"`             // the name of the token that made it
	Role      Role      `json:"role"`           // its role at the time
	At        time.Time `json:"at"`             // when the transaction ran (database clock, UTC)
	Note      string    `json:"note,omitempty"` // the reason given, if any
	// Before and After are snapshots of the subject as JSON objects ({"__typename": "Actor", ...});
	// null when it did not exist before, or no longer exists after.
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// Merge records that two actors were found to be one: the merged actor's relationships,
// allegations, events, sources and names moved to the survivor. A merge keeps what it needs
// to be undone exactly.
type Merge struct {
	ID         string     `json:"id"`
	SurvivorID string     `json:"survivorId"`
	MergedID   string     `json:"mergedId"`
	By         string     `json:"by"`
	At         time.Time  `json:"at"`
	Note       string     `json:"note,omitempty"`
	UndoneAt   *time.Time `json:"undoneAt,omitempty"` // nil while the merge stands
}

// RedactSnapshot returns snap without the url and quote of a confidential source, for callers
// who may not see them. Other snapshots come back unchanged.
func RedactSnapshot(snap json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if len(snap) == 0 || json.Unmarshal(snap, &m) != nil {
		return snap
	}
	if string(m["__typename"]) != `"Source"` || string(m["confidential"]) != "true" {
		return snap
	}
	delete(m, "url")
	delete(m, "quote")
	out, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return out
}
