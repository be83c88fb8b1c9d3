package detectors

import "time"

func init() {
	register(&Detector{
		ID:             "DATE_OF_BIRTH",
		Sensitivity:    SensitivityModerate,
		Keywords:       []string{"dob", "d o b", "date of birth", "dateofbirth", "birth date", "birthday", "birth", "born", "bday"},
		Base:           Likely,
		AllNeedContext: true,
		// Numeric dates start at a run of 1-2 (day or month), 4 (year) or
		// 8 (YYYYMMDD) digits; "March 5, 1985" starts at the month word
		// before a 1-2 digit day.
		Anchor:   AtDigits | WordBeforeDigits,
		Runs:     Runs(1, 2, 4, 8),
		MatchAt:  matchDOB,
		Preceded: NumberStart,
		Follows: func(a Anchor, n int, c byte) bool {
			switch {
			case a == WordBeforeDigits:
				return n <= 2
			case n == 4:
				return isDateSep(c)
			case n <= 2:
				return isDateSep(c) || c == ' ' || IsLetter(c)
			}
			return true
		},
		Leads: func(a Anchor, c byte) bool { return a == AtDigits || IsLetter(c) },
	})
}

// dobToday is the current local date as yyyymmdd, fixed when the process
// starts: a birth date after it is rejected.
var dobToday = func() int {
	y, m, d := time.Now().Date()
	return y*10000 + int(m)*100 + d
}()

// dobMinYear is the earliest birth year accepted.
const dobMinYear = 1900

// dobValid reports whether y-m-d is a real calendar date from 1900 to today.
func dobValid(y, m, d int) bool {
	if y < dobMinYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return false
	}
	return y*10000+m*100+d <= dobToday
}

// daysIn returns the number of days in month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dobYear turns a two-digit year into the latest year in the past it can
// stand for (85 is 1985; 15 is 2015 unless 2015-m-d is still to come).
func dobYear(y, n, m, d int) int {
	if n == 4 {
		return y
	}
	if 20000000+y*10000+m*100+d <= dobToday {
		return 2000 + y
	}
	return 1900 + y
}

// monthNames holds the English month names and their usual abbreviations;
// the month is the index mod 12, plus one.
var monthNames = [...]string{
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
	"sept",
}

// monthWord reads the run of letters at b[j] as an English month name or
// abbreviation, any case. It returns the month (1-12) and the run's length,
// or 0, 0.
func monthWord(b []byte, j int) (month, n int) {
	var w [9]byte
	for n < len(w) && IsLetter(at(b, j+n)) {
		w[n] = at(b, j+n) | 0x20
		n++
	}
	if n < 3 || IsLetter(at(b, j+n)) {
		return 0, 0
	}
	for k, name := range monthNames {
		if string(w[:n]) == name {
			return k%12 + 1, n
		}
	}
	return 0, 0
}

// ordinalAt returns 2 when b[j:] starts with an ordinal suffix (st, nd, rd,
// th, any case) that is not followed by a letter, else 0.
func ordinalAt(b []byte, j int) int {
	x, y := at(b, j)|0x20, at(b, j+1)|0x20
	if IsLetter(at(b, j+2)) {
		return 0
	}
	switch {
	case x == 's' && y == 't', x == 'n' && y == 'd', x == 'r' && y == 'd', x == 't' && y == 'h':
		return 2
	}
	return 0
}

// dobEnd reports whether a date may end just before b[j]: no letter, digit
// or decimal part follows.
func dobEnd(b []byte, j int) bool {
	return !IsAlnum(at(b, j)) && digitBoundaryAfter(b, j)
}

