package bench

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"net"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
	"github.com/veil-data/veil/detectors/checksum"
)

func TestDeterministic(t *testing.T) {
	const size = 1 << 20
	gens := map[string]func(int64, int) []byte{"log": LogText, "dense": DenseText, "csv": CSV}
	for name, f := range gens {
		t.Run(name, func(t *testing.T) {
			a, b := f(42, size), f(42, size)
			require.Equal(t, a, b, "same seed, same text")
			assert.NotEqual(t, a, f(43, size), "another seed, another text")
			assert.GreaterOrEqual(t, len(a), size)
			assert.Less(t, len(a), size+8192, "overshoots by at most a line")
			assert.Equal(t, byte('\n'), a[len(a)-1])
			short := f(42, size/3)
			assert.True(t, bytes.HasPrefix(a, short), "a shorter text is a prefix of a longer one")
		})
	}
	t.Run("planted", func(t *testing.T) {
		b1, p1 := LogTextPlanted(7, size)
		b2, p2 := LogTextPlanted(7, size)
		assert.Equal(t, b1, b2)
		assert.Equal(t, p1, p2)
		assert.Equal(t, LogText(7, size), b1)
	})
	t.Run("table", func(t *testing.T) {
		h1, r1 := Table(5, 500)
		h2, r2 := Table(5, 500)
		assert.Equal(t, h1, h2)
		assert.Equal(t, r1, r2)
		_, r3 := Table(5, 100)
		assert.Equal(t, r1[:100], r3)
		_, r4 := Table(6, 100)
		assert.NotEqual(t, r3, r4)
	})
	t.Run("empty", func(t *testing.T) {
		assert.Empty(t, LogText(1, 0))
		assert.Empty(t, DenseText(1, 0))
		b, _ := CSVPlanted(1, 0)
		assert.Equal(t, 1, bytes.Count(b, []byte("\n")), "just the header")
	})
}

// lineOf maps byte offsets to line numbers.
type lineIndex []int // starts of lines

