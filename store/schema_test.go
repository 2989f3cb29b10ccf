package store_test

import (
	"context"
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// Migrate on a database whose schema is in place costs three statements (indexes, constraints,
// and taking kind labels off deleted actors, which finds none); an index that has gone missing
// is made again, and Ready reports the database ready after.
func TestMigrateMakesOnlyWhatIsMissing(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	before := s.RoundTrips()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 3 {
		t.Errorf("Migrate with the schema in place sent %d statements, want 3", n)
	}
	if err := s.Exec(ctx, "DROP INDEX event_date IF EXISTS"); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Query(ctx, "SHOW INDEXES YIELD name, state WHERE name = 'event_date' RETURN state", nil)
	if err != nil || len(rows) != 1 || rows[0]["state"] != "ONLINE" {
		t.Errorf("event_date after Migrate: %v %v", rows, err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Error(err)
	}
}
