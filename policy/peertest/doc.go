// Package peertest checks package policy's prober and linter against the
// CORS middleware Go servers use (github.com/rs/cors, github.com/go-chi/cors,
// github.com/gin-contrib/cors), and benchmarks policy.Handler next to them.
// It is a module of its own so that the corsim module does not depend on
// them. It has no code outside its tests.
package peertest
