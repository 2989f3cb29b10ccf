package actorgraph

import "context"

// Role is what a caller may do. Roles are ordered: each can do all that the one before it can.
type Role string

// The roles, weakest first.
const (
	RoleReader Role = "reader" // reads, when reads need a token
	RoleEditor Role = "editor" // reads and records facts: creates, updates, ends, advances
	RoleAdmin  Role = "admin"  // all of that, and merges, deletes and restores
)

var roleRank = map[Role]int{RoleReader: 1, RoleEditor: 2, RoleAdmin: 3}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r grants everything that min grants.
func (r Role) AtLeast(min Role) bool { return roleRank[r] >= roleRank[min] && roleRank[r] > 0 }

// Principal is who makes a request: the name a token was issued to and its role. The name is
// what the audit trail records; the token itself is never kept beyond the check.
type Principal struct {
	Name string
	Role Role
}

type principalKey struct{}

// NewContextWithPrincipal returns a context that carries p.
func NewContextWithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller carried by ctx, and false for an anonymous caller.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// Require returns nil if ctx's caller holds at least role min: UNAUTHENTICATED for an
// anonymous caller, FORBIDDEN for one whose role is too weak. what names the action in the
// message ("merging actors").
func Require(ctx context.Context, min Role, what string) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return Errorf(Unauthenticated, "%s needs a bearer token (Authorization: Bearer ...)", what)
	}
	if !p.Role.AtLeast(min) {
		return Errorf(Forbidden, "%s needs the %s role; %q is a %s", what, min, p.Name, p.Role)
	}
	return nil
}
