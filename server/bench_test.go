package server_test

import (
	"testing"

	"github.com/actorgraph/actorgraph/store/storetest"
)

// Latency of typical reads through the whole handler against the seeded Neo4j. What matters
// is the ratio to the database's own time; see `make bench` for the comparison with the
// driver alone and with another GraphQL layer.

func benchQuery(b *testing.B, query string) {
	a := newAPI(b, storetest.Seeded(b))
	for b.Loop() {
		r := a.do(query, nil)
		if len(r.Errors) > 0 {
			b.Fatal(r.Errors)
		}
	}
}

func BenchmarkActorTwoLevels(b *testing.B) {
	benchQuery(b, `{ actor(id: "mali") { name relationships { id type from { name } to { name } }
		allegationsFaced { nodes { title accusers { actor { name } } sources { url } } } } }`)
}

func BenchmarkActorsPageNested(b *testing.B) {
	benchQuery(b, `{ actors(first: 50) { totalCount nodes { name allegationsFaced(first: 5) { nodes { title accusers { actor { name } } sources { id } } } } } }`)
}