// dobTime returns the end of a time of day that follows a date ending at
// b[j] ('T' or one space, then HH:MM, optional :SS and fraction, optional
// zone Z, ±HH, ±HHMM or ±HH:MM), or j when there is none. allowT admits the
// ISO 'T' separator.
func dobTime(b []byte, j int, allowT bool) int {
	c := at(b, j)
	if c != ' ' && !(allowT && (c == 'T' || c == 't')) {
		return j
	}
	k := j + 1
	if digitRun(b, k) != 2 || at(b, k+2) != ':' || digitRun(b, k+3) != 2 {
		return j
	}
	if val(b, k, 2) > 23 || val(b, k+3, 2) > 59 {
		return j
	}
	k += 5
	if at(b, k) == ':' && digitRun(b, k+1) == 2 && val(b, k+1, 2) <= 60 {
		k += 3
		if (at(b, k) == '.' || at(b, k) == ',') && IsDigit(at(b, k+1)) {
			k += 1 + digitRun(b, k+1)
		}
	}
	switch at(b, k) {
	case 'Z', 'z':
		k++
	case '+', '-':
		switch r := digitRun(b, k+1); {
		case r == 4:
			k += 5
		case r == 2 && at(b, k+3) == ':' && digitRun(b, k+4) == 2:
			k += 6
		case r == 2:
			k += 3
		}
	}
	return k
}

// isDateSep reports whether c separates the parts of a numeric date.
func isDateSep(c byte) bool { return c == '-' || c == '/' || c == '.' }

// matchDOB accepts a date in one of the forms common in records and prose,
// when it is a real calendar date from 1900 to today:
//
//	1985-03-05, 1985/03/05, 1985.03.05, 1985-3-5 (optionally with a time:
//	1985-03-05T00:00:00Z, 1985-03-05 00:00:00)
//	19850305 (HL7 and other compact records)
//	03/05/1985, 03-05-1985, 05.03.1985, 3/5/1985, 03/05/85 (month or day
//	first; accepted when either reading is a valid date)
//	March 5, 1985, Mar 5 1985, Mar. 5, 1985, March 5th, 1985
//	5 March 1985, 5th March 1985, 05-Mar-1985, 05/Mar/1985, 05-MAR-85,
//	05MAR1985 (Oracle and SAS style)
//
// Every form needs context: a date alone is not a birth date.
func matchDOB(b []byte, i int) (int, Flags) {
	c := at(b, i)
	if IsLetter(c) {
		return dobMonthFirst(b, i)
	}
	if !IsDigit(c) || !pidBoundaryBefore(b, i) {
		return -1, 0
	}
	switch n := digitRun(b, i); n {
	case 4:
		return dobYearFirst(b, i)
	case 8:
		end := i + 8
		if !dobEnd(b, end) || groupedAround(b, i, end) {
			return -1, 0
		}
		if !dobValid(val(b, i, 4), val(b, i+4, 2), val(b, i+6, 2)) {
			return -1, 0
		}
		return end, NeedsContext
	case 1, 2:
		if sep := at(b, i+n); isDateSep(sep) && IsDigit(at(b, i+n+1)) {
			return dobNumeric(b, i, n, sep)
		}
		return dobDayFirst(b, i, n)
	}
	return -1, 0
}

// dobYearFirst matches YYYY-MM-DD (or '/', '.'), with an optional time.
func dobYearFirst(b []byte, i int) (int, Flags) {
	sep := at(b, i+4)
	if !isDateSep(sep) {
		return -1, 0
	}
	j := i + 5
	mn := digitRun(b, j)
	if mn < 1 || mn > 2 || at(b, j+mn) != sep {
		return -1, 0
	}
	k := j + mn + 1
	dn := digitRun(b, k)
	if dn < 1 || dn > 2 {
		return -1, 0
	}
	end := k + dn
	if !dobValid(val(b, i, 4), val(b, j, mn), val(b, k, dn)) {
		return -1, 0
	}
	if at(b, i-1) == sep && IsDigit(at(b, i-2)) {
		return -1, 0
	}
	return dobFinish(b, end, sep, sep == '-')
}

