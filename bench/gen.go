package bench

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"time"
)

// Plant is one identifier the generator put into its output.
type Plant struct {
	Type       string // detector type ID, such as "US_SSN"
	Start, End int    // byte offsets of the value, End exclusive
}

// The type IDs the generator plants (see DETECTORS.md).
const (
	tSSN       = "US_SSN"
	tITIN      = "US_ITIN"
	tCard      = "CREDIT_CARD"
	tEmail     = "EMAIL_ADDRESS"
	tPhone     = "PHONE_NUMBER"
	tIBAN      = "IBAN_CODE"
	tIP        = "IP_ADDRESS"
	tMAC       = "MAC_ADDRESS"
	tNPI       = "US_NPI"
	tDEA       = "US_DEA_NUMBER"
	tMBI       = "US_MBI"
	tHICN      = "US_HICN"
	tRouting   = "US_BANK_ROUTING"
	tPassport  = "US_PASSPORT"
	tAWSKey    = "AWS_ACCESS_KEY"
	tAWSSecret = "AWS_SECRET_KEY"
	tJWT       = "JSON_WEB_TOKEN"
	tPrivKey   = "PRIVATE_KEY"
	tDOB       = "DATE_OF_BIRTH"
)

// PlantedTypes lists every type ID the generators can plant, sorted.
func PlantedTypes() []string {
	return []string{
		tAWSKey, tAWSSecret, tCard, tDOB, tEmail, tIBAN, tIP, tJWT, tMAC,
		tPhone, tPrivKey, tDEA, tHICN, tITIN, tMBI, tNPI, tPassport, tRouting, tSSN,
	}
}

// Random streams, so that LogText, DenseText and Table with the same seed
// are unrelated.
const (
	streamLog uint64 = iota + 1
	streamDense
	streamTable
	streamEvents
)

// baseTime is the earliest clock a generator starts from (2024-01-01 UTC).
var baseTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

// gen appends generated text to b and records what it planted.
type gen struct {
	r      *rand.Rand
	b      []byte
	plants []Plant
	ms     int64  // clock, Unix milliseconds
	tmp    []byte // scratch for values built before encoding
	f      int    // current log format

	// The person name() wrote last, for email() to use once.
	first, last string
}

func newGen(seed int64, stream uint64, size int) *gen {
	g := &gen{
		r: rand.New(rand.NewPCG(uint64(seed), stream*0x9e3779b97f4a7c15)),
		b: make([]byte, 0, max(size, 0)+4096),
	}
	g.ms = baseTime + g.r.Int64N(300*24*3600*1000)
	return g
}

func (g *gen) s(x string)               { g.b = append(g.b, x...) }
func (g *gen) c(x byte)                 { g.b = append(g.b, x) }
func (g *gen) n(x int)                  { g.b = strconv.AppendInt(g.b, int64(x), 10) }
func (g *gen) intn(n int) int           { return g.r.IntN(n) }
func (g *gen) between(lo, hi int) int   { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }
func (g *gen) pick(xs []string) string  { return xs[g.r.IntN(len(xs))] }
func (g *gen) digit() byte              { return byte('0' + g.r.IntN(10)) }
func (g *gen) plant(typ string, st int) { g.plants = append(g.plants, Plant{typ, st, len(g.b)}) }

// zpad appends x in decimal, zero-padded to w digits.
func (g *gen) zpad(x, w int) {
	var d [20]byte
	i := len(d)
	for x > 0 || i == len(d) {
		i--
		d[i] = byte('0' + x%10)
		x /= 10
	}
	for k := len(d) - i; k < w; k++ {
		g.c('0')
	}
	g.b = append(g.b, d[i:]...)
}

// digits appends n random decimal digits.
func (g *gen) digits(n int) {
	for range n {
		g.c(g.digit())
	}
}

// upperAlnum appends n random characters of A-Z0-9.
func (g *gen) upperAlnum(n int) {
	const set = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for range n {
		g.c(set[g.r.IntN(len(set))])
	}
}

const hexDigits = "0123456789abcdef"

// hex appends n lowercase hex digits, never more than six decimal digits in
// a row, so a hash or id cannot be read as a number.
func (g *gen) hex(n int) {
	run := 0
	var bits uint64
	for i := range n {
		if i%16 == 0 {
			bits = g.r.Uint64()
		}
		x := bits & 15
		bits >>= 4
		if x < 10 {
			run++
			if run > 6 {
				x = 10 + x%6
				run = 0
			}
		} else {
			run = 0
		}
		g.c(hexDigits[x])
	}
}

// uuid appends a random (version 4) UUID.
func (g *gen) uuid() {
	g.hex(8)
	g.c('-')
	g.hex(4)
	g.s("-4")
	g.hex(3)
	g.c('-')
	g.c("89ab"[g.r.IntN(4)])
	g.hex(3)
	g.c('-')
	g.hex(12)
}

