package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/veil-data/veil/connectors/format"
)

// progress draws, on a terminal, one bar per input on stderr: the bytes of
// the input file read so far (compressed bytes for a compressed input)
// against its size times the passes over it, the rows of the current pass,
// and a rate and an ETA from the bytes. Off a terminal it draws nothing and
// costs nothing: every method of a nil *inputProgress is a no-op, and the
// structured logs per input are all there is.
//
// It never shows a value: only the input's name, sizes and counts.
type progress struct {
	out  io.Writer             // nil: no bars
	opts []mpb.ContainerOption // extra container options (tests force rendering to a buffer)
}

// progressRefresh is how often the counters are handed to the bar.
const progressRefresh = 100 * time.Millisecond

// newProgress draws bars on stderr when it is a terminal and off is false.
func newProgress(stderr io.Writer, off bool) *progress {
	if off || !isTerminal(stderr) {
		return &progress{}
	}
	return &progress{out: stderr}
}

// start begins the bar of one input that will be read passes times; nil
// when bars are off.
func (p *progress) start(path string, passes int) *inputProgress {
	if p == nil || p.out == nil {
		return nil
	}
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	passes = max(passes, 1)
	ip := &inputProgress{size: size, passes: passes, stop: make(chan struct{})}
	ip.label.Store(new(string))
	opts := append([]mpb.ContainerOption{mpb.WithOutput(p.out), mpb.WithRefreshRate(150 * time.Millisecond)}, p.opts...)
	ip.container = mpb.New(opts...)
	// Made without a total, the bar does not complete on its own when the
	// bytes reach the size (a write can still fail after the last read):
	// finish completes it or marks it failed.
	ip.bar = ip.container.AddBar(0,
		mpb.PrependDecorators(
			decor.Name(shortName(path, 32), decor.WCSyncSpaceR),
			decor.Any(func(decor.Statistics) string { return *ip.label.Load() }, decor.WCSyncSpaceR),
		),
		mpb.AppendDecorators(
			decor.Any(func(decor.Statistics) string {
				return fmt.Sprintf("% .1f / % .1f", decor.SizeB1024(min(ip.bytes.Load(), size)), decor.SizeB1024(size))
			}, decor.WCSyncSpace),
			decor.Any(func(decor.Statistics) string { return fmt.Sprintf("%d rows", ip.rows.Load()) }, decor.WCSyncSpace),
			decor.AverageSpeed(decor.SizeB1024(0), "% .1f", decor.WCSyncSpace),
			decor.OnAbort(decor.OnComplete(decor.AverageETA(decor.ET_STYLE_GO, decor.WCSyncSpace), "done"), "failed"),
		),
	)
	ip.bar.SetTotal(size*int64(passes), false)
	ip.wg.Add(1)
	go ip.feed()
	return ip
}

// shortName keeps the end of a long path, where the file name is.
func shortName(path string, n int) string {
	r := []rune(path)
	if len(r) <= n {
		return path
	}
	return "…" + string(r[len(r)-n+1:])
}

// inputProgress is the bar of one input. Readers and writers only add to
// its atomic counters; a goroutine hands them to the bar every
// progressRefresh.
type inputProgress struct {
	container *mpb.Progress
	bar       *mpb.Bar
	size      int64
	passes    int
	pass      atomic.Int64 // passes begun
	bytes     atomic.Int64 // bytes of the input read in this pass
	rows      atomic.Int64 // rows read (classify, scan) or written (mask, unmask) in this pass
	label     atomic.Pointer[string]
	stop      chan struct{}
	wg        sync.WaitGroup
}

// phase begins the next pass over the input, named for the bar
// ("classify", "mask" …): bytes and rows count from zero again.
func (ip *inputProgress) phase(name string) {
	if ip == nil {
		return
	}
	k := ip.pass.Add(1)
	ip.bytes.Store(0)
	ip.rows.Store(0)
	label := name
	if ip.passes > 1 {
		label = fmt.Sprintf("%s %d/%d", name, k, ip.passes)
	}
	ip.label.Store(&label)
}

// current is the bar's position: whole passes done, plus this pass's bytes
// (at most the size: random-access formats may read some bytes twice).
func (ip *inputProgress) current() int64 {
	done := max(ip.pass.Load()-1, 0)
	return done*ip.size + min(ip.bytes.Load(), ip.size)
}

func (ip *inputProgress) feed() {
	defer ip.wg.Done()
	t := time.NewTicker(progressRefresh)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ip.bar.SetCurrent(ip.current())
		case <-ip.stop:
			return
		}
	}
}

// finish completes the bar (ok) or marks it failed, and returns once it is
// drawn for the last time, so that what is logged next comes below it.
func (ip *inputProgress) finish(ok bool) {
	if ip == nil {
		return
	}
	close(ip.stop)
	ip.wg.Wait()
	if ok {
		ip.bar.SetTotal(ip.size*int64(ip.passes), true)
	} else {
		ip.bar.SetCurrent(ip.current())
		ip.bar.Abort(false)
	}
	ip.container.Wait()
}

// sizedInput is an opened input file: read in order by most formats, at
// random by Parquet and Arrow IPC files.
type sizedInput interface {
	io.Reader
	format.Sized
}

// input returns f, counting the bytes read from it (by Read or ReadAt)
// into the bar; f itself when bars are off.
func (ip *inputProgress) input(f sizedInput) sizedInput {
	if ip == nil {
		return f
	}
	return &countingReader{r: f, n: &ip.bytes}
}

// countingReader adds the bytes read through it to n. It keeps the random
// access and the size of what it wraps, so Parquet and Arrow IPC files
// read through it as through the file.
type countingReader struct {
	r sizedInput
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Size() int64 { return c.r.Size() }

// reader returns r, counting the rows its batches hold into the bar (for
// passes that only read); r itself when bars are off.
func (ip *inputProgress) reader(r format.Reader) format.Reader {
	if ip == nil {
		return r
	}
	return &rowCountingReader{Reader: r, rows: &ip.rows}
}

type rowCountingReader struct {
	format.Reader
	rows *atomic.Int64
}

func (r *rowCountingReader) Next() (arrow.RecordBatch, error) {
	before := r.Reader.Rows()
	rec, err := r.Reader.Next()
	r.rows.Add(r.Reader.Rows() - before) // rows a RowFilter left out count too
	return rec, err
}

// SetKeep passes a row filter on to the reader when it takes one.
func (r *rowCountingReader) SetKeep(keep func(row int64) bool) bool {
	f, ok := r.Reader.(format.RowFilter)
	return ok && f.SetKeep(keep)
}

// writer returns w, counting the rows written through it into the bar;
// w itself when bars are off.
func (ip *inputProgress) writer(w format.Writer) format.Writer {
	if ip == nil {
		return w
	}
	return &rowCountingWriter{Writer: w, rows: &ip.rows}
}

type rowCountingWriter struct {
	format.Writer
	rows *atomic.Int64
}

func (w *rowCountingWriter) Write(rec arrow.RecordBatch) error {
	if err := w.Writer.Write(rec); err != nil {
		return err
	}
	w.rows.Add(rec.NumRows())
	return nil
}
