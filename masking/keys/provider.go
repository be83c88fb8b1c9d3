package keys

import (
	"context"
	"sync"
)

// Provider supplies the keyset a masking job runs under.
//
// A job calls Keys once, before the first value, and hands the keyset's keys
// to the masking methods; no method ever calls a Provider per value. Keys
// may do I/O (read a file, call a KMS) and should honour ctx. It must be safe
// for concurrent use and, for one Provider, return the same keyset every time
// it succeeds, so every worker and every file of a run masks alike.
//
// A KMS provider (a later package, the only one to import the KMS SDK)
// fits this shape: it reads a keyset file with ReadFile, sends
// File.Wrapped.Ciphertext to KMS Decrypt with File.Wrapped.Context as the
// encryption context, builds the keyset with FromMaster(file.KeyID,
// file.Created, plaintext), clears the plaintext, and caches the result,
// most simply by wrapping itself in Cache. Key rotation is a new keyset with
// a new key id, not a change inside one.
type Provider interface {
	Keys(ctx context.Context) (*Keyset, error)
}

// ProviderFunc adapts a function to Provider.
type ProviderFunc func(ctx context.Context) (*Keyset, error)

// Keys calls f.
func (f ProviderFunc) Keys(ctx context.Context) (*Keyset, error) { return f(ctx) }

// Static returns a Provider that always returns ks (for tests, and for a
// keyset already in hand).
func Static(ks *Keyset) Provider {
	return ProviderFunc(func(context.Context) (*Keyset, error) { return ks, nil })
}

// FileProvider returns a Provider that loads a local keyset file with Load
// on first use and returns that keyset from then on.
func FileProvider(path string) Provider {
	return Cache(ProviderFunc(func(ctx context.Context) (*Keyset, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return Load(path)
	}))
}

// Cache returns a Provider that asks p once and keeps the first keyset it
// returns. A failed call is not cached (a cancelled context or a network
// blip must not poison the job), so the next call asks p again; concurrent
// callers wait for the one call in flight.
func Cache(p Provider) Provider { return &cache{p: p} }

type cache struct {
	p  Provider
	mu sync.Mutex
	ks *Keyset
}

func (c *cache) Keys(ctx context.Context) (*Keyset, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ks != nil {
		return c.ks, nil
	}
	ks, err := c.p.Keys(ctx)
	if err != nil {
		return nil, err
	}
	c.ks = ks
	return ks, nil
}
