package policy

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a policy file. Line and Column are
// 1-based; Column is 0 when only the line is known (YAML syntax errors).
type Problem struct {
	Line    int
	Column  int
	Path    string // where in the policy, such as "detection.custom[0].pattern"; empty for the file as a whole
	Message string
}

// String renders the problem as "line:col: path: message".
func (p Problem) String() string {
	var b strings.Builder
	p.render(&b, "")
	return b.String()
}

func (p Problem) render(b *strings.Builder, file string) {
	if file != "" {
		b.WriteString(file)
		b.WriteByte(':')
	}
	fmt.Fprintf(b, "%d:", max(p.Line, 1))
	if p.Column > 0 {
		fmt.Fprintf(b, "%d:", p.Column)
	}
	b.WriteByte(' ')
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
}

// LintError is what Parse and Load return for a policy with problems. It
// holds every problem found, in file order, so a user fixes them in one go.
type LintError struct {
	File     string // set by Load; empty for Parse
	Problems []Problem
}

// Error renders one "file:line:col: path: message" line per problem.
func (e *LintError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		p.render(&b, e.File)
	}
	return b.String()
}

// sortProblems puts problems in file order and drops exact repeats (an
// aliased node is checked once per alias).
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
	out := ps[:0]
	seen := map[Problem]bool{}
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(out) > MaxProblems {
		n := len(out) - MaxProblems
		out = append(out[:MaxProblems], Problem{
			Line:    out[MaxProblems].Line,
			Message: fmt.Sprintf("%d more problems not shown", n),
		})
	}
	return out
}

// MaxProblems bounds how many problems a LintError lists; a file that
// breaks more rules than this is better fixed from the top.
const MaxProblems = 1000

// suggest returns the candidate closest to word, or "" when none is close
// enough to be what the user meant. Case is ignored, so "us_ssn" suggests
// "US_SSN".
func suggest(word string, candidates []string) string {
	if word == "" || len(word) > 64 {
		return ""
	}
	w := strings.ToLower(word)
	best, bestD := "", -1
	limit := max(1, len(w)/3)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(w, lc, limit)
		if d > limit && len(w) >= 4 && strings.HasPrefix(lc, w) {
			d = limit // a truncated name: "min_conf" for "min_confidence"
		}
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b
// (Levenshtein plus swaps of neighbours, the commonest typo), or limit+1
// once it must exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[0] {
		rows[0][j] = j // row i lives in rows[i%3]
	}
	for i := 1; i <= len(a); i++ {
		pp, prev, cur := rows[(i+1)%3], rows[(i+2)%3], rows[i%3]
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
	}
	return rows[len(a)%3][len(b)]
}

// didYouMean formats a suggestion suffix, or "" for none.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "; did you mean " + s + "?"
}
