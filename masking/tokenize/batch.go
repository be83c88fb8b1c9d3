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
// values. The FF1 calls of different values run side by side
// (fpe.FF1.CryptUint128s), about three times faster than one by one; a
// value longer than one run takes its chained runs a step at a time.
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
	bs.typ = typ
	// Every value is copied into work and enciphered there in place, run by
	// run: a one-run value is one run (pass 0), a longer one k chained runs
	// (see runs), cut where runs cuts it.
	bs.starts = grow(bs.starts, len(values)+1)
	bs.first = grow(bs.first, len(values))
	bs.count = grow(bs.count, len(values))
	maxK := 0
	for i, v := range values {
		errs[i] = nil
		start := len(bs.work)
		bs.starts[i] = start
		bs.work = append(bs.work, v...)
		n := 0
		for _, b := range v {
			if isDigit(b) || isLetter(b) {
				n++
			}
		}
		bs.first[i] = len(bs.runs) / 2
		switch {
		case n <= maxRun:
			if _, d, _ := read(v); d.hi == 0 && d.lo < fpe.MinDomain {
				errs[i] = ErrTooShort
				bs.count[i] = 0
				continue
			}
			bs.runs = append(bs.runs, start, len(bs.work))
			bs.count[i] = 1
		default:
			k := runCount(n)
			bs.runs = appendRuns(bs.runs, bs.work[start:], start, n)
			bs.count[i] = k
			maxK = max(maxK, k)
		}
	}
	bs.starts[len(values)] = len(bs.work)

	// Steps: every run of a step is independent of the others, so a step's
	// FF1 calls run side by side. One-run values go with the first step.
	// Pass 1 goes left to right, each run's tweak holding the run before it
	// as this pass left it; pass 2 right to left with the run after it.
	// Deciphering undoes pass 2 left to right, then pass 1 right to left.
	for j := range 2 * max(maxK, 1) {
		bs.step = bs.step[:0]
		for i := range values {
			k := bs.count[i]
			switch {
			case k == 1 && j == 0:
				bs.step = append(bs.step, stepRun{val: i, run: 0, pass: 0, nb: -1})
			case k < 2:
			case j < k && encrypt: // pass 1, run j
				bs.step = append(bs.step, stepRun{val: i, run: j, pass: 1, nb: j - 1})
			case j < k: // undo pass 2, run j
				bs.step = append(bs.step, stepRun{val: i, run: j, pass: 2, nb: after(j, k)})
			case j-k < k && encrypt: // pass 2, run k-1-(j-k)
				r := 2*k - 1 - j
				bs.step = append(bs.step, stepRun{val: i, run: r, pass: 2, nb: after(r, k)})
			case j-k < k: // undo pass 1, run k-1-(j-k)
				r := 2*k - 1 - j
				bs.step = append(bs.step, stepRun{val: i, run: r, pass: 1, nb: r - 1})
			}
		}
		t.runStep(bs, errs, encrypt)
	}
	for i := range values {
		if errs[i] == nil {
			dst = append(dst, bs.work[bs.starts[i]:bs.starts[i+1]]...)
		}
		ends[i] = len(dst)
	}
	return dst
}

// after is the run after run r of k, or -1 for the last.
func after(r, k int) int {
	if r == k-1 {
		return -1
	}
	return r + 1
}

// stepRun is one run of one value in a step of cryptAll: which run, in which
// pass, and which run of the same value is its neighbour in the tweak (-1
// for none).
type stepRun struct {
	val, run, nb int
	pass         byte
}

