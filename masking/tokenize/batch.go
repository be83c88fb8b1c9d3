package tokenize

import (
	"encoding/binary"
	"sync"

	"github.com/veil-data/veil/masking/fpe"
)

// TokenizeAll tokenizes every value, all of type typ, exactly as Tokenize
// tokenizes one. It appends the tokens to dst in order and sets ends[i] to
// where value i's token ends in the result; when Tokenize would fail,
// errs[i] holds its error and nothing is appended for the value (ends[i] is
// then the end of the token before). ends and errs must be as long as
// values. The FF1 calls of values that are one run (most identifiers) run
// side by side (fpe.FF1.CryptUint128s), several times faster than one by
// one.
func (t *Tokenizer) TokenizeAll(dst []byte, values [][]byte, typ string, ends []int, errs []error) []byte {
	return t.cryptAll(dst, values, typ, ends, errs, true)
}

// DetokenizeAll is TokenizeAll for Detokenize.
func (t *Tokenizer) DetokenizeAll(dst []byte, values [][]byte, typ string, ends []int, errs []error) []byte {
	return t.cryptAll(dst, values, typ, ends, errs, false)
}

func (t *Tokenizer) cryptAll(dst []byte, values [][]byte, typ string, ends []int, errs []error, encrypt bool) []byte {
	if len(typ) > MaxTypeLen {
		for i := range values {
			ends[i], errs[i] = len(dst), ErrTypeTooLong
		}
		return dst
	}
	bs := batchPool.Get().(*batchScratch)
	defer bs.release()
	job := grow(bs.job, len(values)) // value -> index into jobs, or -1 for Tokenize's path
	jobs := bs.jobs[:0]
	doms := bs.doms[:0]  // per job: a cycle walk goes on until the result is below it
	tlen := 6 + len(typ) // a one-run value's tweak: see run
	tweaks := bs.tweaks[:0]
	for i, v := range values {
		errs[i] = nil
		job[i] = -1
		n := 0
		for _, b := range v {
			if isDigit(b) || isLetter(b) {
				n++
			}
		}
		if n > maxRun {
			continue
		}
		x, d, shape := read(v)
		if d.hi == 0 && d.lo < fpe.MinDomain {
			errs[i] = ErrTooShort
			continue
		}
		k := len(tweaks)
		tweaks = append(tweaks, tweakVersion, 0, 0, 0, 0, 0)
		binary.BigEndian.PutUint32(tweaks[k+2:], shape)
		tweaks = append(tweaks, typ...)
		job[i] = len(jobs)
		doms = append(doms, d)
		jobs = append(jobs, fpe.Uint128Job{Hi: x.hi, Lo: x.lo, N: d.bitLenMinus1(), Tweak: tweaks[k : k+tlen : k+tlen]})
	}
	// Cycle-walk: jobs whose result is not below their domain go again, side
	// by side with the others still walking.
	// tweaks is not appended to beyond here: the jobs' tweaks stay valid.
	bs.job, bs.jobs, bs.doms, bs.tweaks = job, jobs, doms, tweaks
	pending := append(bs.pending[:0], jobs...)
	owner := grow(bs.owner, len(jobs))
	bs.pending, bs.owner = pending, owner
	for k := range owner {
		owner[k] = k
	}
	for len(pending) > 0 {
		t.ff1.CryptUint128s(pending, encrypt)
		next := pending[:0]
		nextOwner := owner[:0]
		for k, j := range pending {
			o := owner[k]
			jobs[o].Hi, jobs[o].Lo, jobs[o].Err = j.Hi, j.Lo, j.Err
			if j.Err == nil && !(u128{j.Hi, j.Lo}).less(doms[o]) {
				next = append(next, j)
				nextOwner = append(nextOwner, o)
			}
		}
		pending, owner = next, nextOwner
	}
	for i, v := range values {
		switch {
		case errs[i] != nil:
		case job[i] < 0:
			dst, errs[i] = t.crypt(dst, v, typ, encrypt)
		case jobs[job[i]].Err != nil:
			// Unreachable: lengths, values and tweaks are within FF1's
			// limits by construction. Fail closed all the same.
			errs[i] = jobs[job[i]].Err
		default:
			start := len(dst)
			dst = append(dst, v...)
			write(dst[start:], u128{jobs[job[i]].Hi, jobs[job[i]].Lo})
		}
		ends[i] = len(dst)
	}
	return dst
}

// batchScratch is cryptAll's working memory, pooled so that a batch
// allocates nothing once warm.
type batchScratch struct {
	job, owner    []int
	jobs, pending []fpe.Uint128Job
	doms          []u128
	tweaks        []byte
}

var batchPool = sync.Pool{New: func() any { return new(batchScratch) }}

// release wipes what the batch held of values (their numbers, and tweaks
// that hold their shapes) and returns bs to the pool.
func (bs *batchScratch) release() {
	clear(bs.jobs[:cap(bs.jobs)])
	clear(bs.pending[:cap(bs.pending)])
	clear(bs.doms[:cap(bs.doms)])
	clear(bs.tweaks[:cap(bs.tweaks)])
	batchPool.Put(bs)
}

// grow returns s resized to n, reusing its memory when it can.
func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}
