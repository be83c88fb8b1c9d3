package detectors_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/veil-data/veil/detectors"
)

var (
	dobTomorrow = time.Now().AddDate(0, 0, 1)
	dobToday    = time.Now()
)

var _ = addCases("DATE_OF_BIRTH",
	tc{in: "DOB: 1985-03-05", want: []string{"1985-03-05"}, why: "ISO date"},
	tc{in: "date of birth 1985/03/05", want: []string{"1985/03/05"}, why: "year first with slashes"},
	tc{in: "Birth date: 03/05/1985", want: []string{"03/05/1985"}, why: "US month first"},
	tc{in: "dob 3/5/1985.", want: []string{"3/5/1985"}, why: "single-digit month and day"},
	tc{in: "born 03-05-1985", want: []string{"03-05-1985"}, why: "hyphens"},
	tc{in: "Geburtsdatum/birthday 25.12.1970", want: []string{"25.12.1970"}, why: "European day first with dots"},
	tc{in: "dob 31/12/1970", want: []string{"31/12/1970"}, why: "day first with slashes (13+ cannot be a month)"},
	tc{in: "DOB 12/05/85", want: []string{"12/05/85"}, why: "two-digit year"},
	tc{in: "born March 5, 1985 in Ohio", want: []string{"March 5, 1985"}, why: "month name first"},
	tc{in: "DOB: Mar 5 1985", want: []string{"Mar 5 1985"}, why: "abbreviation without comma"},
	tc{in: "DOB: Mar. 5, 1985", want: []string{"Mar. 5, 1985"}, why: "abbreviation with period"},
	tc{in: "birthday: Sept. 21st, 1990", want: []string{"Sept. 21st, 1990"}, why: "ordinal day"},
	tc{in: "born on 5 March 1985", want: []string{"5 March 1985"}, why: "day first with month name"},
	tc{in: "born on the 5th of", why: "no month or year"},
	tc{in: "DOB 05-Mar-1985", want: []string{"05-Mar-1985"}, why: "DD-Mon-YYYY"},
	tc{in: "DOB 05-MAR-85", want: []string{"05-MAR-85"}, why: "Oracle DD-MON-YY"},
	tc{in: "dob=05MAR1985", want: []string{"05MAR1985"}, why: "SAS date9"},
	tc{in: "PID|1||12345||Doe^John||19850305|M", col: "dob", want: []string{"19850305"}, why: "compact YYYYMMDD with column context"},
	tc{in: "1985-03-05", col: "patient.dateOfBirth", want: []string{"1985-03-05"}, why: "JSON path context"},
	tc{in: `{"dob":"1985-03-05T00:00:00Z"}`, want: []string{"1985-03-05T00:00:00Z"}, why: "timestamp with dob key"},
	tc{in: "dob 2024-01-15T10:23:45Z", want: []string{"2024-01-15T10:23:45Z"}, why: "timestamp right after dob"},
	tc{in: "dob 1985-03-05 00:00:00.000", want: []string{"1985-03-05 00:00:00.000"}, why: "SQL datetime"},
	tc{in: "dob 2000-02-29", want: []string{"2000-02-29"}, why: "leap day in a leap century year"},
	tc{in: "dob " + dobToday.Format("2006-01-02"), want: []string{dobToday.Format("2006-01-02")}, why: "born today"},
	tc{in: "created 2024-01-15T10:23:45Z", why: "timestamp without a birth keyword"},
	tc{in: "invoice date 03/05/1985", why: "date without context"},
	tc{in: "dob " + dobTomorrow.Format("2006-01-02"), why: "in the future"},
	tc{in: "dob 1985-02-29", why: "not a leap year"},
	tc{in: "dob 1900-02-29", why: "1900 was not a leap year"},
	tc{in: "dob 1899-12-31", why: "before 1900"},
	tc{in: "dob 13/13/1985", why: "no month 13 either way"},
	tc{in: "dob 1985-04-31", why: "April has 30 days"},
	tc{in: "dob 1985-03-05-7", why: "part of a longer hyphenated number"},
	tc{in: "dob 10.1.12.5", why: "a version or address, not a date"},
	tc{in: "dob 2024-01-15T99:00", why: "a malformed time makes it no timestamp"},
	tc{in: "dob 119850305", why: "nine digits"},
	tc{in: "dob Marchy 5, 1985", why: "not a month name"},
	tc{in: "dob March 32, 1985", why: "no such day"},
	tc{in: "dob v1985-03-05", why: "inside a token"},
)

func TestDOB(t *testing.T) { runCases(t, "DATE_OF_BIRTH") }

func TestDOBConfidence(t *testing.T) {
	assert.Equal(t, detectors.Likely, confidenceOf(t, "DATE_OF_BIRTH", "DOB 1985-03-05", ""))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "DATE_OF_BIRTH", "at 1985-03-05", ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "DATE_OF_BIRTH", "1985-03-05", "birth_date"))
	assert.Equal(t, detectors.Unlikely, confidenceOf(t, "DATE_OF_BIRTH", "2024-01-15T10:23:45Z", "created_at"))
}

func FuzzDOB(f *testing.F) {
	fuzzDetector(f, "DATE_OF_BIRTH",
		"March 5, 1985 5 March 1985 1985-03-05T10:00:00+05:30",
		"Sept. 21st, 1990 05MAR85 12/05/85 19850305",
		"xMarch 5, 1985 Marching 5 1985 May 05 2000",
		"2024-01-15t10:23:45,123-0800 1985.3.5.")
}