func newLineIndex(b []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range b {
		if c == '\n' && i+1 < len(b) {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	lo, hi := 0, len(l)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if l[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

func TestLogTextShape(t *testing.T) {
	b, plants := LogTextPlanted(1, 8<<20)
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	idx := newLineIndex(b)
	require.Len(t, idx, len(lines))

	withID := map[int]bool{}
	withIP := map[int]bool{}
	for _, p := range plants {
		l := idx.line(p.Start)
		require.Equal(t, l, idx.line(p.End-1), "plant %v spans lines", p)
		if p.Type == tIP {
			withIP[l] = true
		} else {
			withID[l] = true
		}
	}
	n := len(withID)
	for l := range withIP {
		if !withID[l] {
			n++
		}
	}
	share := float64(n) / float64(len(lines))
	t.Logf("%d lines, %d plants; %.2f%% of lines hold an identifier (%.2f%% non-IP, %.2f%% IP)",
		len(lines), len(plants), 100*share, 100*float64(len(withID))/float64(len(lines)), 100*float64(len(withIP))/float64(len(lines)))
	assert.InDelta(t, 0.02, share, 0.004)

	formats := map[string]int{}
	nginx := regexp.MustCompile(`^\S+ - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] "[A-Z]+ \S+ HTTP/1\.1" \d{3} \d+ "[^"]*" "[^"]*" rt=\d\.\d{3} uct=\d\.\d{3}$`)
	spring := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [ A-Z]{5} \d+ --- \[[ -~]{15}\] \S+ +: \S`)
	logfmt := regexp.MustCompile(`^time=\S+Z level=[a-z]+ source=\S+:\d+ msg="[^"]+"`)
	python := regexp.MustCompile(`^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] [A-Z]+ in \S+: \S`)
	for i, l := range lines {
		switch {
		case l[0] == '{':
			var m map[string]any
			require.NoError(t, json.Unmarshal(l, &m), "line %d: %s", i, l)
			if _, ok := m["@timestamp"]; ok {
				formats["logstash"]++
				assert.Contains(t, m, "message")
			} else {
				formats["zap"]++
				assert.Contains(t, m, "msg")
			}
		case nginx.Match(l):
			formats["nginx"]++
		case spring.Match(l):
			formats["spring"]++
		case logfmt.Match(l):
			formats["logfmt"]++
		case python.Match(l):
			formats["python"]++
		default:
			t.Fatalf("line %d in no known format: %s", i, l)
		}
	}
	t.Logf("formats: %v", formats)
	for _, f := range []string{"logstash", "zap", "nginx", "spring", "logfmt", "python"} {
		assert.Greater(t, formats[f], len(lines)/20, f)
	}
}

func TestDenseTextShape(t *testing.T) {
	b, plants := DenseTextPlanted(3, 2<<20)
	idx := newLineIndex(b)
	hold := map[int]bool{}
	for _, p := range plants {
		for l := idx.line(p.Start); l <= idx.line(p.End-1); l++ {
			hold[l] = true
		}
	}
	share := float64(len(hold)) / float64(len(idx))
	t.Logf("%d lines, %d plants, %.1f%% of lines hold an identifier", len(idx), len(plants), 100*share)
	assert.Greater(t, share, 0.75)
	assert.Less(t, share, 0.95)
	for _, l := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		require.NotEmpty(t, l)
	}
}

func TestCSVParses(t *testing.T) {
	b, plants := CSVPlanted(9, 4<<20)
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	require.NoError(t, err)
	cols := TableColumns()
	require.Greater(t, len(cols), 12)
	header := recs[0]
	for i, c := range cols {
		assert.Equal(t, c.Name, header[i])
	}
	for i, rec := range recs[1:] {
		require.Len(t, rec, len(cols), "row %d", i)
	}
	// The CSV holds the rows of Table.
	h, rows := Table(9, len(recs)-1)
	assert.Equal(t, h, header)
	assert.Equal(t, rows, recs[1:])
	// CSV plants point at the same values as cell plants.
	_, _, cells := TablePlanted(9, len(recs)-1)
	require.Len(t, plants, len(cells))
	for i, p := range plants {
		c := cells[i]
		assert.Equal(t, c.Type, p.Type)
		assert.Equal(t, rows[c.Row][c.Col][c.Start:c.End], string(b[p.Start:p.End]))
	}
	t.Logf("%d rows, %d plants", len(recs)-1, len(plants))
}

func TestTableColumns(t *testing.T) {
	header, rows, plants := TablePlanted(11, 5000)
	cols := TableColumns()
	known := map[string]bool{}
	for _, typ := range PlantedTypes() {
		known[typ] = true
	}
	perCol := make([]int, len(cols))
	for _, p := range plants {
		perCol[p.Col]++
		if cols[p.Col].Type != "" {
			assert.Equal(t, cols[p.Col].Type, p.Type)
			assert.Equal(t, 0, p.Start)
			assert.Equal(t, len(rows[p.Row][p.Col]), p.End, "a typed column's plant is the whole cell")
		}
	}
	for j, c := range cols {
		assert.Equal(t, c.Name, header[j])
		nonEmpty := 0
		for _, r := range rows {
			if r[j] != "" {
				nonEmpty++
			}
		}
		switch {
		case c.Type != "":
			assert.True(t, known[c.Type], c.Type)
			assert.Equal(t, nonEmpty, perCol[j], "every value of %s is an identifier", c.Name)
		case c.FreeText:
			share := float64(perCol[j]) / float64(len(rows))
			assert.InDelta(t, 0.02, share, 0.008, "notes hold ~2%% PII")
		default:
			assert.Zero(t, perCol[j], c.Name)
		}
	}
}

// TestPlantsValid checks every planted value against the rules in
// DETECTORS.md, independently of the detectors.
func TestPlantsValid(t *testing.T) {
	check := func(t *testing.T, b []byte, plants []Plant) {
		counts := map[string]int{}
		for _, p := range plants {
			v := string(b[p.Start:p.End])
			counts[p.Type]++
			if err := validPlant(p.Type, v); err != nil {
				t.Errorf("%s %q: %v", p.Type, v, err)
			}
		}
		t.Logf("plants per type: %v", counts)
	}
	t.Run("log", func(t *testing.T) {
		b, p := LogTextPlanted(2, 8<<20)
		check(t, b, p)
	})
	t.Run("dense", func(t *testing.T) {
		b, p := DenseTextPlanted(2, 2<<20)
		check(t, b, p)
	})
	t.Run("csv", func(t *testing.T) {
		b, p := CSVPlanted(2, 2<<20)
		check(t, b, p)
	})
}

var (
	reEmail    = regexp.MustCompile(`^[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$`)
	reNANP     = regexp.MustCompile(`^(?:\+1 |\+1 \(|1-|\()?([2-9][0-8]\d)(?:\) ?|[-. ])?([2-9]\d\d)[-. ]?(\d{4})$`)
	reMBI      = regexp.MustCompile(`^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d\d$`)
	reDEA      = regexp.MustCompile(`^[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}$`)
	rePassport = regexp.MustCompile(`^(?:[A-Z]\d{8}|\d{9})$`)
	reAWSKey   = regexp.MustCompile(`^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$`)
	reSecret   = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	rePEM      = regexp.MustCompile(`(?s)^-----BEGIN ([A-Z ]*PRIVATE KEY)-----\n.*\n-----END ([A-Z ]*PRIVATE KEY)-----$`)
	reSSNForm  = regexp.MustCompile(`^(\d{3})([-. ]?)(\d{2})([-. ]?)(\d{4})$`)
	reHICN     = regexp.MustCompile(`^(\d{9})[A-Z]\d?$`)
)

var ibanLengths = map[string]int{"DE": 22, "GB": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "BE": 16, "AT": 20, "CH": 21, "PL": 28, "IE": 22}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func ssnError(d string) error {
	area, _ := strconv.Atoi(d[0:3])
	grp, _ := strconv.Atoi(d[3:5])
	ser, _ := strconv.Atoi(d[5:9])
	switch {
	case area == 0 || area == 666 || area >= 900:
		return errorf("bad area")
	case grp == 0 || ser == 0:
		return errorf("zero group or serial")
	case d == "078051120" || d == "219099999":
		return errorf("example")
	case strings.Count(d, d[:1]) == 9:
		return errorf("one digit")
	}
	return nil
}

type errorf string

func (e errorf) Error() string { return string(e) }

// cardIssuer reports whether digits d have an issuer prefix with a length
// that issuer uses.
func cardIssuer(d string) bool {
	n := len(d)
	p := func(k int) int { v, _ := strconv.Atoi(d[:k]); return v }
	in := func(lo, hi int) bool { return n >= lo && n <= hi }
	switch {
	case d[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p(2) >= 51 && p(2) <= 55, p(4) >= 2221 && p(4) <= 2720:
		return n == 16
	case p(2) == 34 || p(2) == 37:
		return n == 15
	case p(4) == 6011, p(3) >= 644 && p(3) <= 649, p(2) == 65:
		return in(16, 19)
	case p(4) >= 3528 && p(4) <= 3589:
		return in(16, 19)
	case p(2) == 30, p(2) == 36, p(2) == 38, p(2) == 39:
		return in(14, 19)
	case p(2) == 62:
		return in(16, 19)
	case p(4) == 5019:
		return n == 16
	case strings.Contains(" 5018 5020 5038 5893 6304 6759 6761 6762 6763 ", " "+d[:4]+" "):
		return in(12, 19)
	case p(4) >= 2200 && p(4) <= 2204:
		return in(16, 19)
	}
	return false
}

func validPlant(typ, v string) error {
	switch typ {
	case tSSN:
		m := reSSNForm.FindStringSubmatch(v)
		if m == nil || m[2] != m[4] {
			return errorf("shape")
		}
		return ssnError(m[1] + m[3] + m[5])
	case tITIN:
		m := reSSNForm.FindStringSubmatch(v)
		if m == nil || m[2] != m[4] || m[1][0] != '9' {
			return errorf("shape")
		}
		g, _ := strconv.Atoi(m[3])
		if !(g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94) {
			return errorf("group")
		}
	case tCard:
		d := digitsOf(v)
		if strings.Trim(v, "0123456789 -") != "" || len(d) < 12 || len(d) > 19 {
			return errorf("shape")
		}
		if !checksum.Luhn([]byte(d)) {
			return errorf("luhn")
		}
		if !cardIssuer(d) {
			return errorf("issuer")
		}
	case tEmail:
		if !reEmail.MatchString(v) || len(v) > 254 {
			return errorf("shape")
		}
	case tPhone:
		if strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "+1 ") {
			n, err := phonenumbers.Parse(v, "")
			if err != nil {
				return err
			}
			if !phonenumbers.IsValidNumber(n) {
				return errorf("not a valid number for its country")
			}
			return nil
		}
		m := reNANP.FindStringSubmatch(v)
		if m == nil || strings.HasSuffix(m[2], "11") {
			return errorf("not NANP")
		}
	case tIBAN:
		s := strings.ReplaceAll(v, " ", "")
		if ibanLengths[s[:2]] != len(s) {
			return errorf("length")
		}
		if !checksum.Mod97([]byte(s)) {
			return errorf("mod 97")
		}
	case tIP:
		if _, err := netip.ParseAddr(v); err != nil {
			return err
		}
	case tMAC:
		hw, err := net.ParseMAC(v)
		if err != nil {
			return err
		}
		if bytes.Equal(hw, make([]byte, 6)) || bytes.Equal(hw, bytes.Repeat([]byte{0xff}, 6)) {
			return errorf("zero or broadcast")
		}
	case tNPI:
		if len(v) != 10 || (v[0] != '1' && v[0] != '2') || !checksum.NPI([]byte(v)) {
			return errorf("npi")
		}
	case tDEA:
		if !reDEA.MatchString(v) || !checksum.DEA([]byte(v[2:])) {
			return errorf("dea")
		}
	case tMBI:
		if !reMBI.MatchString(v) {
			return errorf("shape")
		}
	case tHICN:
		m := reHICN.FindStringSubmatch(v)
		if m == nil {
			return errorf("shape")
		}
		return ssnError(m[1])
	case tRouting:
		p, _ := strconv.Atoi(v[:2])
		if len(v) != 9 || !checksum.ABA([]byte(v)) || !(p <= 12 || p >= 21 && p <= 32 || p >= 61 && p <= 72 || p == 80) {
			return errorf("aba")
		}
	case tPassport:
		if !rePassport.MatchString(v) {
			return errorf("shape")
		}
	case tAWSKey:
		if !reAWSKey.MatchString(v) {
			return errorf("shape")
		}
	case tAWSSecret:
		if !reSecret.MatchString(v) {
			return errorf("shape")
		}
	case tJWT:
		parts := strings.Split(v, ".")
		if len(parts) != 3 {
			return errorf("parts")
		}
		var h, p map[string]any
		hb, err := base64.RawURLEncoding.DecodeString(parts[0])
		if err != nil {
			return err
		}
		if err := json.Unmarshal(hb, &h); err != nil || h["alg"] == nil {
			return errorf("header")
		}
		pb, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			return err
		}
		if err := json.Unmarshal(pb, &p); err != nil {
			return errorf("payload")
		}
		if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
			return err
		}
	case tPrivKey:
		m := rePEM.FindStringSubmatch(v)
		if m == nil || m[1] != m[2] {
			return errorf("pem")
		}
	case tDOB:
		for _, layout := range []string{"2006-01-02", "01/02/2006", "January 2, 2006"} {
			if d, err := time.Parse(layout, v); err == nil {
				if d.After(time.Now()) {
					return errorf("future")
				}
				return nil
			}
		}
		return errorf("not a date")
	default:
		return errorf("unknown type")
	}
	return nil
}

