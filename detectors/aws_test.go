package detectors_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/detectors"
)

const (
	awsTestID     = "AKIA2XUID5ZZZZG6ZDME"
	awsTestSecret = "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"
)

var _ = addCases("AWS_ACCESS_KEY",
	tc{in: "aws_access_key_id = " + awsTestID, want: []string{awsTestID}, why: "credentials file"},
	tc{in: `{"AccessKeyId": "ASIAN4KHVDGAJGXBENYJ"}`, want: []string{"ASIAN4KHVDGAJGXBENYJ"}, why: "temporary (STS) key in JSON"},
	tc{in: "ABIAN4KHVDGAJGXBENYJ,ACCAN4KHVDGAJGXBENYJ", want: []string{"ABIAN4KHVDGAJGXBENYJ", "ACCAN4KHVDGAJGXBENYJ"}, why: "the other two prefixes, comma separated"},
	tc{in: "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", want: []string{"AKIAIOSFODNN7EXAMPLE"}, why: "documentation example is still reported, flagged"},
	tc{in: "X-Amz-Credential=" + awsTestID + "%2F20240101%2Fus-east-1", want: []string{awsTestID}, why: "presigned URL"},
	tc{in: "key AKIA2XUID5ZZZZG6ZDM", why: "15 characters after the prefix"},
	tc{in: "key AKIA2XUID5ZZZZG6ZDMEQ", why: "17 characters after the prefix"},
	tc{in: "key XAKIA2XUID5ZZZZG6ZDME", why: "letter before"},
	tc{in: "key AKIA2XUID5ZZZZG6ZDM1", why: "digit 1 is not base32"},
	tc{in: "key AKIAI44QH8DHBEXAMPLE", why: "8 is not in the key alphabet"},
	tc{in: "key akia2xuid5zzzzg6zdme", why: "lower case"},
	tc{in: "key AKIB2XUID5ZZZZG6ZDME", why: "unknown prefix"},
)

var _ = addCases("AWS_SECRET_KEY",
	tc{in: "aws_secret_access_key = " + awsTestSecret, want: []string{awsTestSecret}, why: "credentials file"},
	tc{in: "AWS_SECRET_ACCESS_KEY=" + awsTestSecret, want: []string{awsTestSecret}, why: "env var, upper case, '=' before is fine"},
	tc{in: `{"AccessKeyId":"x","SecretAccessKey":"` + awsTestSecret + `"}`, want: []string{awsTestSecret}, why: "camelCase JSON key"},
	tc{in: "Secret Key: " + awsTestSecret, want: []string{awsTestSecret}, why: "title case keyword"},
	tc{in: awsTestSecret, col: "aws_secret_access_key", want: []string{awsTestSecret}, why: "column context"},
	tc{in: "aws secret access key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", want: []string{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}, why: "documentation example, flagged"},
	tc{in: "value " + awsTestSecret, why: "no context"},
	tc{in: "secret " + awsTestSecret, why: "secret alone is not a keyword"},
	tc{in: "secret key = 3f786850e387550fdab836ed7e6dc881de23001b", why: "SHA-1 hex digest (40 chars) is not a key"},
	tc{in: "secret key = 3F786850E387550FDAB836ED7E6DC881DE23001B", why: "upper-case hex digest"},
	tc{in: "secret key = " + awsTestSecret + "A", why: "41 characters"},
	tc{in: "secret key = " + awsTestSecret + "==", why: "padded: part of a longer base64 value"},
	tc{in: "secret key = x" + awsTestSecret, why: "inside a longer run"},
	tc{in: "secret key = ThisIsNotARealAwsSecretKeyJustSomeLetters", why: "40 letters, no digit or symbol"},
	tc{in: "secret key = abc-" + awsTestSecret, why: "slice of a base64url token"},
	tc{in: "seCret key = " + awsTestSecret, want: []string{awsTestSecret}, why: "keywords match in any letter case"},
	tc{in: "secret key = abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM/+N", why: "no digit: all but 0.1% of real secrets have one"},
	tc{in: "aws_secret_access_key is documented in the user guide. " + awsTestSecret, why: "keyword more than 30 bytes before"},
)

func TestAWSAccessKey(t *testing.T) { runCases(t, "AWS_ACCESS_KEY") }
func TestAWSSecretKey(t *testing.T) { runCases(t, "AWS_SECRET_KEY") }

func TestAWSConfidence(t *testing.T) {
	assert.Equal(t, detectors.VeryLikely, confidenceOf(t, "AWS_ACCESS_KEY", "x "+awsTestID, ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "AWS_SECRET_KEY", "secret_key: "+awsTestSecret, ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "AWS_SECRET_KEY", awsTestSecret, "secretKey"))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "AWS_SECRET_KEY", "SECRET_KEY="+awsTestSecret, ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "AWS_SECRET_KEY", "sEcret key="+awsTestSecret, ""))
	assert.Equal(t, detectors.Likely, confidenceOf(t, "AWS_SECRET_KEY", awsTestSecret, "secret_key"))
}

func TestAWSExamples(t *testing.T) {
	s := newScanner(t)
	ms := s.Find(nil, []byte("AKIAIOSFODNN7EXAMPLE "+awsTestID+" aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), s.Column(""))
	require.Len(t, ms, 3)
	assert.True(t, ms[0].Example, "AKIAIOSFODNN7EXAMPLE")
	assert.False(t, ms[1].Example, "a key that is not an example")
	assert.True(t, ms[2].Example, "the documentation secret key")
	assert.Equal(t, "AWS_SECRET_KEY", ms[2].Type)
}

func FuzzAWSAccessKey(f *testing.F) {
	fuzzDetector(f, "AWS_ACCESS_KEY", awsTestID+" AKIAIOSFODNN7EXAMPLE", "AKIAAKIA2XUID5ZZZZG6ZDME", "ACCA")
}

func FuzzAWSSecretKey(f *testing.F) {
	fuzzDetector(f, "AWS_SECRET_KEY", "secret key "+awsTestSecret, "SECRET KEY "+awsTestSecret+"/"+awsTestSecret, "Ecret k"+awsTestSecret)
}