// dobFinish ends a numeric date at end, extended over a following time when
// there is one, after checking the boundary and that no further group joined
// by sep follows.
func dobFinish(b []byte, end int, sep byte, allowT bool) (int, Flags) {
	if t := dobTime(b, end, allowT); t > end && dobEnd(b, t) {
		return t, NeedsContext
	}
	if !dobEnd(b, end) || (at(b, end) == sep && IsDigit(at(b, end+1))) {
		return -1, 0
	}
	return end, NeedsContext
}

// dobNumeric matches MM/DD/YYYY, DD/MM/YYYY and the like: a first group of
// n digits at b[i], sep, one or two digits, sep, and a four- or two-digit
// year.
func dobNumeric(b []byte, i, n int, sep byte) (int, Flags) {
	if at(b, i-1) == sep && IsDigit(at(b, i-2)) {
		return -1, 0
	}
	j := i + n + 1
	m := digitRun(b, j)
	if m < 1 || m > 2 || at(b, j+m) != sep {
		return -1, 0
	}
	k := j + m + 1
	yn := digitRun(b, k)
	if yn != 4 && yn != 2 {
		return -1, 0
	}
	a, c, y := val(b, i, n), val(b, j, m), val(b, k, yn)
	if !dobValid(dobYear(y, yn, a, c), a, c) && !dobValid(dobYear(y, yn, c, a), c, a) {
		return -1, 0
	}
	return dobFinish(b, k+yn, sep, false)
}

// dobDayFirst matches a day of n digits at b[i] followed by a month name:
// "5 March 1985", "5th March, 1985", "05-Mar-1985", "05/Mar/85", "05MAR1985".
func dobDayFirst(b []byte, i, n int) (int, Flags) {
	day := val(b, i, n)
	j := i + n
	sep := at(b, j)
	switch {
	case sep == ' ':
		j++
	case sep == '-' || sep == '/':
		j++
	case IsLetter(sep):
		if o := ordinalAt(b, j); o > 0 && at(b, j+o) == ' ' {
			sep = ' '
			j += o + 1
		} else {
			sep = 0
		}
	default:
		return -1, 0
	}
	month, w := monthWord(b, j)
	if month == 0 {
		return -1, 0
	}
	j += w
	switch sep {
	case ' ':
		if at(b, j) == '.' && w <= 4 {
			j++
		}
		if at(b, j) == ',' {
			j++
		}
		if at(b, j) != ' ' {
			return -1, 0
		}
		j++
	case '-', '/':
		if at(b, j) != sep {
			return -1, 0
		}
		j++
	}
	yn := digitRun(b, j)
	if yn != 4 && (yn != 2 || sep == ' ') {
		return -1, 0
	}
	end := j + yn
	if !dobValid(dobYear(val(b, j, yn), yn, month, day), month, day) || !dobEnd(b, end) {
		return -1, 0
	}
	return end, NeedsContext
}

// dobMonthFirst matches a month name at b[i] followed by one space (after an
// optional '.'), the day, an optional ordinal suffix, and the year after a
// comma, a space or both: "March 5, 1985", "Mar. 5 1985", "March 5th, 1985".
func dobMonthFirst(b []byte, i int) (int, Flags) {
	if IsAlnum(at(b, i-1)) {
		return -1, 0
	}
	month, w := monthWord(b, i)
	if month == 0 {
		return -1, 0
	}
	j := i + w
	if at(b, j) == '.' {
		j++
	}
	if at(b, j) != ' ' {
		return -1, 0
	}
	j++
	dn := digitRun(b, j)
	if dn < 1 || dn > 2 {
		return -1, 0
	}
	day := val(b, j, dn)
	j += dn
	j += ordinalAt(b, j)
	sepStart := j
	if at(b, j) == ',' {
		j++
	}
	if at(b, j) == ' ' {
		j++
	}
	if j == sepStart || digitRun(b, j) != 4 {
		return -1, 0
	}
	end := j + 4
	if !dobValid(val(b, j, 4), month, day) || !dobEnd(b, end) {
		return -1, 0
	}
	return end, NeedsContext
}
