package cli

import (
	"github.com/emergo/emergo/system"
)

// parseParams turns the values of repeated --param flags into Params. A
// value that is not name=value (or a comma-joined list of them) is a usage
// error; names and ranges are checked later by the registry against the
// chosen system, which knows its parameters.
func parseParams(kv []string) (system.Params, error) {
	p, err := system.ParseParams(kv)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return p, nil
}

// resolveParams looks up the system, parses the --param values and returns
// the entry with the complete, validated parameters (defaults filled in).
func resolveParams(name string, kv []string) (*system.Entry, system.Params, error) {
	user, err := parseParams(kv)
	if err != nil {
		return nil, nil, err
	}
	e, err := system.Lookup(name)
	if err != nil {
		return nil, nil, err
	}
	p, err := e.Resolve(user)
	if err != nil {
		return nil, nil, err
	}
	return e, p, nil
}
