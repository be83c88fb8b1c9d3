package bench

import (
	"testing"
	"time"
)

func TestZZRegexpTiming(t *testing.T) {
	data := LogText(1, 4<<20)
	for i, re := range naivePatterns {
		st := time.Now()
		n := len(re.FindAllIndex(data, -1))
		t.Logf("%2d %8.2f MB/s %5d  %.60s", i, 4/time.Since(st).Seconds(), n, re.String())
	}
}
