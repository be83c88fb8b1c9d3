package scanner

import (
	"bytes"
	"sync"
)

// MinChunk is the smallest piece FindParallel hands a worker; below it the
// cost of a goroutine outweighs the work.
const MinChunk = 256 << 10

// minChunk is MinChunk, lowered by tests to exercise chunking on small input.
var minChunk = MinChunk

// FindParallel is Find for large values: it splits b at line breaks into
// chunks, scans them on up to workers goroutines and merges the results. No
// single-line match crosses a line break, so nothing is lost at a chunk
// boundary; multi-line detectors and custom identifiers run over the whole
// value. The result equals Find's.
func (s *Scanner) FindParallel(dst []Match, b []byte, ctx Context, workers int) []Match {
	bounds := splitLines(b, workers)
	if workers <= 1 || len(bounds) <= 2 {
		return s.Find(dst, b, ctx)
	}
	n0 := len(dst)
	parts := make([][]Match, len(bounds)-1)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(parts)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				parts[k] = s.findRange(nil, b, bounds[k], bounds[k+1], &ctx)
			}
		}()
	}
	for k := range parts {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, p := range parts {
		dst = append(dst, p...)
	}
	dst = s.findWhole(dst, b, &ctx)
	return finish(dst, n0)
}

// splitLines cuts b into about 4 chunks per worker of at least MinChunk
// bytes, each ending just after a '\n' (or at the end of b). It returns the
// chunk boundaries, starting with 0 and ending with len(b).
func splitLines(b []byte, workers int) []int {
	size := max(len(b)/(4*max(workers, 1)), minChunk)
	out := []int{0}
	for pos := 0; pos < len(b); {
		cut := pos + size
		if cut >= len(b) {
			break
		}
		nl := bytes.IndexByte(b[cut:], '\n')
		if nl < 0 {
			break
		}
		pos = cut + nl + 1
		if pos >= len(b) {
			break
		}
		out = append(out, pos)
	}
	return append(out, len(b))
}
