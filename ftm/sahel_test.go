//go:build !fastfuzz

// The Sahel round trip imports the seed package and with it a YAML parser. Fuzzing
// instruments every package of the test binary, and that parser slows FuzzFTM tenfold, so
// fuzz with -tags=fastfuzz, which leaves this file out:
//
//	go test -tags=fastfuzz -run='^$' -fuzz=FuzzFTM -fuzztime=100000x -fuzzminimizetime=50x ./ftm/

package ftm

import (
	"testing"

	"github.com/actorgraph/actorgraph/seed"
)

func TestRoundTripSahel(t *testing.T) {
	ds, err := seed.Sahel()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Actors) == 0 || len(ds.Disputes) == 0 || len(ds.Lodgings) == 0 {
		t.Fatalf("the Sahel seed is unexpectedly thin: %d actors", len(ds.Actors))
	}
	roundTrip(t, ds)
}
