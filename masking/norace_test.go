//go:build !race

package masking

const raceEnabled = false
