// Package batch defines the one unit that travels through Veil: an Arrow
// record batch, where it came from, and the acknowledgement that tells its
// source it has been dealt with.
//
// Ownership rule: whoever receives a *Batch either passes it on or calls
// Done exactly once — for empty batches and on shutdown too. Done releases
// the record and acks the source (with the error, if any). A batch split into
// parts acks its parent when every part is done (see Split).
//
// This package is a leaf: it imports only Arrow and the standard library.
package batch

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
)

// Origin says where a batch came from, for error messages and manifests.
type Origin struct {
	Source   string // file path, object URI, or topic/partition
	FirstRow int64  // index in the source of the batch's first row (0-based)
	Offset   int64  // byte offset or message offset of the first row; -1 if unknown
}

// String renders the origin for messages, e.g. "data.csv row 1201".
func (o Origin) String() string {
	return fmt.Sprintf("%s row %d", o.Source, o.FirstRow+1)
}

// Batch is a record batch with its origin and acknowledgement.
type Batch struct {
	Record arrow.RecordBatch
	Origin Origin
	ack    func(error)
	done   atomic.Bool
}

// New wraps rec (whose reference passes to the batch) with its origin and an
// ack called once when the batch is done; ack may be nil.
func New(rec arrow.RecordBatch, origin Origin, ack func(error)) *Batch {
	return &Batch{Record: rec, Origin: origin, ack: ack}
}

// Done releases the record and acknowledges the batch with err (nil for
// success). Calls after the first do nothing.
func (b *Batch) Done(err error) {
	if !b.done.CompareAndSwap(false, true) {
		return
	}
	if b.Record != nil {
		b.Record.Release()
	}
	if b.ack != nil {
		b.ack(err)
	}
}

// Split makes n child acks for parts of b: b is acknowledged when the last
// child is, with the first error any child reported. b's record is released
// then too, so the children must not outlive it without Retain.
func (b *Batch) Split(n int) []func(error) {
	var (
		mu    sync.Mutex
		left  = n
		first error
	)
	acks := make([]func(error), n)
	for i := range acks {
		var once sync.Once
		acks[i] = func(err error) {
			once.Do(func() {
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				left--
				last := left == 0
				mu.Unlock()
				if last {
					b.Done(first)
				}
			})
		}
	}
	return acks
}
