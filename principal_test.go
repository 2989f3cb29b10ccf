package actorgraph

import (
	"context"
	"testing"
)

func TestRequireOrdersRoles(t *testing.T) {
	anon := context.Background()
	as := func(r Role) context.Context { return NewContextWithPrincipal(anon, Principal{Name: "x", Role: r}) }
	for _, c := range []struct {
		ctx  context.Context
		min  Role
		want Code
	}{
		{anon, RoleReader, Unauthenticated}, {anon, RoleAdmin, Unauthenticated},
		{as(RoleReader), RoleReader, ""}, {as(RoleReader), RoleEditor, Forbidden},
		{as(RoleEditor), RoleEditor, ""}, {as(RoleEditor), RoleAdmin, Forbidden},
		{as(RoleAdmin), RoleEditor, ""}, {as(RoleAdmin), RoleAdmin, ""},
		{as("root"), RoleReader, Forbidden},
	} {
		if got := ErrorCode(Require(c.ctx, c.min, "this")); got != c.want {
			p, _ := PrincipalFrom(c.ctx)
			t.Errorf("%q needing %s: got %q, want %q", p.Role, c.min, got, c.want)
		}
	}
}
