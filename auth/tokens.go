// Package auth says who makes a request: it loads the bearer tokens an operator issued (from a
// file and/or a list held in the environment), checks a presented token against them, and
// provides the HTTP middleware that puts the caller, an actorgraph.Principal, into the request
// context.
//
// Deciding what a caller may do is not done here: resolvers call actorgraph.Require. This
// package only answers "who is this?", and refuses requests whose credentials are malformed or
// unknown (401, UNAUTHENTICATED), or absent when reads need a token.
//
// Tokens are secrets. Once loaded only their SHA-256 digests are kept; they are compared in
// time independent of their contents; and no error, log line or response ever contains one.
package auth

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"

	ag "github.com/actorgraph/actorgraph"
)

// MinTokenLength is the shortest token accepted, in characters. Generate tokens with, for
// example, `openssl rand -hex 32`.
const MinTokenLength = 16

// bearerToken is the syntax of a token that can travel in "Authorization: Bearer <token>"
// (RFC 6750's b64token). A configured token outside it could never be presented, and keeping
// ':' and ',' out of it keeps the file and list formats unambiguous.
var bearerToken = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+=*$`)

// Tokens is a set of issued bearer tokens and whom each was issued to. The zero value and a
// nil *Tokens are empty sets: every lookup fails. A Tokens is immutable once built and safe
// for concurrent use.
type Tokens struct {
	entries []entry
}

type entry struct {
	digest [sha256.Size]byte
	who    ag.Principal
	where  string // "tokens file /etc/actorgraph/tokens line 3": for errors, never the token
}

// Len returns the number of tokens in the set.
func (t *Tokens) Len() int {
	if t == nil {
		return 0
	}
	return len(t.entries)
}

// Principals returns whom the tokens were issued to, in the order they were configured. It is
// for the start-up log: names and roles are not secret.
func (t *Tokens) Principals() []ag.Principal {
	if t == nil {
		return nil
	}
	ps := make([]ag.Principal, len(t.entries))
	for i, e := range t.entries {
		ps[i] = e.who
	}
	return ps
}

// Lookup returns the principal a token was issued to, and false for a token not in the set.
//
// Its running time depends on the number of configured tokens, never on the contents of the
// presented one: the presented token is hashed and its digest compared with every configured
// digest by crypto/subtle, without stopping at a match, and the matching entry is picked
// without branching. Hashing first also hides the configured tokens' lengths.
func (t *Tokens) Lookup(token string) (ag.Principal, bool) {
	if t == nil || len(t.entries) == 0 {
		return ag.Principal{}, false
	}
	i, ok := match(t.entries, sha256.Sum256([]byte(token)))
	if !ok {
		return ag.Principal{}, false
	}
	return t.entries[i].who, true
}

// match returns the index of the entry whose digest is d. It visits every entry whatever it
// finds, and its only branch on secret data is the final one on the result.
func match(entries []entry, d [sha256.Size]byte) (int, bool) {
	found, index := 0, 0
	for i := range entries {
		eq := subtle.ConstantTimeCompare(d[:], entries[i].digest[:])
		index = subtle.ConstantTimeSelect(eq, i, index)
		found |= eq
	}
	return index, found == 1
}

// ReadFile loads a tokens file (see Parse for its format). Errors name the file and line.
func ReadFile(path string) (*Tokens, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokens file: %v", err)
	}
	defer f.Close()
	return Parse("tokens file "+path, f)
}

// Parse reads a tokens file: one token per line, as
//
//	role:name:token
//
// where role is reader, editor or admin (in any case); name is whom the token was issued to (what the audit
// trail records; any text without ':' or control characters); and token is at least
// MinTokenLength characters of letters, digits and -._~+/ (optionally ending in '='), i.e.
// anything that can be sent as "Authorization: Bearer <token>". Spaces around fields are
// ignored. Blank lines and lines whose first non-space character is '#' are ignored.
//
// A token or a name (compared case-insensitively) may appear only once. source names the
// input in errors ("tokens file /etc/actorgraph/tokens"); errors give the line number and never
// the line, which holds a secret.
func Parse(source string, r io.Reader) (*Tokens, error) {
	var b builder
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := b.add(fmt.Sprintf("%s line %d", source, n), line); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		// A line too long for the scanner is not a token line; say where, not what.
		return nil, fmt.Errorf("%s line %d: %v", source, n+1, err)
	}
	return b.tokens(), nil
}

// ParseList reads a list of tokens held in one string, such as an environment variable:
// entries in the format of Parse, separated by commas (newlines are accepted too), so names
// there cannot hold a comma. Empty entries are ignored. source names the list in errors ("ACTORGRAPH_TOKENS"); errors give the
// entry's position, counting from 1, and never its text.
func ParseList(source, list string) (*Tokens, error) {
	var b builder
	entries := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '\n' })
	n := 0
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		n++
		if err := b.add(fmt.Sprintf("%s entry %d", source, n), e); err != nil {
			return nil, err
		}
	}
	return b.tokens(), nil
}

// Merge returns the union of sets, refusing a token or a name that appears in more than one.
// Nil sets are skipped.
func Merge(sets ...*Tokens) (*Tokens, error) {
	var b builder
	for _, t := range sets {
		if t == nil {
			continue
		}
		for _, e := range t.entries {
			if err := b.put(e); err != nil {
				return nil, err
			}
		}
	}
	return b.tokens(), nil
}

// builder accumulates entries, checking each against those before it.
type builder struct {
	entries []entry
	digests map[[sha256.Size]byte]string // digest -> where; loading is not timing-sensitive
	names   map[string]string            // lower-cased name -> where
}

// add parses one "role:name:token" entry found at where.
func (b *builder) add(where, line string) error {
	fields := strings.SplitN(line, ":", 3)
	if len(fields) != 3 {
		return fmt.Errorf("%s: want role:name:token", where)
	}
	role := ag.Role(strings.ToLower(strings.TrimSpace(fields[0])))
	name := strings.TrimSpace(fields[1])
	token := strings.TrimSpace(fields[2])
	// The messages never quote a field: a line written in the wrong order would put the
	// token where the role or the name is expected.
	switch {
	case !role.Valid():
		return fmt.Errorf("%s: unknown role; want %s, %s or %s", where, ag.RoleReader, ag.RoleEditor, ag.RoleAdmin)
	case name == "":
		return fmt.Errorf("%s: the name is empty", where)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("%s: the name holds a control character", where)
	case token == "":
		return fmt.Errorf("%s: the token is empty", where)
	case len(token) < MinTokenLength:
		return fmt.Errorf("%s: the token is shorter than %d characters", where, MinTokenLength)
	case !bearerToken.MatchString(token):
		return fmt.Errorf("%s: the token may hold only letters, digits and -._~+/ (and end in =)", where)
	}
	return b.put(entry{digest: sha256.Sum256([]byte(token)), who: ag.Principal{Name: name, Role: role}, where: where})
}

func (b *builder) put(e entry) error {
	if b.digests == nil {
		b.digests = map[[sha256.Size]byte]string{}
		b.names = map[string]string{}
	}
	if prev, dup := b.digests[e.digest]; dup {
		return fmt.Errorf("%s: the same token as %s; give each holder a token of their own", e.where, prev)
	}
	key := strings.ToLower(e.who.Name)
	if prev, dup := b.names[key]; dup {
		return fmt.Errorf("%s: the name is already used by %s; names must be unique, they are what the audit trail records", e.where, prev)
	}
	b.digests[e.digest] = e.where
	b.names[key] = e.where
	b.entries = append(b.entries, e)
	return nil
}

func (b *builder) tokens() *Tokens { return &Tokens{entries: b.entries} }
