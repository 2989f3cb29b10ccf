package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// A statement that packs its rows into one record (store's packedRows) reads as the same
// rows, in the same order, as one that returns a record per row; packing nothing reads as no
// rows, and a column that merely shares the name but holds no list is left as it is.
func TestPackedRowsReadAsRecords(t *testing.T) {
	s := storetest.Seeded(t)
	ctx := context.Background()
	const match = `MATCH (a:Actor) WITH a ORDER BY a.id DESC LIMIT 7 `
	plain, err := s.Query(ctx, match+`RETURN a.id AS id, a.name AS name`, nil)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := s.Query(ctx, match+`RETURN collect({id: a.id, name: a.name}) AS rows`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != 7 || !reflect.DeepEqual(plain, packed) {
		t.Errorf("packed rows read as\n%v\nwant\n%v", packed, plain)
	}
	none, err := s.Query(ctx, `MATCH (a:Actor {id: $id}) RETURN collect({id: a.id}) AS rows`, map[string]any{"id": "no such actor"})
	if err != nil || len(none) != 0 {
		t.Errorf("nothing packed read as %v, %v; want no rows", none, err)
	}
	odd, err := s.Query(ctx, `RETURN 3 AS rows`, nil)
	if err != nil || len(odd) != 1 || odd[0]["rows"] != int64(3) {
		t.Errorf("a column rows holding 3 read as %v, %v", odd, err)
	}
}