// tick advances the clock by up to max milliseconds.
func (g *gen) tick(max int) { g.ms += int64(g.r.IntN(max + 1)) }

var monthAbbr = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
var monthName = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Timestamp layouts.
const (
	tsISO    = iota // 2024-03-15T10:22:33.123Z
	tsSpace         // 2024-03-15 10:22:33.123
	tsPython        // 2024-03-15 10:22:33,123
	tsNginx         // 15/Mar/2024:10:22:33 +0000
	tsSecond        // 2024-03-15 10:22:33
	tsISOSec        // 2024-03-15T10:22:33Z
)

// ts appends the clock in the given layout.
func (g *gen) ts(layout int) {
	t := time.UnixMilli(g.ms).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	ms := int(g.ms % 1000)
	if layout == tsNginx {
		g.zpad(d, 2)
		g.c('/')
		g.s(monthAbbr[mo-1])
		g.c('/')
		g.n(y)
		g.c(':')
	} else {
		g.n(y)
		g.c('-')
		g.zpad(int(mo), 2)
		g.c('-')
		g.zpad(d, 2)
		if layout == tsISO || layout == tsISOSec {
			g.c('T')
		} else {
			g.c(' ')
		}
	}
	g.zpad(h, 2)
	g.c(':')
	g.zpad(mi, 2)
	g.c(':')
	g.zpad(s, 2)
	switch layout {
	case tsISO:
		g.c('.')
		g.zpad(ms, 3)
		g.c('Z')
	case tsSpace:
		g.c('.')
		g.zpad(ms, 3)
	case tsPython:
		g.c(',')
		g.zpad(ms, 3)
	case tsNginx:
		g.s(" +0000")
	case tsISOSec:
		g.c('Z')
	}
}

// date appends the clock's date plus days, as 2024-03-15.
func (g *gen) date(days int) {
	t := time.UnixMilli(g.ms).UTC().AddDate(0, 0, days)
	y, mo, d := t.Date()
	g.n(y)
	g.c('-')
	g.zpad(int(mo), 2)
	g.c('-')
	g.zpad(d, 2)
}

// amount appends a price such as 129.90.
func (g *gen) amount() {
	switch g.intn(4) {
	case 0:
		g.n(g.between(1, 99))
	case 1, 2:
		g.n(g.between(5, 499))
	default:
		g.n(g.between(100, 9999))
	}
	g.c('.')
	g.zpad(g.intn(100), 2)
}

// weighted picks an index with probability proportional to w[i].
func (g *gen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	k := g.r.IntN(total)
	for i, x := range w {
		if k < x {
			return i
		}
		k -= x
	}
	return len(w) - 1
}

var firstNames = []string{
	"James", "Maria", "Wei", "Aisha", "Carlos", "Olga", "Hiroshi", "Fatima",
	"Liam", "Priya", "Noah", "Sofia", "Mohammed", "Emma", "Lucas", "Chloe",
	"Mateo", "Ananya", "Ethan", "Zoe", "Oliver", "Isabella", "Kwame", "Ingrid",
	"Dmitri", "Yuki", "Amara", "Jonas", "Elena", "Rafael", "Grace", "Tomasz",
	"Leila", "Samuel", "Hannah", "Diego", "Mei", "Patrick", "Nadia", "Arjun",
}

var lastNames = []string{
	"Smith", "Garcia", "Chen", "Khan", "Rossi", "Kowalski", "Nguyen", "Johnson",
	"Okafor", "Silva", "Tanaka", "Patel", "Brown", "Martin", "Dubois", "Novak",
	"Larsen", "Kim", "Ivanova", "Hernandez", "Williams", "Fischer", "Costa",
	"Singh", "Lopez", "Jones", "Andersson", "Moreau", "Schmidt", "Murphy",
	"Cohen", "Yilmaz", "Mensah", "Sato", "Walker", "Romero", "Becker", "Haddad",
}

// name appends "First Last"; the next email() is likely that person's.
func (g *gen) name() {
	g.first, g.last = g.pick(firstNames), g.pick(lastNames)
	g.s(g.first)
	g.c(' ')
	g.s(g.last)
}

// Blocks splits b into consecutive pieces of about n bytes, each ending
// just after a newline (the last one at the end of b), the way a scanner is
// fed a large input. The pieces share b's memory.
func Blocks(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		k := min(n, len(b))
		if k < len(b) {
			if j := bytes.IndexByte(b[k:], '\n'); j >= 0 {
				k += j + 1
			} else {
				k = len(b)
			}
		}
		out = append(out, b[:k])
		b = b[k:]
	}
	return out
}
