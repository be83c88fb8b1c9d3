package bench

import (
	"regexp"
	"runtime"
	"sync"
	"testing"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/scanner"
)

// corpusSize is how much text each benchmark corpus holds.
const corpusSize = 4 << 20

type corpus struct {
	name string
	data []byte
}

var (
	corporaOnce sync.Once
	corporaData []corpus
)

// corpora returns the benchmark texts, generated once: log (LogText),
// dense (DenseText) and csv (CSV), about 4 MB each.
func corpora() []corpus {
	corporaOnce.Do(func() {
		corporaData = []corpus{
			{"log", LogText(1, corpusSize)},
			{"dense", DenseText(1, corpusSize)},
			{"csv", CSV(1, corpusSize)},
		}
	})
	return corporaData
}

// BenchmarkFind scans each corpus with one scanner on one goroutine, in 64
// KB line-aligned blocks, without column context.
func BenchmarkFind(b *testing.B) {
	s := newScanner(b)
	ctx := s.Column("")
	for _, c := range corpora() {
		b.Run(c.name, func(b *testing.B) {
			blocks := Blocks(c.data, 64<<10)
			dst := make([]detectors.Match, 0, 4096)
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = 0
				for _, blk := range blocks {
					dst = s.Find(dst[:0], blk, ctx)
					n += len(dst)
				}
			}
			b.ReportMetric(float64(n), "matches/op")
		})
	}
}

// BenchmarkFindCells scans the customer table cell by cell with each
// column's context, as a structured-data scan does.
func BenchmarkFindCells(b *testing.B) {
	s := newScanner(b)
	header, rows := Table(1, 20000)
	ctxs := make([]scanner.Context, len(header))
	for j, h := range header {
		ctxs[j] = s.Column(h)
	}
	cells := make([][][]byte, len(rows))
	size := 0
	for i, r := range rows {
		cells[i] = make([][]byte, len(r))
		for j, v := range r {
			cells[i][j] = []byte(v)
			size += len(v)
		}
	}
	dst := make([]detectors.Match, 0, 64)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		for _, r := range cells {
			for j, v := range r {
				dst = s.Find(dst[:0], v, ctxs[j])
				n += len(dst)
			}
		}
	}
	b.ReportMetric(float64(n), "matches/op")
}

// naivePatterns is the baseline a first attempt would write: one regular
// expression per type, roughly the detectors' shapes and keyword rules,
// with no validation.
var naivePatterns = func() []*regexp.Regexp {
	exprs := []string{
		// US_SSN
		`\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b|\b\d{3}\.\d{2}\.\d{4}\b|(?i:ssn|social security|tax id)\D{0,30}\b\d{9}\b`,
		// US_ITIN
		`\b9\d{2}[- .]?(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])[- .]?\d{4}\b`,
		// CREDIT_CARD
		`\b(?:\d[ -]?){11,18}\d\b`,
		// EMAIL_ADDRESS
		`\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}\b`,
		// PHONE_NUMBER
		`(?:\+1[ .-]?)?(?:\(\d{3}\) ?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b|\+[1-9]\d{0,2}(?:[ .-]\(?\d{1,4}\)?){2,5}\b`,
		// IBAN_CODE
		`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`,
		// IP_ADDRESS
		`\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?`,
		// MAC_ADDRESS
		`\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b`,
		// US_NPI
		`(?i)\b(?:npi|national provider|provider id)\b.{0,30}?\b[12]\d{9}\b`,
		// US_DEA_NUMBER
		`\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b`,
		// US_MBI
		`\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}\b`,
		// US_HICN
		`(?i)\b(?:hicn|hic|health insurance claim|medicare)\b.{0,30}?\b\d{9}[A-Z]\d?\b`,
		// US_BANK_ROUTING
		`(?i)\b(?:routing|aba|rtn|transit)\b.{0,30}?\b\d{9}\b`,
		// US_PASSPORT
		`(?i)\b(?:passport|travel document)\b.{0,30}?\b[A-Z]?\d{8,9}\b`,
		// AWS_ACCESS_KEY
		`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`,
		// AWS_SECRET_KEY
		`(?i:aws_secret_access_key|secret access key|secret key).{0,30}?\b[A-Za-z0-9/+]{40}\b`,
		// JSON_WEB_TOKEN
		`\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`,
		// PRIVATE_KEY
		`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`,
		// DATE_OF_BIRTH
		`(?i)\b(?:dob|date of birth|birth ?date|birthday|born)\b.{0,30}?\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|[a-z]+ \d{1,2}, \d{4})`,
	}
	out := make([]*regexp.Regexp, len(exprs))
	for i, e := range exprs {
		out[i] = regexp.MustCompile(e)
	}
	return out
}()

// BenchmarkNaiveRegexp runs naivePatterns one after another over the log
// corpus, the baseline for BenchmarkFind/log's MB/s. (It is slow: about
// 1 MB/s, so the other corpora are left out.)
func BenchmarkNaiveRegexp(b *testing.B) {
	c := corpora()[0]
	b.Run(c.name, func(b *testing.B) {
		b.SetBytes(int64(len(c.data)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = 0
			for _, re := range naivePatterns {
				n += len(re.FindAllIndex(c.data, -1))
			}
		}
		b.ReportMetric(float64(n), "matches/op")
	})
}

// BenchmarkGenerate measures the generators (MB/s of text produced).
func BenchmarkGenerate(b *testing.B) {
	const size = 16 << 20
	gens := []struct {
		name string
		f    func(int64, int) []byte
	}{{"log", LogText}, {"dense", DenseText}, {"csv", CSV}}
	for _, g := range gens {
		b.Run(g.name, func(b *testing.B) {
			b.SetBytes(size)
			seed := int64(0)
			for b.Loop() {
				seed++
				g.f(seed, size)
			}
		})
	}
}

// BenchmarkFindParallel scans the log corpus as one buffer with
// FindParallel on GOMAXPROCS workers, as `veil find` does.
func BenchmarkFindParallel(b *testing.B) {
	s := newScanner(b)
	ctx := s.Column("")
	data := corpora()[0].data
	dst := make([]detectors.Match, 0, 4096)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dst = s.FindParallel(dst[:0], data, ctx, runtime.GOMAXPROCS(0))
	}
}
