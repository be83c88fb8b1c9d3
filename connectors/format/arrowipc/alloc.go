package arrowipc

import (
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// epochAllocator forwards to the caller's allocator and remembers which
// message each live allocation was made for. When arrow-go fails (or
// panics) half-way through decoding a corrupt batch, the arrays it had
// already built are garbage that still holds references to the message's
// buffers, so those buffers would never be returned to the caller's
// allocator. The reader then frees what is left of that message's
// allocations itself (drop), so that a corrupt input leaks nothing.
type epochAllocator struct {
	parent memory.Allocator

	mu    sync.Mutex
	epoch int
	live  map[*byte]epochAlloc
}

type epochAlloc struct {
	b     []byte
	epoch int
}

var _ memory.Allocator = (*epochAllocator)(nil)

func newEpochAllocator(parent memory.Allocator) *epochAllocator {
	return &epochAllocator{parent: parent, live: make(map[*byte]epochAlloc)}
}

// next starts a new message and returns its number.
func (a *epochAllocator) next() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.epoch++
	return a.epoch
}

func (a *epochAllocator) current() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.epoch
}

func (a *epochAllocator) track(b []byte) {
	if cap(b) == 0 {
		return
	}
	a.live[unsafe.SliceData(b[:1])] = epochAlloc{b: b, epoch: a.epoch}
}

func (a *epochAllocator) Allocate(size int) []byte {
	b := a.parent.Allocate(size)
	a.mu.Lock()
	a.track(b)
	a.mu.Unlock()
	return b
}

func (a *epochAllocator) Reallocate(size int, b []byte) []byte {
	a.mu.Lock()
	var ep epochAlloc
	var known bool
	if cap(b) > 0 {
		k := unsafe.SliceData(b[:1])
		ep, known = a.live[k]
		delete(a.live, k)
	}
	a.mu.Unlock()
	if cap(b) > 0 && !known {
		// Not ours (or already dropped): never hand it to the parent.
		return a.Allocate(size)
	}
	nb := a.parent.Reallocate(size, b)
	a.mu.Lock()
	if cap(nb) > 0 {
		a.live[unsafe.SliceData(nb[:1])] = epochAlloc{b: nb, epoch: ep.epoch}
	}
	a.mu.Unlock()
	return nb
}

func (a *epochAllocator) Free(b []byte) {
	if cap(b) == 0 {
		a.parent.Free(b)
		return
	}
	k := unsafe.SliceData(b[:1])
	a.mu.Lock()
	_, known := a.live[k]
	delete(a.live, k)
	a.mu.Unlock()
	if known {
		a.parent.Free(b)
	}
}

// drop frees every allocation still live from the given message.
func (a *epochAllocator) drop(epoch int) {
	a.mu.Lock()
	var bs [][]byte
	for k, e := range a.live {
		if e.epoch == epoch {
			bs = append(bs, e.b)
			delete(a.live, k)
		}
	}
	a.mu.Unlock()
	for _, b := range bs {
		a.parent.Free(b)
	}
}
