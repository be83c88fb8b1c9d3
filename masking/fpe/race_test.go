//go:build race

package fpe

const raceEnabled = true
