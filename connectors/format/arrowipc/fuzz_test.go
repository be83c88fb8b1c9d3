package arrowipc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/veil-data/veil/connectors/format"
)

// FuzzReader feeds arbitrary bytes to the reader, with and without random
// access: it must never panic, never leak, and fail only with an error that
// wraps format.ErrCorrupt, or a row error for invalid UTF-8 in a string
// column.
func FuzzReader(f *testing.F) {
	mem := memory.NewGoAllocator()
	rec := kitchenRecord(f, mem, 2)
	file := write(f, mem, rec, false, format.WriteOptions{})
	stream := write(f, mem, rec, true, format.WriteOptions{})
	zstd := write(f, mem, rec, true, format.WriteOptions{Compression: "zstd"})
	rec.Release()
	for _, s := range [][]byte{file, stream, zstd, file[:len(file)/2], stream[:len(stream)/3], []byte("ARROW1\x00\x00"), {0xff, 0xff, 0xff, 0xff, 8, 0, 0, 0}} {
		f.Add(s)
	}
	for _, name := range []string{"kitchen.arrow", "kitchen.arrows"} {
		if b, err := os.ReadFile(filepath.Join(fixtureDir, name)); err == nil {
			f.Add(b)
		}
	}
	// Keep allocations for hostile lengths small while fuzzing.
	saved := maxBodyBytes
	f.Cleanup(func() { maxBodyBytes = saved })
	maxBodyBytes = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sized := range []bool{true, false} {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			var r io.Reader = bytes.NewReader(data)
			if !sized {
				r = nonSized{r}
			}
			err := readErr(mem, r, "fuzz")
			var re *format.RowError
			if err != nil && !errors.Is(err, format.ErrCorrupt) && !(errors.As(err, &re) && errors.Is(err, ErrInvalidUTF8)) {
				t.Fatalf("error does not wrap ErrCorrupt or ErrInvalidUTF8: %v", err)
			}
			mem.AssertSize(t, 0)
		}
	})
}
