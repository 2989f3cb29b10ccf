package acled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	ag "github.com/actorgraph/actorgraph"
)

// LoadAliases reads an alias file: CSV whose header is "acled_name,actor_id", then one line
// per ACLED name that stands for an actor already in the graph. Lines starting with "#" are
// comments. For example:
//
//	# ACLED name,actor id in the graph
//	acled_name,actor_id
//	Military Forces of Mali,fama
//	JNIM: Group for Support of Islam and Muslims,jnim
//	Military Forces of Mali (2012-2013),fama
//
// A name without its date suffix covers every dated form ("Military Forces of Mali" covers
// "(2021-)" and "(2013-2020)"); a dated name maps that form alone and wins over the bare
// one. Case and spacing do not matter. Every problem is reported with its line.
func LoadAliases(r io.Reader) (map[string]string, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	aliases := map[string]string{}
	var problems []string
	header := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, fmt.Sprintf("line %d: %v", pe.StartLine, pe.Err))
			continue
		} else if err != nil {
			return nil, err
		}
		if header {
			header = false
			if len(rec) != 2 || aliasKey(rec[0]) != "acled_name" || aliasKey(rec[1]) != "actor_id" {
				return nil, ag.Invalid("aliases", "line %d: the header must be \"acled_name,actor_id\"", line)
			}
			continue
		}
		if len(rec) != 2 {
			problems = append(problems, fmt.Sprintf("line %d: want 2 fields, acled_name and actor_id", line))
			continue
		}
		name, id := aliasKey(rec[0]), strings.TrimSpace(rec[1])
		switch {
		case name == "":
			problems = append(problems, fmt.Sprintf("line %d: acled_name is empty", line))
		case !ag.ValidID(id):
			problems = append(problems, fmt.Sprintf("line %d: actor_id %q is not a valid id (lower-case letters, digits, hyphens)", line, id))
		case aliases[name] != "" && aliases[name] != id:
			problems = append(problems, fmt.Sprintf("line %d: %q is already mapped to %s", line, rec[0], aliases[name]))
		default:
			aliases[name] = id
		}
	}
	if header {
		return nil, ag.Invalid("aliases", "the alias file is empty: it needs the header \"acled_name,actor_id\"")
	}
	if len(problems) > 0 {
		return nil, ag.Invalid("aliases", "%d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return aliases, nil
}