func TestSamples(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	show := func(name string, b []byte, n int) {
		lines := bytes.SplitN(b, []byte("\n"), n+1)
		t.Logf("%s:\n%s", name, bytes.Join(lines[:n], []byte("\n")))
	}
	show("log", LogText(1, 4096), 8)
	show("dense", DenseText(1, 4096), 5)
	show("csv", CSV(1, 4096), 4)
}

// TestEventsCSV: the event table parses as CSV with its columns, is the
// same for the same seed, and about 2% of messages hold an identifier the
// scanner finds, while no other column does.
func TestEventsCSV(t *testing.T) {
	b := EventsCSV(4, 2<<20)
	assert.Equal(t, b, EventsCSV(4, 2<<20))
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	cols := EventColumns()
	require.GreaterOrEqual(t, len(cols), 12)
	for i, c := range cols {
		assert.Equal(t, c.Name, recs[0][i])
	}
	s := newScanner(t)
	var dst []detectors.Match
	hits := make([]int, len(cols))
	for _, rec := range recs[1:] {
		require.Len(t, rec, len(cols))
		for j, v := range rec {
			if dst = s.Find(dst[:0], []byte(v), s.Column(cols[j].Name)); len(dst) > 0 {
				hits[j]++
			}
		}
	}
	rows := float64(len(recs) - 1)
	for j, c := range cols {
		if c.FreeText {
			assert.InDelta(t, 0.02, float64(hits[j])/rows, 0.008, "%s holds ~2%% PII", c.Name)
		} else {
			assert.Zero(t, hits[j], "%s holds no identifier", c.Name)
		}
	}
}
