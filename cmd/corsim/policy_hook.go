package main

import "github.com/corsim/corsim/scenario"

// policyServer builds servers for scenarios that give a "policy"; nil until
// the policy package provides one.
var policyServer scenario.ServerFromPolicy