// runStep enciphers (or deciphers) the runs of bs.step in place, as run
// does one, with their FF1 calls side by side and cycle walks together.
func (t *Tokenizer) runStep(bs *batchScratch, errs []error, encrypt bool) {
	if len(bs.step) == 0 {
		return
	}
	bs.jobs, bs.doms, bs.tweaks = bs.jobs[:0], bs.doms[:0], bs.tweaks[:0]
	for _, sr := range bs.step {
		seg := bs.seg(sr.val, sr.run)
		x, d, shape := read(seg)
		k := len(bs.tweaks)
		bs.tweaks = append(bs.tweaks, tweakVersion, sr.pass, 0, 0, 0, 0)
		binary.BigEndian.PutUint32(bs.tweaks[k+2:], shape)
		if sr.pass != 0 {
			var tw [tweakHeader - 6]byte
			binary.BigEndian.PutUint32(tw[0:4], uint32(sr.run))
			binary.BigEndian.PutUint32(tw[4:8], uint32(bs.count[sr.val]))
			if sr.nb >= 0 {
				nx, _, nshape := read(bs.seg(sr.val, sr.nb))
				binary.BigEndian.PutUint64(tw[8:16], nx.hi)
				binary.BigEndian.PutUint64(tw[16:24], nx.lo)
				binary.BigEndian.PutUint32(tw[24:28], nshape)
			}
			bs.tweaks = append(bs.tweaks, tw[:]...)
			clear(tw[:])
		}
		bs.tweaks = append(bs.tweaks, bs.typ...)
		bs.doms = append(bs.doms, d)
		bs.jobs = append(bs.jobs, fpe.Uint128Job{Hi: x.hi, Lo: x.lo, N: d.bitLenMinus1()})
	}
	// The tweaks are cut only now that their buffer no longer moves.
	off := 0
	for k, sr := range bs.step {
		n := 6 + len(bs.typ)
		if sr.pass != 0 {
			n = tweakHeader + len(bs.typ)
		}
		bs.jobs[k].Tweak = bs.tweaks[off : off+n : off+n]
		off += n
	}
	// Cycle-walk: jobs whose result is not below their domain go again, side
	// by side with the others still walking.
	bs.pending = append(bs.pending[:0], bs.jobs...)
	bs.owner = grow(bs.owner, len(bs.jobs))
	for k := range bs.owner {
		bs.owner[k] = k
	}
	pending, owner := bs.pending, bs.owner
	for len(pending) > 0 {
		t.ff1.CryptUint128s(pending, encrypt)
		next, nextOwner := pending[:0], owner[:0]
		for k, j := range pending {
			o := owner[k]
			bs.jobs[o].Hi, bs.jobs[o].Lo, bs.jobs[o].Err = j.Hi, j.Lo, j.Err
			if j.Err == nil && !(u128{j.Hi, j.Lo}).less(bs.doms[o]) {
				next = append(next, j)
				nextOwner = append(nextOwner, o)
			}
		}
		pending, owner = next, nextOwner
	}
	for k, sr := range bs.step {
		if j := bs.jobs[k]; j.Err != nil {
			// Unreachable: lengths, values and tweaks are within FF1's
			// limits by construction. Fail closed all the same.
			errs[sr.val] = j.Err
		} else {
			write(bs.seg(sr.val, sr.run), u128{j.Hi, j.Lo})
		}
	}
}

// batchScratch is cryptAll's working memory, pooled so that a batch
// allocates nothing once warm.
type batchScratch struct {
	typ           string
	work          []byte // the values, enciphered in place
	starts        []int  // value i is work[starts[i]:starts[i+1]]
	runs          []int  // bounds in work of every run, two ints a run
	first, count  []int  // per value: its first run, and how many (0: failed)
	step          []stepRun
	jobs, pending []fpe.Uint128Job
	owner         []int
	doms          []u128
	tweaks        []byte
}

// seg is run r of value v.
func (bs *batchScratch) seg(v, r int) []byte {
	k := 2 * (bs.first[v] + r)
	return bs.work[bs.runs[k]:bs.runs[k+1]]
}

var batchPool = sync.Pool{New: func() any { return new(batchScratch) }}

// release wipes what the batch held of values (their numbers, and tweaks
// that hold their shapes) and returns bs to the pool.
func (bs *batchScratch) release() {
	clear(bs.work)
	clear(bs.jobs[:cap(bs.jobs)])
	clear(bs.pending[:cap(bs.pending)])
	clear(bs.doms[:cap(bs.doms)])
	clear(bs.tweaks[:cap(bs.tweaks)])
	bs.work, bs.runs = bs.work[:0], bs.runs[:0]
	bs.typ = ""
	batchPool.Put(bs)
}

// grow returns s resized to n, reusing its memory when it can.
func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}
