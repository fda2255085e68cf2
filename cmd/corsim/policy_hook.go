package main

import (
	"encoding/json"

	"github.com/corsim/corsim/origin"
	"github.com/corsim/corsim/policy"
	"github.com/corsim/corsim/scenario"
	"github.com/corsim/corsim/simulate"
)

// policyServer builds servers for scenarios that give a "policy": the
// policy package's server for the scenario's target origin.
var policyServer scenario.ServerFromPolicy = func(raw json.RawMessage, target origin.Origin) (simulate.Server, error) {
	p, err := policy.Parse(raw)
	if err != nil {
		return nil, err
	}
	return p.Server(target), nil
}
