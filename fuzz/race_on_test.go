//go:build race

package fuzz

// raceEnabled is set when the race detector is on: slow tests then do less.
const raceEnabled = true
